import LadderDiagnostics

/// Reported by the front-end; declared here for its documentation and configuration.
public struct UnsupportedVersion: LintRule {
    public static let id = "unsupported-version"
    public static let severity = Severity.error
    public static let summary = "The file declares a language version this Ladder does not understand."
    public static let explanation = "`ladder:` at the top of a workflow names the language version. This Ladder implements version 1."
    public static let badExample = "ladder: 2\nworkflow: demo\nstages: { a: {} }\n"
    public static let goodExample = "ladder: 1\nworkflow: demo\nstages: { a: {} }\n"
    public static let origin = RuleOrigin.frontEnd
    public init() {}
}
