import LadderDiagnostics

/// Reported by the front-end; declared here for its documentation and configuration.
public struct DuplicateName: LintRule {
    public static let id = "duplicate-name"
    public static let severity = Severity.error
    public static let summary = "Two levels, routing rules, notification rules or rules share a name."
    public static let explanation = "Names in the list sections identify entries in traces and events (`level.<name>.entered`); each must be unique."
    public static let badExample = "ladder: 1\nworkflow: demo\nroles:\n  manager: marta\nlevels:\n  - { name: support, owner: role.manager }\n  - { name: support, owner: role.manager }\nstages:\n  handle: {}\n"
    public static let goodExample = "ladder: 1\nworkflow: demo\nroles:\n  manager: marta\nlevels:\n  - { name: support, owner: role.manager }\n  - { name: managers, owner: role.manager }\nrules:\n  - { name: escalate_at_once, on: case.opened, do: [ { escalate: next } ] }\nstages:\n  handle: {}\n"
    public static let origin = RuleOrigin.frontEnd
    public init() {}
}
