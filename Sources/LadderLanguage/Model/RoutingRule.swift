import LadderDiagnostics

/// How a member of a team is picked.
public enum PickStrategy: String, Sendable, CaseIterable {
    case roundRobin = "round_robin"
    case leastLoaded = "least_loaded"
    case firstAvailable = "first_available"
}

/// An ordered routing rule: the first whose `when` holds sends the case to its team.
public struct RoutingRule: Sendable {
    public var name: Located<String>
    public var when: SourceExpression?
    /// The team id (written `team.<id>`).
    public var team: Located<String>
    public var pick: Located<PickStrategy>
    public var span: SourceSpan

    public init(name: Located<String>, when: SourceExpression?, team: Located<String>, pick: Located<PickStrategy>, span: SourceSpan) {
        self.name = name
        self.when = when
        self.team = team
        self.pick = pick
        self.span = span
    }
}
