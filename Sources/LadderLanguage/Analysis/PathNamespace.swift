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

public enum CaseProperty: UInt8, Sendable, CaseIterable, NamedProperty {
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

public enum StageProperty: UInt8, Sendable, CaseIterable, NamedProperty {
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

public enum SLAProperty: UInt8, Sendable, CaseIterable, NamedProperty {
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

/// A property of a path, numbered from 0 (its raw value) and named.
protocol NamedProperty {
    init?(rawValue: UInt8)
    var name: String { get }
}

extension NamedProperty {
    /// The property called `name`, as `byName` finds it: a handful of short names compared by
    /// length, then text, with no hashing (and no lazy global to reach).
    static func named(_ name: String) -> Self? {
        let length = name.utf8.count
        var raw: UInt8 = 0
        while let property = Self(rawValue: raw) {
            let candidate = property.name
            if candidate.utf8.count == length, candidate == name { return property }
            raw += 1
        }
        return nil
    }
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
