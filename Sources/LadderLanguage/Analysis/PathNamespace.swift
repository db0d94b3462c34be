import LadderExpressions

/// How the workflow scope encodes paths in `PathReference`s, which the engine decodes when it
/// evaluates: `namespace` says what kind of path, `index` which field/stage/SLA/calendar,
/// `property` which property of it.
public enum PathNamespace: UInt8, Sendable {
    /// `case.<field>`: index is the field's slot.
    case field = 0
    /// `case.id|opened_at|level|closed`: property is a `CaseProperty`.
    case caseBuiltin = 1
    /// `stage.<id>.<property>`: index is the stage, property a `StageProperty`.
    case stage = 2
    /// `sla.<id>.<property>`: index is the SLA, property an `SLAProperty`.
    case sla = 3
    /// `calendar.<id>.open`: index is the calendar (0 is `always`).
    case calendarOpen = 4
    /// `now`.
    case now = 5
}

public enum CaseProperty: UInt8, Sendable, CaseIterable {
    case id, openedAt, level, closed

    /// Property by name.
    public static let byName: [String: CaseProperty] = Dictionary(uniqueKeysWithValues: allCases.map { ($0.name, $0) })

    public var name: String {
        switch self {
        case .id: "id"
        case .openedAt: "opened_at"
        case .level: "level"
        case .closed: "closed"
        }
    }
}

public enum StageProperty: UInt8, Sendable, CaseIterable {
    case status, done, active, skipped, outcome, assignee, startedAt

    public var name: String {
        switch self {
        case .status: "status"
        case .done: "done"
        case .active: "active"
        case .skipped: "skipped"
        case .outcome: "outcome"
        case .assignee: "assignee"
        case .startedAt: "started_at"
        }
    }

    /// Property by name.
    public static let byName: [String: StageProperty] = Dictionary(uniqueKeysWithValues: allCases.map { ($0.name, $0) })
    public static let names: [String] = allCases.map(\.name)
}

public enum SLAProperty: UInt8, Sendable, CaseIterable {
    case state, elapsed, remaining, breached

    public var name: String {
        switch self {
        case .state: "state"
        case .elapsed: "elapsed"
        case .remaining: "remaining"
        case .breached: "breached"
        }
    }

    /// Property by name.
    public static let byName: [String: SLAProperty] = Dictionary(uniqueKeysWithValues: allCases.map { ($0.name, $0) })
    public static let names: [String] = allCases.map(\.name)
}

/// The status of a stage.
public enum StageStatus: String, Sendable, CaseIterable {
    case pending, active, done, skipped
}

/// The state of an SLA clock. `pending` (not started yet) is Ladder's addition to the contract.
public enum SLAState: String, Sendable, CaseIterable {
    case pending, running, paused, met, breached
}

extension PathReference {
    public init(_ namespace: PathNamespace, index: Int = 0, property: UInt8 = 0) {
        self.init(namespace: namespace.rawValue, index: Int32(index), property: property)
    }

    public var pathNamespace: PathNamespace? { PathNamespace(rawValue: namespace) }
}
