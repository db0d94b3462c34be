import LadderDiagnostics

/// Reported by the front-end; declared here for its documentation and configuration.
public struct UnknownKey: LintRule {
    public static let id = "unknown-key"
    public static let severity = Severity.error
    public static let summary = "A key that this section does not accept, usually a typo."
    public static let explanation = "Every section accepts a fixed set of keys. An unknown key is reported with the keys the section accepts and the closest one as a fix."
    public static let badExample = "ladder: 1\nworkflow: demo\nstages:\n  a: { titel: Open }\n"
    public static let goodExample = "ladder: 1\nworkflow: demo\nstages:\n  a: { title: Open }\n"
    public static let origin = RuleOrigin.frontEnd
    public init() {}
}
