import LadderDiagnostics

/// Reported by the front-end; declared here for its documentation and configuration.
public struct AliasLimit: LintRule {
    public static let id = "alias-limit"
    public static let severity = Severity.error
    public static let summary = "Aliases expand the document beyond a million nodes."
    public static let explanation = "Anchors and aliases are allowed, but each alias counts as a full copy of its anchor. A document that would expand past the limit (a \"billion laughs\" file) is stopped before it exhausts memory."
    public static let badExample = "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
    public static let goodExample = "ladder: 1\nworkflow: demo\nteams:\n  base: &members { members: [anna, ben] }\n  other: *members\nstages:\n  first: { assign: team.base }\n  second: { assign: team.other }\n"
    public static let origin = RuleOrigin.frontEnd
    public init() {}
}
