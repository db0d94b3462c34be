import LadderDiagnostics

/// rustc-style text: location, severity, message and rule id; the source line with a `^~~~`
/// marker under the span; notes and a hint; and a summary line.
struct TextFormat {
    var color: Bool

    func render(_ report: Linter.Report) -> String {
        let renderer = TextRenderer(color: color)
        var out = ""
        for (path, reason) in report.unreadable {
            out += "\(path): error: \(reason)\n"
        }
        for diagnostic in report.diagnostics {
            out += renderer.render(diagnostic, source: report.sources[diagnostic.span.file])
            out += "\n"
        }
        let files = report.sources.count
        if report.diagnostics.isEmpty, report.unreadable.isEmpty {
            out += "\(files) file\(files == 1 ? "" : "s") checked, no problems found\n"
        } else {
            out += "\(report.errorCount) error\(report.errorCount == 1 ? "" : "s"), \(report.warningCount) warning\(report.warningCount == 1 ? "" : "s") in \(files) file\(files == 1 ? "" : "s")\n"
        }
        return out
    }
}
