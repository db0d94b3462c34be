import Foundation
import LadderDiagnostics
@testable import LadderLint

/// Fixtures live beside the tests, found from this file's path (no SwiftPM resources).
enum Fixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func url(_ relative: String) -> URL { directory.appendingPathComponent(relative) }

    static func source(_ relative: String) throws -> SourceFile {
        let url = url(relative)
        let data = try Data(contentsOf: url)
        return SourceFile(path: "Fixtures/" + relative, bytes: Array(data))
    }
}

/// Lints a workflow given as text.
func lint(_ text: String, path: String = "test.yaml", configuration: LintConfiguration = LintConfiguration()) -> [Diagnostic] {
    Linter(configuration: configuration).lint(SourceFile(path: path, bytes: Array(text.utf8)))
}

/// `path:line:col id` for readable failure messages.
func summary(_ diagnostics: [Diagnostic]) -> String {
    diagnostics.map { "\($0.span.start.line):\($0.span.start.column)-\($0.span.end.column) \($0.id): \($0.message)" }.joined(separator: "\n")
}

/// A diagnostic expected by a fixture marker.
struct ExpectedDiagnostic: Hashable, CustomStringConvertible {
    var id: String
    var line: Int
    var column: Int
    /// The exclusive end column, when the marker gives one.
    var endColumn: Int?

    var description: String { "\(line):\(column)\(endColumn.map { "-\($0)" } ?? "") \(id)" }

    /// Whether a diagnostic is this one.
    func matches(_ diagnostic: Diagnostic) -> Bool {
        diagnostic.id == id && diagnostic.span.start.line == line && diagnostic.span.start.column == column
            && (endColumn == nil || (diagnostic.span.end.line == line && diagnostic.span.end.column == endColumn))
    }
}

/// Reads the expectation markers of a fixture.
///
/// A marker is a YAML comment `# expect: <rule-id>@<column>` or `# expect: <rule-id>@<column>-<end column>`
/// (columns 1-based, counted in characters; the end column is exclusive, the column just after the
/// marked text). Several may be listed, separated by commas: `# expect: a@3, b@7-9`.
/// - As a trailing comment, it points at its own line.
/// - On a line of its own, it points at the line above it (the closest line that is not a marker).
enum Markers {
    static func parse(_ source: SourceFile) -> [ExpectedDiagnostic] {
        var result: [ExpectedDiagnostic] = []
        var lastContentLine = 0
        for line in 1...max(1, source.lineCount) {
            let text = source.lineText(line)
            guard let marker = text.range(of: "# expect:") else {
                if !text.trimmingCharacters(in: .whitespaces).isEmpty { lastContentLine = line }
                continue
            }
            let ownLine = text[..<marker.lowerBound].trimmingCharacters(in: .whitespaces).isEmpty
            let target = ownLine ? lastContentLine : line
            if !ownLine { lastContentLine = line }
            for item in text[marker.upperBound...].split(separator: ",") {
                // The marker is the first word; anything after it is a remark.
                guard let word = item.split(separator: " ").first else { continue }
                let parts = word.split(separator: "@")
                guard parts.count == 2 else { continue }
                let columns = parts[1].split(separator: "-").compactMap { Int($0) }
                guard let column = columns.first else { continue }
                result.append(ExpectedDiagnostic(id: String(parts[0]), line: target, column: column, endColumn: columns.count > 1 ? columns[1] : nil))
            }
        }
        return result
    }
}
