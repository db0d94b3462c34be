import LadderDiagnostics

/// Reported by the front-end; declared here for its documentation and configuration.
public struct YAMLTag: LintRule {
    public static let id = "yaml-tag"
    public static let severity = Severity.error
    public static let summary = "A value carries a YAML tag such as `!foo`."
    public static let explanation = "Ladder types values by its schema, so tags are never needed. The usual cause is a condition written with `!`, which YAML reads as a tag: write `not` instead, or quote the value."
    public static let badExample = "ladder: 1\nworkflow: demo\nstages:\n  a: { when: !case.closed }\n"
    public static let goodExample = "ladder: 1\nworkflow: demo\nstages:\n  a: { when: not case.closed }\n"
    public static let origin = RuleOrigin.frontEnd
    public init() {}
}
