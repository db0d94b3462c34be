import LadderExpressions
import LadderTime

/// Something that happens to the engine: an event from outside (a case opened, a stage
/// completed, a person away) or a timer the engine asked for earlier.
///
/// Cases, stages, fields and outcomes are named as in the workflow file (`investigate`,
/// `customer.tier`), so that a runner can pass what it received without knowing the compiled
/// indices.
public enum EngineEvent: Sendable, Hashable {
    /// Opens a case with field values keyed by field name (dotted for nested fields, without
    /// `case.`). Required fields must be given; defaults fill the rest.
    case open(caseID: String, fields: [FieldValue])
    /// Sets fields. Emits `case.updated` when a value changed.
    case update(caseID: String, fields: [FieldValue])
    /// Completes an active stage, with an outcome when the stage declares `outcomes`.
    case complete(caseID: String, stage: String, outcome: String?)
    /// Reassigns a stage to a person.
    case assign(caseID: String, stage: String, person: String)
    /// Reopens a settled stage (and the case, if it was closed).
    case reopen(caseID: String, stage: String)
    /// Skips a pending or active stage.
    case skip(caseID: String, stage: String)
    /// Closes the case.
    case close(caseID: String)
    /// A person becomes unavailable for routing and team picks.
    case away(person: String)
    /// A person is available again; waiting cases may be assigned.
    case back(person: String)
    /// A timer the engine set (see `Effect.timerSet`) is due.
    case timer(Timer)

    /// The case the event is about, if any.
    public var caseID: String? {
        switch self {
        case .open(let id, _), .update(let id, _), .complete(let id, _, _), .assign(let id, _, _),
             .reopen(let id, _), .skip(let id, _), .close(let id):
            id
        case .away, .back, .timer:
            nil
        }
    }
}

/// A field name (as in the workflow, without `case.`) and a value.
public struct FieldValue: Sendable, Hashable {
    public var field: String
    public var value: Value

    public init(_ field: String, _ value: Value) {
        self.field = field
        self.value = value
    }
}

/// A timer: the engine asks for it with `Effect.timerSet` and receives it back as
/// `EngineEvent.timer` when it is due.
///
/// **Order.** Timers are ordered by `(due, kind, sequence)`: earlier instants first; at the same
/// instant team-availability timers (a team calendar opening) before SLA thresholds before
/// periodic notifications; then in the order they were set (`sequence` grows with every timer the
/// engine sets). External events at an instant are handled after every timer due at or before it.
public struct Timer: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// What the timer is for; the raw value is its rank at equal instants.
    public enum Kind: UInt8, Sendable, Hashable, CaseIterable {
        /// A team's calendar opens while cases wait in its queue. `index` is the team.
        case teamAvailability = 0
        /// An SLA clock reaches a warning threshold or its target. `index` is the clock.
        case slaThreshold = 1
        /// A periodic (`every`) notification is due. `index` is the notification rule.
        case periodic = 2

        public var name: String {
            switch self {
            case .teamAvailability: "team_availability"
            case .slaThreshold: "sla"
            case .periodic: "every"
            }
        }
    }

    public var due: Instant
    public var kind: Kind
    /// The case's number in the engine state (`EngineState.caseID(ofNumber:)`), -1 for team timers.
    public var caseNumber: Int32
    /// The team, clock or notification rule.
    public var index: Int32
    /// Unique and increasing per engine state: the tie-breaker and the timer's identity.
    public var sequence: UInt64

    public init(due: Instant, kind: Kind, caseNumber: Int32, index: Int32, sequence: UInt64) {
        self.due = due
        self.kind = kind
        self.caseNumber = caseNumber
        self.index = index
        self.sequence = sequence
    }

    public static func < (a: Timer, b: Timer) -> Bool {
        if a.due != b.due { return a.due < b.due }
        if a.kind != b.kind { return a.kind.rawValue < b.kind.rawValue }
        return a.sequence < b.sequence
    }

    public var description: String { "\(kind.name)#\(sequence)@\(due)" }
}
