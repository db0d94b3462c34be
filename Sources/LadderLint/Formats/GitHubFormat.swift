import LadderDiagnostics

/// GitHub Actions workflow commands: `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=rule::message`.
enum GitHubFormat {
    static func render(_ report: Linter.Report) -> String {
        var out = ""
        for (path, reason) in report.unreadable {
            out += "::error file=\(escapeProperty(path))::\(escapeData(reason))\n"
        }
        for diagnostic in report.diagnostics {
            let command = diagnostic.severity == .error ? "error" : diagnostic.severity == .warning ? "warning" : "notice"
            let span = diagnostic.span
            var message = diagnostic.message
            if let hint = diagnostic.hint { message += "\nhint: \(hint)" }
            out += "::\(command) file=\(escapeProperty(span.file)),line=\(span.start.line),col=\(span.start.column)"
            out += ",endLine=\(span.end.line),endColumn=\(span.end.column),title=\(escapeProperty(diagnostic.id))::\(escapeData(message))\n"
        }
        return out
    }

    static func escapeData(_ text: String) -> String {
        text.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D").replacingOccurrences(of: "\n", with: "%0A")
    }

    static func escapeProperty(_ text: String) -> String {
        escapeData(text).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
}
