import LadderDiagnostics

/// Reported by the front-end; declared here for its documentation and configuration.
public struct EnumLiteral: LintRule {
    public static let id = "enum-literal"
    public static let severity = Severity.error
    public static let summary = "A text compared with an enum is not one of its values."
    public static let explanation = "Comparing an enum field with a value outside the enum is always false (or always true for `!=`): almost always a typo. The diagnostic lists the values and suggests the closest one."
    public static let badExample = "ladder: 1\nworkflow: demo\nfields: { region: { enum: [emea, amer, apac] } }\nstages:\n  a: { when: case.region == \"emae\" }\n"
    public static let goodExample = "ladder: 1\nworkflow: demo\nfields: { region: { enum: [emea, amer, apac] } }\nstages:\n  a: { when: case.region == \"emea\" }\n"
    public static let origin = RuleOrigin.frontEnd
    public init() {}
}
