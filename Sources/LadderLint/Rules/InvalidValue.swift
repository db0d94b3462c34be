import LadderDiagnostics

/// Reported by the front-end; declared here for its documentation and configuration.
public struct InvalidValue: LintRule {
    public static let id = "invalid-value"
    public static let severity = Severity.error
    public static let summary = "A value is not valid for its key: a bad duration, time zone, date, enum value, hours or event."
    public static let explanation = "Values are read by the schema: durations (`1h30m`), IANA time zones, dates (`2026-12-24`), opening hours (`\"08:00-12:00, 13:00-17:00\"`), enum values, booleans (`true`/`false` only) and event names are each checked, with the position of the problem inside the value."
    public static let badExample = "ladder: 1\nworkflow: demo\nstages:\n  a: { sla: 30 minutes }\n"
    public static let goodExample = "ladder: 1\nworkflow: demo\nstages:\n  a: { sla: 30m }\n"
    public static let origin = RuleOrigin.frontEnd
    public init() {}
}
