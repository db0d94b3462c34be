import Foundation
import LadderDiagnostics

/// One JSON document: `{ "diagnostics": [...], "errors": N, "warnings": N }`, each diagnostic
/// with its rule, severity, message, file, start and end positions, notes, hint and fix.
enum JSONFormat {
    static func render(_ report: Linter.Report) -> String {
        var diagnostics: [[String: Any]] = report.diagnostics.map(object)
        for (path, reason) in report.unreadable {
            diagnostics.append(["rule": "unreadable", "severity": "error", "message": reason, "file": path])
        }
        let document: [String: Any] = [
            "diagnostics": diagnostics, "errors": report.errorCount + report.unreadable.count, "warnings": report.warningCount,
        ]
        return JSONText.encode(document) + "\n"
    }

    static func object(_ diagnostic: Diagnostic) -> [String: Any] {
        var object: [String: Any] = [
            "rule": diagnostic.id, "severity": diagnostic.severity.rawValue, "message": diagnostic.message,
            "file": diagnostic.span.file, "start": position(diagnostic.span.start), "end": position(diagnostic.span.end),
        ]
        if !diagnostic.notes.isEmpty {
            object["notes"] = diagnostic.notes.map { note -> [String: Any] in
                var entry: [String: Any] = ["message": note.message]
                if let span = note.span { entry["file"] = span.file; entry["start"] = position(span.start); entry["end"] = position(span.end) }
                return entry
            }
        }
        if let hint = diagnostic.hint { object["hint"] = hint }
        if let fix = diagnostic.fixIt {
            object["fix"] = ["replacement": fix.replacement, "start": position(fix.span.start), "end": position(fix.span.end)] as [String: Any]
        }
        return object
    }

    static func position(_ location: SourceLocation) -> [String: Any] {
        ["line": location.line, "column": location.column, "offset": location.offset]
    }
}

/// Deterministic JSON text (sorted keys).
public enum JSONText {
    public static func encode(_ value: Any) -> String {
        guard JSONSerialization.isValidJSONObject(value),
              let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .withoutEscapingSlashes]) else {
            return "{}"
        }
        return String(decoding: data, as: UTF8.self)
    }
}
