import LadderDiagnostics

/// Reported by the front-end; declared here for its documentation and configuration.
public struct UnknownOutcome: LintRule {
    public static let id = "unknown-outcome"
    public static let severity = Severity.error
    public static let summary = "An outcome that the stage does not declare."
    public static let explanation = "A stage's `outcome` is an enum of its `outcomes`. Comparing it with another value, or completing the stage with one in a scenario, can never match."
    public static let badExample = "ladder: 1\nworkflow: demo\nstages:\n  investigate: { outcomes: [fixed, workaround] }\n  postmortem: { needs: [investigate], when: 'stage.investigate.outcome == \"work_around\"' }\n"
    public static let goodExample = "ladder: 1\nworkflow: demo\nstages:\n  investigate: { outcomes: [fixed, workaround] }\n  postmortem: { needs: [investigate], when: 'stage.investigate.outcome == \"workaround\"' }\n"
    public static let origin = RuleOrigin.frontEnd
    public init() {}
}
