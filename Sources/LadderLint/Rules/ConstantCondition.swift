import LadderDiagnostics

/// Reported by the front-end; declared here for its documentation and configuration.
public struct ConstantCondition: LintRule {
    public static let id = "constant-condition"
    public static let severity = Severity.warning
    public static let summary = "A condition reads nothing from the case, so it is always true or always false."
    public static let explanation = "A condition without any path (`true`, `1 < 2`) never changes; remove it, or make it depend on the case."
    public static let badExample = "ladder: 1\nworkflow: demo\nstages:\n  a: { when: 1 < 2 }\n"
    public static let goodExample = "ladder: 1\nworkflow: demo\nstages:\n  a: {}\n"
    public static let origin = RuleOrigin.frontEnd
    public init() {}
}
