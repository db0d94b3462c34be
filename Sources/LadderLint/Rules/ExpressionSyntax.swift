import LadderDiagnostics

/// Reported by the front-end; declared here for its documentation and configuration.
public struct ExpressionSyntax: LintRule {
    public static let id = "expression-syntax"
    public static let severity = Severity.error
    public static let summary = "An expression does not parse."
    public static let explanation = "The diagnostic points at the exact column inside the expression. `&&`, `||` and `!` are reported with a hint to use `and`, `or` and `not`."
    public static let badExample = "ladder: 1\nworkflow: demo\nfields: { priority: { enum: [P1, P2] } }\nstages:\n  a: { when: case.priority == \"P1\" && true }\n"
    public static let goodExample = "ladder: 1\nworkflow: demo\nfields: { priority: { enum: [P1, P2] } }\nstages:\n  a: { when: case.priority == \"P1\" and true }\n"
    public static let origin = RuleOrigin.frontEnd
    public init() {}
}
