import LadderDiagnostics

/// Reported by the front-end; declared here for its documentation and configuration.
public struct DuplicateKey: LintRule {
    public static let id = "duplicate-key"
    public static let severity = Severity.error
    public static let summary = "A mapping defines the same key twice."
    public static let explanation = "YAML readers silently keep one of two equal keys; Ladder refuses them, reporting the second key with a note at the first."
    public static let badExample = "ladder: 1\nworkflow: demo\nstages:\n  a: {}\n  a: {}\n"
    public static let goodExample = "ladder: 1\nworkflow: demo\nstages:\n  a: {}\n  b: {}\n"
    public static let origin = RuleOrigin.frontEnd
    public init() {}
}
