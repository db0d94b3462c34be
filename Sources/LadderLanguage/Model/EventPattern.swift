/// An event name that notification rules and rules react to.
public enum EventPattern: Sendable, Hashable, CustomStringConvertible {
    public enum StageEvent: String, Sendable, CaseIterable { case started, done, skipped }
    public enum SLAEvent: String, Sendable, CaseIterable { case started, warning, breached, met }

    case caseOpened, caseUpdated, caseClosed
    case stage(String, StageEvent)
    /// `nil` event: `sla.<id>.*`, any event of the clock.
    case sla(String, SLAEvent?)
    case levelEntered(String)
    case routingUnassigned

    public var description: String {
        switch self {
        case .caseOpened: "case.opened"
        case .caseUpdated: "case.updated"
        case .caseClosed: "case.closed"
        case .stage(let id, let event): "stage.\(id).\(event.rawValue)"
        case .sla(let id, let event): "sla.\(id).\(event?.rawValue ?? "*")"
        case .levelEntered(let name): "level.\(name).entered"
        case .routingUnassigned: "routing.unassigned"
        }
    }

    /// Whether a concrete event matches this pattern.
    public func matches(_ event: EventPattern) -> Bool {
        if case .sla(let id, nil) = self, case .sla(let other, _) = event { return id == other }
        return self == event
    }
}
