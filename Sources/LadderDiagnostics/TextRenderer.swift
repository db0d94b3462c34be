/// Renders diagnostics like rustc and actionlint:
///
/// ```
/// workflows/a.yaml:41:26: error: "emae" is not a value of case.region [enum-literal]
///    |
/// 41 |     when: case.region == "emae"
///    |                          ^~~~~~
///    = note: case.region is one of: emea, amer, apac
///    = hint: did you mean "emea"?
/// ```
public struct TextRenderer: Sendable {
    public var color: Bool

    public init(color: Bool = false) { self.color = color }

    public func render(_ diagnostic: Diagnostic, source: SourceFile?) -> String {
        var out = ""
        let span = diagnostic.span
        let severityText = paint(diagnostic.severity.rawValue, diagnostic.severity == .error ? "1;31" : diagnostic.severity == .warning ? "1;33" : "1;36")
        out += paint("\(span.file):\(span.start.line):\(span.start.column):", "1")
        out += " \(severityText): \(paint(diagnostic.message, "1")) [\(diagnostic.id)]\n"
        if let source, span.start.line >= 1, span.start.line <= source.lineCount {
            let gutter = String(span.start.line)
            let pad = String(repeating: " ", count: gutter.count)
            let line = source.lineText(span.start.line).replacingTabs()
            out += "\(pad) \(paint("|", "34"))\n"
            out += "\(paint(gutter, "34")) \(paint("|", "34")) \(line)\n"
            let lineLength = line.unicodeScalars.count
            let startColumn = max(1, min(span.start.column, lineLength + 1))
            let endColumn: Int
            if span.end.line == span.start.line {
                endColumn = max(startColumn + 1, min(span.end.column, lineLength + 1))
            } else {
                endColumn = max(startColumn + 1, lineLength + 1)
            }
            let marker = "^" + String(repeating: "~", count: max(0, endColumn - startColumn - 1))
            out += "\(pad) \(paint("|", "34")) \(String(repeating: " ", count: startColumn - 1))\(paint(marker, diagnostic.severity == .error ? "1;31" : "1;33"))\n"
            out += notesAndHint(diagnostic, pad: pad)
        } else {
            out += notesAndHint(diagnostic, pad: " ")
        }
        return out
    }

    private func notesAndHint(_ diagnostic: Diagnostic, pad: String) -> String {
        var out = ""
        for note in diagnostic.notes {
            var text = note.message
            if let span = note.span { text += " (\(span.file):\(span.start.line):\(span.start.column))" }
            out += "\(pad) \(paint("=", "34")) \(paint("note", "1")): \(text)\n"
        }
        if let hint = diagnostic.hint {
            out += "\(pad) \(paint("=", "34")) \(paint("hint", "1;32")): \(hint)\n"
        }
        return out
    }

    private func paint(_ text: String, _ code: String) -> String {
        color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}

extension String {
    fileprivate func replacingTabs() -> String {
        String(unicodeScalars.map { $0 == "\t" ? " " : Character($0) })
    }
}
