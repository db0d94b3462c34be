import LadderDiagnostics

/// How `ladder lint` prints its findings.
public enum OutputFormat: String, Sendable, CaseIterable {
    case text, json, sarif, github

    /// Renders a report. `color` applies to `text` only.
    public func render(_ report: Linter.Report, color: Bool = false) -> String {
        switch self {
        case .text: TextFormat(color: color).render(report)
        case .json: JSONFormat.render(report)
        case .sarif: SARIFFormat.render(report)
        case .github: GitHubFormat.render(report)
        }
    }
}
