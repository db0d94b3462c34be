import LadderDiagnostics

/// Reported by the front-end; declared here for its documentation and configuration.
public struct UnknownReference: LintRule {
    public static let id = "unknown-reference"
    public static let severity = Severity.error
    public static let summary = "A name refers to a stage, team, role, calendar, level, template, field or SLA that is not defined."
    public static let explanation = "Every reference is resolved: `needs`, `assign`, `to`, `calendar`, `template`, `escalate`, events and expression paths. An unknown name is reported with the closest defined one."
    public static let badExample = "ladder: 1\nworkflow: demo\nstages:\n  investigate: {}\n  resolve: { needs: [investigat] }\n"
    public static let goodExample = "ladder: 1\nworkflow: demo\nstages:\n  investigate: {}\n  resolve: { needs: [investigate] }\n"
    public static let origin = RuleOrigin.frontEnd
    public init() {}
}
