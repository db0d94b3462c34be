import LadderDiagnostics

/// Reported by the front-end; declared here for its documentation and configuration.
public struct InvalidIdentifier: LintRule {
    public static let id = "invalid-identifier"
    public static let severity = Severity.error
    public static let summary = "A name does not match `[a-z][a-z0-9_]*`."
    public static let explanation = "Workflow, field, stage, SLA, team, role, calendar, level, template and rule names are lowercase identifiers so that they read the same in paths (`stage.<id>.done`) and events. The fix suggests the corrected name."
    public static let badExample = "ladder: 1\nworkflow: demo\nstages:\n  Post-Mortem: {}\n"
    public static let goodExample = "ladder: 1\nworkflow: demo\nstages:\n  post_mortem: {}\n"
    public static let origin = RuleOrigin.frontEnd
    public init() {}
}
