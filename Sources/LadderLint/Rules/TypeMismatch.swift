import LadderDiagnostics

/// Reported by the front-end; declared here for its documentation and configuration.
public struct TypeMismatch: LintRule {
    public static let id = "type-mismatch"
    public static let severity = Severity.error
    public static let summary = "An expression combines values of incompatible types, or a condition is not a boolean."
    public static let explanation = "Expressions are typed against the case schema. Comparing a number with text, adding a duration to a boolean or using a non-boolean as a condition is reported at the offending operand."
    public static let badExample = "ladder: 1\nworkflow: demo\nfields: { customer.arr: number }\nstages:\n  a: { when: case.customer.arr > \"100000\" }\n"
    public static let goodExample = "ladder: 1\nworkflow: demo\nfields: { customer.arr: number }\nstages:\n  a: { when: case.customer.arr > 100000 }\n"
    public static let origin = RuleOrigin.frontEnd
    public init() {}
}
