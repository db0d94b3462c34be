import LadderDiagnostics

/// Reported by the front-end; declared here for its documentation and configuration.
public struct YAMLSyntax: LintRule {
    public static let id = "yaml-syntax"
    public static let severity = Severity.error
    public static let summary = "The file is not valid YAML (or not one YAML document)."
    public static let explanation = "Ladder reads files with libyaml. A syntax error stops the file from being read; the diagnostic points at the character where the parser gave up, with a hint for the usual causes (tabs, an unquoted `: `, a missing closing bracket)."
    public static let badExample = "ladder: 1\nworkflow: demo\nstages:\n  a: { title: Open\n"
    public static let goodExample = "ladder: 1\nworkflow: demo\nstages:\n  a: { title: Open }\n"
    public static let origin = RuleOrigin.frontEnd
    public init() {}
}
