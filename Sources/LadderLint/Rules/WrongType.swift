import LadderDiagnostics

/// Reported by the front-end; declared here for its documentation and configuration.
public struct WrongType: LintRule {
    public static let id = "wrong-type"
    public static let severity = Severity.error
    public static let summary = "A value has the wrong shape: a list where a mapping is expected, and so on."
    public static let explanation = "Each key expects a single value, a list or a mapping. The diagnostic says which one and what was found."
    public static let badExample = "ladder: 1\nworkflow: demo\nstages:\n  a: { needs: { b: true } }\n  b: {}\n"
    public static let goodExample = "ladder: 1\nworkflow: demo\nstages:\n  a: { needs: [b] }\n  b: {}\n"
    public static let origin = RuleOrigin.frontEnd
    public init() {}
}
