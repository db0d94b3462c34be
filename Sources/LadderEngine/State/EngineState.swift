import Collections
import LadderExpressions
import LadderLanguage
import LadderTime

/// Everything the engine knows: every case (open and closed) and the routing state shared
/// between cases — round-robin cursors, load per person, who is away, team queues.
///
/// A value: copy it to keep a snapshot. Only `Engine.step` changes it.
public struct EngineState: Sendable, Equatable {
    /// Cases by number, in the order they were opened.
    public internal(set) var cases: [CaseState]
    var caseNumbers: CaseIndex
    var shared: SharedState
    /// The buffer of the language events a step causes, kept for its capacity (no allocation per
    /// step): between steps it holds only spent events, which are not part of the state (`==`
    /// ignores them).
    var eventBuffer: [PendingEvent] = []

    public static func == (a: EngineState, b: EngineState) -> Bool {
        a.cases == b.cases && a.caseNumbers == b.caseNumbers && a.shared == b.shared
    }

    init(definitions: Definitions) {
        cases = []
        caseNumbers = CaseIndex()
        shared = SharedState(teams: definitions.workflow.teams.count, people: definitions.people.count,
                             calendars: definitions.calendars.count)
        eventBuffer.reserveCapacity(16)
    }

    /// The case with this id.
    public func `case`(_ id: String) -> CaseState? {
        caseNumbers.find(id).map { cases[Int($0)] }
    }

    /// Whether a case is closed, read in place (no copy of the case).
    @inline(__always)
    func isClosed(_ number: Int32) -> Bool { cases.withUnsafeBufferPointer { $0[Int(number)].closed } }

    /// A stage's status, read in place.
    @inline(__always)
    func stageStatus(_ number: Int32, _ stage: Int) -> StageStatus {
        cases.withUnsafeBufferPointer { $0[Int(number)].stages[stage].status }
    }

    /// The number of a case (used in `Timer.caseNumber`).
    public func number(ofCase id: String) -> Int32? { caseNumbers.find(id) }

    /// The id of the case with this number.
    public func caseID(ofNumber number: Int32) -> String? {
        number >= 0 && Int(number) < cases.count ? cases[Int(number)].id : nil
    }

    /// Open cases.
    public var openCaseCount: Int { cases.reduce(0) { $0 + ($1.closed ? 0 : 1) } }

    /// Whether a person is away.
    public func isAway(_ personNumber: Int) -> Bool { shared.away[personNumber] }

    /// Active stages assigned to a person over all open cases.
    public func load(ofPersonNumber number: Int) -> Int { Int(shared.load[number]) }

    /// Case numbers waiting in a team's queue, oldest first.
    public func queue(ofTeam team: Int) -> [Int32] { shared.queues[team].map(\.caseNumber) }

    /// The timers the state expects, each once: what a scheduler needs to rebuild its heap
    /// after the state was stored and loaded.
    public func armedTimers() -> [Timer] {
        var timers: [Timer] = []
        for (team, sequence) in shared.teamTimer.enumerated() where sequence != 0 {
            timers.append(Timer(due: Instant(seconds: shared.teamTimerDue[team]), kind: .teamAvailability, caseNumber: -1,
                                index: Int32(team), sequence: sequence))
        }
        for c in cases {
            for (index, clock) in c.clocks.enumerated() where clock.timer != 0 {
                timers.append(Timer(due: Instant(seconds: clock.due), kind: .slaThreshold, caseNumber: c.number, index: Int32(index),
                                    sequence: clock.timer))
            }
            for (slot, periodic) in c.periodic.enumerated() where periodic.timer != 0 {
                timers.append(Timer(due: Instant(seconds: periodic.next), kind: .periodic, caseNumber: c.number, index: Int32(slot),
                                    sequence: periodic.timer))
            }
        }
        return timers.sorted()
    }
}

/// Case numbers by id. ASCII ids (the usual kind) are found in an open-addressing table of case
/// numbers probed with a cheap hash of the bytes and compared with the case's id. Once some id
/// is not ASCII, a `Dictionary` holds every id as well, and an id missing from the table is
/// looked up there (it might be canonically equivalent to another); before that, a non-ASCII id
/// is compared with every id. Either way every lookup finds exactly what a dictionary would.
/// Before all that, an id whose representation (two words) is identical to a case's id is that
/// id: a second table, by a hash of those words, finds it without hashing bytes.
struct CaseIndex: Sendable, Equatable {
    /// Every id (String equality: canonical equivalence), once some id is not ASCII; empty before.
    private var all: [String: Int32] = [:]
    /// Case numbers of ASCII ids, -1 for an empty slot; a power of two in size, at most half full.
    private var slots: [Int32] = []
    /// Every id by case number (compared on a table hit: no copy of a case).
    private var ids: [String] = []
    private var asciiCount = 0
    private var otherCount = 0
    /// Case numbers of every id by `NameTable.hash` of its representation, -1 for an empty slot;
    /// a power of two in size, at most half full. Derived from `ids` (and not compared: equal
    /// ids may be stored differently).
    private var wordSlots: [Int32] = []

    static func == (a: CaseIndex, b: CaseIndex) -> Bool {
        a.ids == b.ids && a.slots == b.slots && a.all == b.all && a.asciiCount == b.asciiCount && a.otherCount == b.otherCount
    }

    /// A cheap hash of an ASCII id's bytes; nil for any other id.
    @inline(__always)
    static func asciiHash(_ id: String) -> Int? {
        id.utf8.withContiguousStorageIfAvailable { bytes -> Int? in
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            var any: UInt8 = 0
            for byte in bytes {
                any |= byte
                hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
            }
            return any < 0x80 ? Int(truncatingIfNeeded: hash ^ (hash >> 32)) : nil
        } ?? nil
    }

    /// The number of the case with this id.
    @inline(__always)
    func find(_ id: String) -> Int32? {
        if !wordSlots.isEmpty {
            let (first, second) = NameTable.representation(id)
            let mask = wordSlots.count - 1
            var slot = NameTable.hash(first, second) & mask
            while true {
                let number = wordSlots[slot]
                if number < 0 { break }
                if NameTable.representation(ids[Int(number)]) == (first, second) { return number }
                slot = (slot + 1) & mask
            }
        }
        return findByBytes(id)
    }

    /// An id whose representation is no case's: by its bytes.
    private func findByBytes(_ id: String) -> Int32? {
        guard let hash = CaseIndex.asciiHash(id) else {
            if otherCount > 0 { return all[id] }
            // Only ASCII ids so far: one of them may still be canonically equivalent.
            return ids.firstIndex(of: id).map { Int32($0) }
        }
        guard !slots.isEmpty else { return otherCount == 0 ? nil : all[id] }
        let mask = slots.count - 1
        var slot = hash & mask
        while true {
            let number = slots[slot]
            if number < 0 { return otherCount == 0 ? nil : all[id] }
            if ids[Int(number)] == id { return number }
            slot = (slot + 1) & mask
        }
    }

    /// Adds a new id, numbered after the others.
    mutating func insert(_ id: String, number: Int32) {
        ids.append(id)
        if ids.count * 2 > wordSlots.count {
            wordSlots = Array(repeating: -1, count: max(16, wordSlots.count * 2))
            for (other, text) in ids.enumerated() { placeWords(Int32(other), text) }
        } else {
            placeWords(number, id)
        }
        guard let hash = CaseIndex.asciiHash(id) else {
            if otherCount == 0 {
                // The first id that is not ASCII: from now on the dictionary holds every id.
                for (other, text) in ids.dropLast().enumerated() where all[text] == nil { all[text] = Int32(other) }
            }
            if all[id] == nil { all[id] = number }
            otherCount += 1
            return
        }
        if otherCount > 0, all[id] == nil { all[id] = number }
        if (asciiCount + 1) * 2 > slots.count {
            // Twice the size, the ASCII ids placed again in case order.
            slots = Array(repeating: -1, count: max(16, slots.count * 2))
            for (other, text) in ids.dropLast().enumerated() {
                if let hash = CaseIndex.asciiHash(text) { place(Int32(other), hash: hash) }
            }
        }
        place(number, hash: hash)
        asciiCount += 1
    }

    private mutating func placeWords(_ number: Int32, _ id: String) {
        let (first, second) = NameTable.representation(id)
        let mask = wordSlots.count - 1
        var slot = NameTable.hash(first, second) & mask
        while wordSlots[slot] >= 0 { slot = (slot + 1) & mask }
        wordSlots[slot] = number
    }

    private mutating func place(_ number: Int32, hash: Int) {
        let mask = slots.count - 1
        var slot = hash & mask
        while slots[slot] >= 0 { slot = (slot + 1) & mask }
        slots[slot] = number
    }
}

/// A case waiting for a team member: for its routed assignee, or for a stage's team pick.
struct QueueEntry: Sendable, Hashable {
    var caseNumber: Int32
    /// -1: the routed assignee; otherwise the stage.
    var stage: Int32
    var pick: PickStrategy
}

/// Routing state shared by all cases.
struct SharedState: Sendable, Equatable {
    /// Per team: the member index where round robin continues.
    var roundRobin: [Int32]
    /// Per person: active stages assigned over all open cases.
    var load: [Int32]
    /// Per person.
    var away: [Bool]
    /// Per team: cases waiting for a member, oldest first.
    var queues: [Deque<QueueEntry>]
    /// Per team: the armed availability timer (sequence, 0 for none) and its instant.
    var teamTimer: [UInt64]
    var teamTimerDue: [Int64]
    /// The last timer sequence handed out.
    var sequence: UInt64 = 0
    /// Per calendar: the stretch of time around the latest instant asked about over which the
    /// calendar is open (or closed) throughout, so that clock arithmetic within it needs no
    /// tables (see `BusinessCalendar.Window`). A cache: answers are the calendar's own, and
    /// `==` ignores it.
    var calendarWindows: [BusinessCalendar.Window]

    static func == (a: SharedState, b: SharedState) -> Bool {
        a.roundRobin == b.roundRobin && a.load == b.load && a.away == b.away && a.queues == b.queues
            && a.teamTimer == b.teamTimer && a.teamTimerDue == b.teamTimerDue && a.sequence == b.sequence
    }

    init(teams: Int, people: Int, calendars: Int) {
        roundRobin = Array(repeating: 0, count: teams)
        load = Array(repeating: 0, count: people)
        away = Array(repeating: false, count: people)
        queues = Array(repeating: [], count: teams)
        teamTimer = Array(repeating: 0, count: teams)
        teamTimerDue = Array(repeating: 0, count: teams)
        calendarWindows = Array(repeating: BusinessCalendar.Window(), count: calendars)
    }

    private init() {
        roundRobin = []
        load = []
        away = []
        queues = []
        teamTimer = []
        teamTimerDue = []
        calendarWindows = []
    }

    /// Empty, built in place (empty array literals: nothing to copy from a global).
    static var placeholder: SharedState { SharedState() }
}

/// One case: its fields, level, stages, clocks and periodic notifications.
public struct CaseState: Sendable, Equatable {
    public internal(set) var id: String
    public internal(set) var number: Int32
    public internal(set) var openedAt: Instant
    /// Field values by slot (`CompiledWorkflow.fieldSlot`).
    public internal(set) var fields: [Value]
    /// Index into the workflow's levels, -1 when the workflow has none.
    public internal(set) var level: Int
    public internal(set) var closed: Bool
    /// The routed assignee (a person number), -1 when routing has none (yet).
    public internal(set) var routed: Int32
    /// The team routing chose, -1 when no rule matched.
    public internal(set) var routedTeam: Int32
    public internal(set) var stages: [StageState]
    /// Workflow SLAs first, then stage clocks (see `Engine.clockNames`).
    public internal(set) var clocks: [ClockState]
    /// Per notification rule with `every`, in `Engine.periodicRules` order.
    public internal(set) var periodic: [PeriodicState]
    /// Clocks (bit = clock index) whose `by` tables read a field or built-in that changed since
    /// they were last evaluated (tables that read only those are evaluated again only then).
    var tablesDirty: UInt64 = 0
    /// Teams in whose queue the case has (or had) an entry.
    var queuedTeams: [Int32] = []
    /// Assignments deferred until their pending stage starts, by stage (kept apart from the
    /// stages so that `StageState` is plain data: copying the stages copies bytes).
    var overrides: [StageOverride] = []
    /// Clocks, periodic notifications and `when`s (bits as in `Definitions.fieldDependents`)
    /// whose conditions read something that changed since they were last evaluated.
    var dirty: UInt64 = .max
    /// The last value of each `when` (bits as in `Definitions.ruleWhenBit`), valid while its
    /// bit in `dirty` is clear.
    var whenValues: UInt64 = 0
    /// A stage's status changed (or the case reopened) since pending stages were last checked.
    var stagesUnsettled = true

    /// Empty, built in place (empty array literals: nothing to copy from a global).
    static var placeholder: CaseState { CaseState(
        id: "", number: -1, openedAt: .epoch, fields: [], level: -1, closed: true, routed: -1, routedTeam: -1,
        stages: [], clocks: [], periodic: []) }
}

/// A stage of one case.
public struct StageState: Sendable, Hashable {
    public internal(set) var status: StageStatus = .pending
    /// The outcome index in the stage's `outcomes`, -1 for none.
    public internal(set) var outcome: Int16 = -1
    /// The assignee's person number, -1 when unassigned.
    public internal(set) var assignee: Int32 = -1
    /// When the stage last became active (seconds since 1970), `Int64.min` before.
    public internal(set) var startedAt: Int64 = .min
}

/// An `assign` action on a pending stage: used when it starts.
struct StageOverride: Sendable, Hashable {
    var stage: Int32
    var target: CompiledAssignee
    /// How to pick in the target's team (the routing rule's `pick` after `assign: routing`).
    var pick: PickStrategy
}

/// An SLA clock of one case.
public struct ClockState: Sendable, Hashable {
    enum Phase: UInt8, Sendable { case pending, running, paused, stopped }

    var phase: Phase = .pending
    /// Whether the clock has breached (it stays breached).
    public internal(set) var breached: Bool = false
    /// The calendar index the clock counts on now.
    public internal(set) var calendar: Int32 = 0
    /// Warning thresholds already fired (bit per `warn` entry).
    var fired: UInt64 = 0
    /// Open seconds counted up to `since`.
    var elapsed: Int64 = 0
    /// While running: the instant up to which `elapsed` is counted.
    var since: Int64 = 0
    /// The target in open seconds of the current calendar.
    public internal(set) var target: Int64 = 0
    /// The armed timer's sequence, 0 for none, and its instant.
    var timer: UInt64 = 0
    var due: Int64 = 0
    /// Something changed that may move the next threshold (start, resume, new target, a warning fired).
    var dirty: Bool = true

    /// The state as the language sees it.
    public var state: SLAState {
        switch phase {
        case .pending: .pending
        case .running: breached ? .breached : .running
        case .paused: breached ? .breached : .paused
        case .stopped: breached ? .breached : .met
        }
    }

    /// Open seconds counted at `now`.
    public func elapsed(at now: Instant, calendar: BusinessCalendar) -> Int64 {
        guard phase == .running else { return elapsed }
        return elapsed + calendar.elapsed(from: Instant(seconds: since), to: now)
    }

    /// Whether the clock still counts (running or paused).
    @inline(__always)
    public var isLive: Bool { phase == .running || phase == .paused }
}

/// A periodic (`every`) notification of one case.
public struct PeriodicState: Sendable, Hashable {
    /// Whether `while` holds and the period runs.
    public internal(set) var active: Bool = false
    /// When the next message is due (seconds since 1970).
    public internal(set) var next: Int64 = 0
    var timer: UInt64 = 0
}
