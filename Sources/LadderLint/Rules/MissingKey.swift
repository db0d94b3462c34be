import LadderDiagnostics

/// Reported by the front-end; declared here for its documentation and configuration.
public struct MissingKey: LintRule {
    public static let id = "missing-key"
    public static let severity = Severity.error
    public static let summary = "A required key is missing."
    public static let explanation = "Some keys are required: `ladder` and `workflow` at the top, `members` in a team, `target` in an SLA, `name` and `to` in a routing rule, and so on."
    public static let badExample = "ladder: 1\nworkflow: demo\nteams:\n  support: { calendar: always }\nstages:\n  handle: { assign: team.support }\n"
    public static let goodExample = "ladder: 1\nworkflow: demo\nteams:\n  support: { members: [anna], calendar: always }\nstages:\n  handle: { assign: team.support }\n"
    public static let origin = RuleOrigin.frontEnd
    public init() {}
}
