import LadderDiagnostics

/// SARIF 2.1.0, as GitHub code scanning reads it: one run, the rules with their descriptions
/// and default levels, results with physical locations (1-based lines and columns), notes as
/// related locations, and fixes.
enum SARIFFormat {
    static func render(_ report: Linter.Report) -> String {
        let rules = RuleRegistry.all
        let ruleIndex = Dictionary(uniqueKeysWithValues: rules.enumerated().map { ($1.id, $0) })
        let ruleObjects: [[String: Any]] = rules.map { rule in
            [
                "id": rule.id,
                "name": rule.id.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(),
                "shortDescription": ["text": rule.summary],
                "fullDescription": ["text": rule.explanation],
                "helpUri": "https://ladder.dev/docs/rules#\(rule.id)",
                "help": ["text": rule.explanation, "markdown": "\(rule.explanation)\n\nBad:\n```yaml\n\(rule.badExample)\n```\nGood:\n```yaml\n\(rule.goodExample)\n```"],
                "defaultConfiguration": ["level": level(rule.severity)],
            ]
        }
        var results: [[String: Any]] = report.diagnostics.map { diagnostic in
            var result: [String: Any] = [
                "ruleId": diagnostic.id,
                "level": level(diagnostic.severity),
                "message": ["text": diagnostic.message + (diagnostic.hint.map { " (hint: \($0))" } ?? "")],
                "locations": [["physicalLocation": physicalLocation(diagnostic.span)]],
            ]
            if let index = ruleIndex[diagnostic.id] { result["ruleIndex"] = index }
            let related = diagnostic.notes.enumerated().compactMap { offset, note -> [String: Any]? in
                guard let span = note.span else { return nil }
                return ["id": offset + 1, "physicalLocation": physicalLocation(span), "message": ["text": note.message]]
            }
            if !related.isEmpty { result["relatedLocations"] = related }
            if let fix = diagnostic.fixIt {
                result["fixes"] = [[
                    "description": ["text": diagnostic.hint ?? "replace with \(fix.replacement)"],
                    "artifactChanges": [[
                        "artifactLocation": ["uri": uri(fix.span.file)],
                        "replacements": [["deletedRegion": region(fix.span), "insertedContent": ["text": fix.replacement]]],
                    ]],
                ]]
            }
            return result
        }
        for (path, reason) in report.unreadable {
            results.append([
                "ruleId": "yaml-syntax", "level": "error", "message": ["text": reason],
                "locations": [["physicalLocation": ["artifactLocation": ["uri": uri(path)]]]],
            ])
        }
        let document: [String: Any] = [
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [[
                "tool": ["driver": ["name": "ladder", "informationUri": "https://ladder.dev", "semanticVersion": "0.1.0", "rules": ruleObjects]],
                "results": results,
                "columnKind": "unicodeCodePoints",
            ]],
        ]
        return JSONText.encode(document) + "\n"
    }

    static func level(_ severity: Severity) -> String {
        switch severity {
        case .error: "error"
        case .warning: "warning"
        case .note: "note"
        }
    }

    static func physicalLocation(_ span: SourceSpan) -> [String: Any] {
        ["artifactLocation": ["uri": uri(span.file)], "region": region(span)]
    }

    static func region(_ span: SourceSpan) -> [String: Any] {
        ["startLine": span.start.line, "startColumn": span.start.column, "endLine": span.end.line,
         "endColumn": max(span.end.column, span.end.line == span.start.line ? span.start.column + 1 : 1)]
    }

    static func uri(_ path: String) -> String {
        var relative = path.hasPrefix("./") ? String(path.dropFirst(2)) : path
        relative = relative.replacingOccurrences(of: " ", with: "%20")
        return relative
    }
}
