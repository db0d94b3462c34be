import LadderExpressions
import LadderLanguage
import LadderTime
import Mustache

/// What the conditions of one reconcile consumer (a clock, or the `while` of a periodic
/// notification) read: the exact field slots, stages and clocks, so that a change re-evaluates
/// only the consumers that read what changed.
struct Dependencies: Sendable, Hashable {
    var fields: [Int] = []
    /// Reads `case.id|opened_at|level|closed` (the level changes; `closed` re-evaluates everything).
    var builtin = false
    var stages: [Int] = []
    var clocks: [Int] = []
    /// Reads `now`, `calendar.<id>.open` or a clock's elapsed/remaining time: changes with time.
    var volatile = false

    init() {}

    init(_ paths: [PathReference], clockCount: Int) {
        add(paths, clockCount: clockCount)
    }

    mutating func add(_ paths: [PathReference], clockCount: Int) {
        for path in paths {
            let index = Int(path.index)
            switch path.namespace {
            case PathNamespace.field.rawValue: fields.append(index)
            case PathNamespace.caseBuiltin.rawValue: builtin = true
            case PathNamespace.stage.rawValue: stages.append(index)
            case PathNamespace.sla.rawValue:
                if (path.property == SLAProperty.state.rawValue || path.property == SLAProperty.breached.rawValue), index < clockCount {
                    clocks.append(index)
                } else {
                    volatile = true
                }
            default: volatile = true
            }
        }
    }
}

/// A fixed string-to-index table probed with a cheap hash (length and end bytes), falling back
/// to a `Dictionary` on a miss. A hit compares with `String ==`, so it finds exactly the entry
/// the dictionary would; texts the cheap hash places elsewhere (canonically equivalent but
/// differently encoded) are found by the fallback.
/// Before all that, a text whose representation (its two words: the bytes themselves for a
/// text of up to 15 bytes) is identical to a name's is that name: found by comparing words,
/// without hashing bytes or comparing texts.
/// A class, so that reading it from `Definitions` is one retain, not a copy of its arrays.
final class NameTable: Sendable {
    private let slots: [Int32]  // index into `names`, -1 for empty
    private let names: [String]
    private let values: [Int]
    private let mask: Int
    private let fallback: [String: Int]
    /// Index into `names` by the hash of the name's representation, -1 for empty (as `slots`).
    private let wordSlots: [Int32]
    /// Each name's representation, two words per name.
    private let words: [UInt64]

    /// Names to their positions (the first position of a repeated name).
    convenience init(names list: [String]) {
        var entries: [String: Int] = [:]
        for (position, name) in list.enumerated() where entries[name] == nil { entries[name] = position }
        self.init(entries)
    }

    init(_ entries: [String: Int]) {
        fallback = entries
        var size = 8
        while size < entries.count * 4 { size *= 2 }
        mask = size - 1
        var slots = Array(repeating: Int32(-1), count: size)
        var names: [String] = []
        var values: [Int] = []
        for (name, value) in entries.sorted(by: { $0.key < $1.key }) {
            var slot = NameTable.hash(name) & (size - 1)
            while slots[slot] >= 0 { slot = (slot + 1) & (size - 1) }
            slots[slot] = Int32(names.count)
            names.append(name)
            values.append(value)
        }
        var wordSlots = Array(repeating: Int32(-1), count: size)
        var words: [UInt64] = []
        for (entry, name) in names.enumerated() {
            let (first, second) = NameTable.representation(name)
            var slot = NameTable.hash(first, second) & (size - 1)
            while wordSlots[slot] >= 0 { slot = (slot + 1) & (size - 1) }
            wordSlots[slot] = Int32(entry)
            words += [first, second]
        }
        self.slots = slots
        self.names = names
        self.values = values
        self.wordSlots = wordSlots
        self.words = words
    }

    /// A string's two words as stored. Equal words are the same string: the same bytes held
    /// inline, or the same storage object.
    @inline(__always)
    static func representation(_ text: String) -> (UInt64, UInt64) { unsafeBitCast(text, to: (UInt64, UInt64).self) }

    @inline(__always)
    static func hash(_ first: UInt64, _ second: UInt64) -> Int {
        let mixed = (first &* 0x9E37_79B9_7F4A_7C15) ^ (second &* 0xC2B2_AE3D_27D4_EB4F)
        return Int(truncatingIfNeeded: mixed ^ (mixed >> 31))
    }

    @inline(__always)
    static func hash(_ text: String) -> Int {
        let utf8 = text.utf8
        // Native strings (small ones included) give their bytes directly: no index arithmetic.
        if let hash = utf8.withContiguousStorageIfAvailable({ bytes -> Int in
            let count = bytes.count
            guard count > 0 else { return 0 }
            return count &* 31 &+ Int(bytes[count / 2]) &* 7 &+ Int(bytes[count - 1])
        }) {
            return hash
        }
        let count = utf8.count
        guard count > 0 else { return 0 }
        return count &* 31 &+ Int(utf8[utf8.index(utf8.startIndex, offsetBy: count / 2)]) &* 7 &+ Int(utf8[utf8.index(before: utf8.endIndex)])
    }

    subscript(_ text: String) -> Int? {
        let (first, second) = NameTable.representation(text)
        var probe = NameTable.hash(first, second) & mask
        while true {
            let entry = Int(wordSlots[probe])
            if entry < 0 { break }
            if words[2 * entry] == first, words[2 * entry + 1] == second { return values[entry] }
            probe = (probe + 1) & mask
        }
        return lookUp(text)
    }

    /// A text whose representation is no name's: by its bytes.
    private func lookUp(_ text: String) -> Int? {
        var slot = NameTable.hash(text) & mask
        while true {
            let entry = Int(slots[slot])
            if entry < 0 { return fallback[text] }
            if names[entry] == text { return values[entry] }
            slot = (slot + 1) & mask
        }
    }
}

/// A condition ready to evaluate, with its source text for traces.
final class Condition: Sendable {
    let label: String
    let text: String
    let code: CompiledExpression

    init(label: String, text: String, code: CompiledExpression) {
        self.label = label
        self.text = text
        self.code = code
    }
}

/// A `by` table (or fixed value) prepared for evaluation: results by the index of the enum value.
/// A class, so that reading it in the hot path is one retain, not a copy of its arrays.
final class Selector<Result: Sendable>: Sendable {
    let fixed: Result?
    let by: Condition?
    let values: [String]
    /// `values` by text, for `result(for:)`.
    let valueTable: NameTable
    let results: [Result?]
    let defaultResult: Result?
    /// The `by` expression reads only case fields and built-ins (so its value changes only with them).
    let readsOnlyCase: Bool
    /// The field slot when the `by` expression is that field's path and nothing else
    /// (`case.priority`), -1 otherwise: its value is the field's, read in place without the
    /// evaluator (see `CaseRun.select`).
    let fieldSlot: Int

    init(_ selection: CompiledSelection<Result>, label: String) {
        switch selection {
        case .fixed(let result):
            fixed = result
            by = nil
            values = []
            valueTable = NameTable([:])
            results = []
            defaultResult = nil
            readsOnlyCase = true
            fieldSlot = -1
        case .table(let by, let entries, let defaultResult):
            fixed = nil
            self.by = Condition(label: label, text: by.text, code: by.compiled)
            let values = by.compiled.type.enumValues ?? Array(entries.keys).sorted()
            self.values = values
            valueTable = NameTable(names: values)
            results = values.map { entries[$0] }
            self.defaultResult = defaultResult
            readsOnlyCase = by.compiled.paths.allSatisfy {
                $0.namespace == PathNamespace.field.rawValue || $0.namespace == PathNamespace.caseBuiltin.rawValue
            }
            if case .path(let path) = by.compiled.checked.root.kind, let reference = path.reference,
               reference.namespace == PathNamespace.field.rawValue, reference.index >= 0 {
                fieldSlot = Int(reference.index)
            } else {
                fieldSlot = -1
            }
        }
    }

    init(fixed: Result) {
        self.fixed = fixed
        by = nil
        values = []
        valueTable = NameTable([:])
        results = []
        defaultResult = nil
        readsOnlyCase = true
        fieldSlot = -1
    }

    /// The result for a value of the `by` expression.
    func result(for value: Value) -> Result? {
        if case .string(let text) = value { return result(forText: text) }
        return defaultResult
    }

    /// The result for a text value of the `by` expression.
    @inline(__always)
    func result(forText text: String) -> Result? {
        if let index = valueTable[text] { return results[index] ?? defaultResult }
        return defaultResult
    }
}

/// An immutable value shared by reference, so that reading it in a hot path is one retain.
final class Ref<Value: Sendable>: Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

/// A calendar and its id, shared by reference.
final class CalendarRef: Sendable {
    let id: String
    let calendar: BusinessCalendar
    init(id: String, calendar: BusinessCalendar) {
        self.id = id
        self.calendar = calendar
    }

    func isOpen(at instant: Instant) -> Bool { calendar.isOpen(at: instant) }
    func elapsed(from: Instant, to: Instant) -> Int64 { calendar.elapsed(from: from, to: to) }
    func add(_ seconds: Int64, to start: Instant) -> Instant? { calendar.add(seconds, to: start) }
    func nextOpen(atOrAfter instant: Instant) -> Instant? { calendar.nextOpen(atOrAfter: instant) }
    func openSeconds(of duration: DurationValue) -> Int64 { calendar.openSeconds(of: duration) }
    // The same through a window (see `BusinessCalendar.Window`): what the window answers alone
    // needs no call on the calendar (each such call copies the calendar's fields).
    @inline(__always)
    func elapsed(from: Instant, to: Instant, window: inout BusinessCalendar.Window) -> Int64 {
        if let known = window.elapsed(from: from, to: to) { return known }
        return calendar.elapsed(from: from, to: to, window: &window)
    }
    @inline(__always)
    func add(_ seconds: Int64, to start: Instant, window: inout BusinessCalendar.Window) -> Instant? {
        if start.seconds < window.end, let known = window.add(seconds, to: start) { return known }
        return calendar.add(seconds, to: start, window: &window)
    }
    @inline(__always)
    func isOpen(at instant: Instant, window: inout BusinessCalendar.Window) -> Bool {
        if let known = window.isOpen(at: instant) { return known }
        return calendar.isOpen(at: instant, window: &window)
    }
    @inline(__always)
    func nextOpen(atOrAfter instant: Instant, window: inout BusinessCalendar.Window) -> Instant? {
        if let known = window.nextOpen(atOrAfter: instant) { return known }
        return calendar.nextOpen(atOrAfter: instant, window: &window)
    }
}

/// An SLA clock: an entry of `slas`, or a stage's `sla:` (named after the stage).
final class ClockDefinition: Sendable {
    let name: String
    /// The stage of a stage clock, -1 for an entry of `slas`.
    let stage: Int
    let start: Condition?
    let stop: Condition?
    let pause: Condition?
    let target: Selector<DurationValue>
    let calendar: Selector<Int>
    let warnings: [SLA.Warning]
    let warningLabels: [String]
    let onWarning: [CompiledAction]
    let onBreach: [CompiledAction]
    let onMet: [CompiledAction]
    /// `sla <name> on_warning` etc.: the source of what the actions send.
    let warningSource: String
    let breachSource: String
    let metSource: String
    /// Every path the clock's conditions and `by` tables read.
    let paths: [PathReference]
    /// `start`, `stop` and `pause` unretained, for the hot path (see `Definitions.unretainedCalendars`).
    let unretainedStart: Unmanaged<Condition>?
    let unretainedStop: Unmanaged<Condition>?
    let unretainedPause: Unmanaged<Condition>?

    init(name: String, stage: Int, start: Condition?, stop: Condition?, pause: Condition?, target: Selector<DurationValue>,
         calendar: Selector<Int>, warnings: [SLA.Warning], warningLabels: [String], onWarning: [CompiledAction],
         onBreach: [CompiledAction], onMet: [CompiledAction]) {
        self.name = name
        self.stage = stage
        self.start = start
        self.stop = stop
        self.pause = pause
        self.target = target
        self.calendar = calendar
        self.warnings = warnings
        self.warningLabels = warningLabels
        self.onWarning = onWarning
        self.onBreach = onBreach
        self.onMet = onMet
        warningSource = "sla \(name) on_warning"
        breachSource = "sla \(name) on_breach"
        metSource = "sla \(name) on_met"
        var paths: [PathReference] = []
        for condition in [start, stop, pause] { if let condition { paths += condition.code.paths } }
        if let by = target.by { paths += by.code.paths }
        if let by = calendar.by { paths += by.code.paths }
        self.paths = paths
        unretainedStart = start.map { Unmanaged.passUnretained($0) }
        unretainedStop = stop.map { Unmanaged.passUnretained($0) }
        unretainedPause = pause.map { Unmanaged.passUnretained($0) }
    }
}

/// What reacts to an event: a notification rule or a rule.
enum Handler: Sendable {
    case notification(Int)
    case rule(Int)
}

/// The language events, numbered densely so that handlers are found by index:
/// `case.opened`, `case.updated`, `case.closed`, `routing.unassigned`, then `level.<name>.entered`
/// per level, `stage.<id>.started|done|skipped` per stage, `sla.<id>.started|warning|breached|met`
/// per clock.
struct EventCodes: Sendable {
    static let opened: Int32 = 0, updated: Int32 = 1, closed: Int32 = 2, unassigned: Int32 = 3
    var levelBase: Int32 = 4
    var stageBase: Int32
    var clockBase: Int32
    var count: Int

    init(levels: Int, stages: Int, clocks: Int) {
        stageBase = 4 + Int32(levels)
        clockBase = stageBase + Int32(stages * 3)
        count = Int(clockBase) + clocks * 4
    }

    @inline(__always)
    func level(_ index: Int) -> Int32 { levelBase + Int32(index) }
    @inline(__always)
    func stage(_ index: Int, _ event: EventPattern.StageEvent) -> Int32 {
        let offset: Int32 = switch event {
        case .started: 0
        case .done: 1
        case .skipped: 2
        }
        return stageBase + Int32(index * 3) + offset
    }
    @inline(__always)
    func clock(_ index: Int, _ event: EventPattern.SLAEvent) -> Int32 {
        let offset: Int32 = switch event {
        case .started: 0
        case .warning: 1
        case .breached: 2
        case .met: 3
        }
        return clockBase + Int32(index * 4) + offset
    }
}

/// A template compiled for rendering.
struct PreparedTemplate: Sendable {
    var id: String
    var subject: MustacheTemplate?
    var body: MustacheTemplate?
    /// Why the template could not be compiled (the linter reports it too).
    var problem: String?
}

/// Everything the engine needs from a compiled workflow, indexed for evaluation. Built once.
final class Definitions: Sendable {
    let workflow: CompiledWorkflow
    let options: Engine.Options
    /// Every declared person (team members and role holders), in order of first appearance.
    let people: [String]
    let personIndex: [String: Int32]
    /// Team members as person numbers.
    let teamMembers: [[Int32]]
    let teamsOfPerson: [[Int]]
    let roles: [Selector<String>]
    let clocks: [ClockDefinition]
    /// Per clock: its stage (-1 for an SLA), read without holding its definition.
    let clockStage: [Int]
    /// Every clock's warnings, flat (clock `i`'s are `warningStart[i] ..< warningStart[i + 1]`,
    /// in `warn` order; tables of plain values: nothing retained to read them): the fraction of
    /// the target, or nil for `before`, whose open seconds per calendar are
    /// `warningBeforeSeconds[warning * calendars.count + calendar]` (0 for a fraction).
    let warningStart: [Int]
    let warningFraction: [Double?]
    let warningBeforeSeconds: [Int64]
    let clockIndex: [String: Int]
    /// The clock of each stage, or -1.
    let stageClock: [Int]
    let codes: EventCodes
    let eventNames: [String]
    /// Per event code, its handlers, flat (code `i`'s are `handlerFlat[handlerStart[i] ..<
    /// handlerStart[i + 1]]`, in declaration order; read by index, no array retained per event).
    let handlerFlat: [Handler]
    let handlerStart: [Int]
    /// Per stage: the stages it needs; also flat (`needsFlat[needsStart[i]..<needsStart[i + 1]]`).
    let stageNeeds: [[Int]]
    let needsFlat: [Int]
    let needsStart: [Int]
    /// The consumers of what a case's conditions read — clocks (bit = clock index), periodic
    /// slots (bit = clock count + slot), then the `when` of each notification rule and rule — as
    /// bits of `CaseState.dirty`; consumers past 64 have no bit and are always evaluated. Per field slot, stage and clock: the consumers that read it.
    let fieldDependents: [UInt64]
    /// Consumers reading `case.level` and the other built-ins.
    let builtinDependents: UInt64
    let stageDependents: [UInt64]
    let clockDependents: [UInt64]
    /// Consumers that read something changing with time: evaluated every round.
    let volatileConsumers: UInt64
    /// The consumer bit of each notification rule's and rule's `when` (see `CaseState.whenValues`).
    let notificationWhenBit: [Int]
    let ruleWhenBit: [Int]
    /// Per field slot: the clocks (bit = clock index) whose `by` tables read it; and those whose
    /// tables read a built-in. Tables are evaluated again only after such a change.
    let tableDependents: [UInt64]
    let tableBuiltinDependents: UInt64
    /// Notification rules with `every`.
    let periodic: [Int]
    let templates: [PreparedTemplate]
    let templateIDs: [String]
    /// Per template: whether its text may read stages (`stage`) and clocks (`sla`); a deferred
    /// message's snapshot of the case keeps only those arrays (see `CaseRun.send`).
    let templateReadsStages: [Bool]
    let templateReadsClocks: [Bool]
    /// Whether some role's `by` table reads stages or clocks (a message whose recipients are
    /// derived later keeps those arrays in its snapshot when it names a role or the owner).
    let rolesReadStages: Bool
    let rolesReadClocks: Bool
    /// `team.<id>` and `role.<id>`, built once (recipients as written).
    let teamWritten: [String]
    let roleWritten: [String]
    let fieldIndex: [String: Int]
    /// Field slots by the names an event may use: `customer.tier` and `case.customer.tier`.
    let inputFieldIndex: NameTable
    /// Every field's default (null when none), by slot.
    let defaultFields: [Value]
    /// Slots of the required fields, in file order.
    let requiredSlots: [Int]
    /// Per field slot: whether the field is required.
    let requiredFlags: [Bool]
    /// The stages, clocks and periodic slots of a new case (copied on open).
    let newStages: [StageState]
    let newClocks: [ClockState]
    let newPeriodic: [PeriodicState]
    /// Stage indexes by id.
    let stageTable: NameTable
    /// Per field slot: the values of an enum field by text (nil for other fields).
    let enumTables: [NameTable?]
    /// Per rule: its actions (no copy of the rule to reach them).
    let ruleActions: [[CompiledAction]]
    /// Slot of `case.title` (for the escalation notice) and `case.customer.email`.
    let titleSlot: Int?
    let customerEmailSlot: Int?
    let stageConditions: [Condition?]
    let routingConditions: [Condition?]
    let notificationWhen: [Condition?]
    let notificationWhile: [Condition?]
    let ruleWhen: [Condition?]
    /// The assignment action sources, precomputed: `notification <name>` etc.
    let notificationSources: [String]
    let ruleSources: [String]
    let stageSources: [String]
    let calendars: [CalendarRef]
    // Unretained views of `calendars`, `clocks`, `enumTables` and the conditions, for the hot
    // path: the retained arrays keep every object alive as long as the definitions, and
    // `Unmanaged._withUnsafeGuaranteedRef` lends one for a call without retaining it.
    let unretainedCalendars: [Unmanaged<CalendarRef>]
    let unretainedClocks: [Unmanaged<ClockDefinition>]
    let unretainedEnumTables: [Unmanaged<NameTable>?]
    let unretainedStageConditions: [Unmanaged<Condition>?]
    let unretainedRoutingConditions: [Unmanaged<Condition>?]
    let unretainedNotificationWhen: [Unmanaged<Condition>?]
    let unretainedNotificationWhile: [Unmanaged<Condition>?]
    let unretainedRuleWhen: [Unmanaged<Condition>?]
    /// Per team: its calendar, and its calendar's index.
    let teamCalendars: [CalendarRef]
    let teamCalendarIndex: [Int]
    let stages: [Ref<CompiledStage>]
    let notifications: [Ref<CompiledNotificationRule>]
    /// Per stage: its `assign` and `notify`; per notification rule: its `notify` and `every`
    /// (read without retaining the stage or rule).
    let stageAssign: [CompiledAssignee?]
    let stageNotify: [CompiledNotify?]
    let notificationNotify: [CompiledNotify]
    let notificationEvery: [DurationValue?]
    let levelNoticeTemplates: [String]
    let levelEventNames: [String]

    init(_ workflow: CompiledWorkflow, options: Engine.Options) {
        self.workflow = workflow
        self.options = options
        var people: [String] = []
        var personIndex: [String: Int32] = [:]
        func declare(_ person: String) {
            if personIndex[person] == nil {
                personIndex[person] = Int32(people.count)
                people.append(person)
            }
        }
        let roles = workflow.roles.map { Selector($0.holder, label: "by") }
        self.roles = roles
        for team in workflow.teams { team.members.forEach(declare) }
        // Role holders in a fixed order — the `by` table's values in their order, then the
        // default — so that person numbers (in effects and states) are the same in every run:
        // the compiled table is a dictionary, whose order varies from run to run.
        for role in roles {
            if let fixed = role.fixed {
                declare(fixed)
            } else {
                for holder in role.results { if let holder { declare(holder) } }
                if let holder = role.defaultResult { declare(holder) }
            }
        }
        self.people = people
        self.personIndex = personIndex
        teamMembers = workflow.teams.map { $0.members.map { personIndex[$0]! } }
        var teamsOfPerson = Array(repeating: [Int](), count: people.count)
        for (team, members) in teamMembers.enumerated() {
            for member in members where !teamsOfPerson[Int(member)].contains(team) { teamsOfPerson[Int(member)].append(team) }
        }
        self.teamsOfPerson = teamsOfPerson

        var clocks: [ClockDefinition] = workflow.slas.map { sla in
            ClockDefinition(
                name: sla.id, stage: -1,
                start: sla.start.map { Condition(label: "start", text: $0.text, code: $0.compiled) },
                stop: sla.stop.map { Condition(label: "stop", text: $0.text, code: $0.compiled) },
                pause: sla.pauseWhen.map { Condition(label: "pause_when", text: $0.text, code: $0.compiled) },
                target: sla.target.map { Selector($0, label: "target by") } ?? Selector(fixed: DurationValue(seconds: 0)),
                calendar: Selector(sla.calendar, label: "calendar by"),
                warnings: sla.warn, warningLabels: sla.warn.map(Definitions.label),
                onWarning: sla.onWarning, onBreach: sla.onBreach, onMet: sla.onMet)
        }
        var stageClock = Array(repeating: -1, count: workflow.stages.count)
        for (index, stage) in workflow.stages.enumerated() {
            guard let own = stage.sla else { continue }
            stageClock[index] = clocks.count
            clocks.append(ClockDefinition(
                name: stage.id, stage: index, start: nil, stop: nil, pause: nil,
                target: Selector(fixed: own.target), calendar: Selector(fixed: own.calendar),
                warnings: [], warningLabels: [], onWarning: [], onBreach: [], onMet: []))
        }
        self.clocks = clocks
        clockStage = clocks.map(\.stage)
        warningStart = clocks.reduce(into: [0]) { starts, clock in starts.append(starts.last! + clock.warnings.count) }
        warningFraction = clocks.flatMap { clock in
            clock.warnings.map { warning -> Double? in if case .fraction(let fraction) = warning { fraction } else { nil } }
        }
        self.stageClock = stageClock
        var clockIndex: [String: Int] = [:]
        for (index, clock) in clocks.enumerated() where clockIndex[clock.name] == nil { clockIndex[clock.name] = index }
        self.clockIndex = clockIndex

        let codes = EventCodes(levels: workflow.levels.count, stages: workflow.stages.count, clocks: clocks.count)
        self.codes = codes
        var names = ["case.opened", "case.updated", "case.closed", "routing.unassigned"]
        names += workflow.levels.map { "level.\($0.name).entered" }
        for stage in workflow.stages { names += EventPattern.StageEvent.allCases.map { "stage.\(stage.id).\($0.rawValue)" } }
        for clock in clocks { names += EventPattern.SLAEvent.allCases.map { "sla.\(clock.name).\($0.rawValue)" } }
        eventNames = names
        levelEventNames = workflow.levels.map { "level.\($0.name).entered" }
        levelNoticeTemplates = workflow.levels.map { "level.\($0.name)" }

        func codesOf(_ pattern: EventPattern) -> [Int32] {
            switch pattern {
            case .caseOpened: return [EventCodes.opened]
            case .caseUpdated: return [EventCodes.updated]
            case .caseClosed: return [EventCodes.closed]
            case .routingUnassigned: return [EventCodes.unassigned]
            case .levelEntered(let name):
                return workflow.levelIndex[name].map { [codes.level($0)] } ?? []
            case .stage(let id, let event):
                return workflow.stageIndex[id].map { [codes.stage($0, event)] } ?? []
            case .sla(let id, let event):
                guard let clock = clockIndex[id] else { return [] }
                if let event { return [codes.clock(clock, event)] }
                return EventPattern.SLAEvent.allCases.map { codes.clock(clock, $0) }
            }
        }
        var handlers = Array(repeating: [Handler](), count: codes.count)
        var periodic: [Int] = []
        for (index, rule) in workflow.notifications.enumerated() {
            if rule.every != nil { periodic.append(index) }
            for pattern in rule.on {
                for code in codesOf(pattern) where !handlers[Int(code)].contains(where: { if case .notification(index) = $0 { true } else { false } }) {
                    handlers[Int(code)].append(.notification(index))
                }
            }
        }
        for (index, rule) in workflow.rules.enumerated() {
            for pattern in rule.on {
                for code in codesOf(pattern) where !handlers[Int(code)].contains(where: { if case .rule(index) = $0 { true } else { false } }) {
                    handlers[Int(code)].append(.rule(index))
                }
            }
        }
        handlerFlat = handlers.flatMap { $0 }
        handlerStart = handlers.reduce(into: [0]) { starts, list in starts.append(starts.last! + list.count) }
        stageNeeds = workflow.stages.map(\.needs)
        needsFlat = stageNeeds.flatMap { $0 }
        needsStart = stageNeeds.reduce(into: [0]) { starts, needs in starts.append(starts.last! + needs.count) }
        var consumers: [Dependencies] = clocks.map { clock in
            var dependencies = Dependencies(clock.paths, clockCount: clocks.count)
            if clock.stage >= 0 { dependencies.stages.append(clock.stage) }
            return dependencies
        }
        for index in periodic {
            consumers.append(workflow.notifications[index].whileCondition.map { Dependencies($0.compiled.paths, clockCount: clocks.count) }
                             ?? Dependencies())
        }
        // Then the `when` of each notification rule and rule: its value is kept until something it reads changes.
        notificationWhenBit = workflow.notifications.indices.map { consumers.count + $0 }
        for rule in workflow.notifications {
            consumers.append(rule.when.map { Dependencies($0.compiled.paths, clockCount: clocks.count) } ?? Dependencies())
        }
        ruleWhenBit = workflow.rules.indices.map { consumers.count + $0 }
        for rule in workflow.rules {
            consumers.append(rule.when.map { Dependencies($0.compiled.paths, clockCount: clocks.count) } ?? Dependencies())
        }
        var fieldDependents = Array(repeating: UInt64(0), count: workflow.fields.count)
        var stageDependents = Array(repeating: UInt64(0), count: workflow.stages.count)
        var clockDependents = Array(repeating: UInt64(0), count: clocks.count)
        var builtinDependents: UInt64 = 0
        var volatileConsumers: UInt64 = 0
        for (consumer, dependencies) in consumers.enumerated() where consumer < 64 {
            let bit: UInt64 = 1 << UInt64(consumer)
            for slot in dependencies.fields where slot < fieldDependents.count { fieldDependents[slot] |= bit }
            for stage in dependencies.stages where stage < stageDependents.count { stageDependents[stage] |= bit }
            for clock in dependencies.clocks { clockDependents[clock] |= bit }
            if dependencies.builtin { builtinDependents |= bit }
            if dependencies.volatile { volatileConsumers |= bit }
        }
        self.fieldDependents = fieldDependents
        self.stageDependents = stageDependents
        self.clockDependents = clockDependents
        self.builtinDependents = builtinDependents
        self.volatileConsumers = volatileConsumers
        var tableDependents = Array(repeating: UInt64(0), count: workflow.fields.count)
        var tableBuiltinDependents: UInt64 = 0
        for (index, clock) in clocks.enumerated() where index < 64 {
            let paths = (clock.target.by?.code.paths ?? []) + (clock.calendar.by?.code.paths ?? [])
            for path in paths {
                if path.namespace == PathNamespace.field.rawValue, Int(path.index) < tableDependents.count {
                    tableDependents[Int(path.index)] |= 1 << UInt64(index)
                } else if path.namespace == PathNamespace.caseBuiltin.rawValue {
                    tableBuiltinDependents |= 1 << UInt64(index)
                }
            }
        }
        self.tableDependents = tableDependents
        self.tableBuiltinDependents = tableBuiltinDependents
        self.periodic = periodic

        templates = workflow.templates.map { template in
            // Ladder renders text: no HTML escaping (`{{x}}` and `{{{x}}}` are the same).
            var prepared = PreparedTemplate(id: template.id)
            do {
                if let subject = template.subject { prepared.subject = try MustacheTemplate(string: "{{%CONTENT_TYPE:TEXT}}" + subject) }
                prepared.body = try MustacheTemplate(string: "{{%CONTENT_TYPE:TEXT}}" + template.body)
            } catch {
                prepared.problem = "template \(template.id) does not compile: \(error)"
            }
            return prepared
        }
        templateIDs = workflow.templates.map(\.id)
        // Every name a template can reach starts at `case`, `stage` or `sla` (no partials, no
        // computed names), so text without "sla" reads no clock. Reading a clock (a pending
        // clock's remaining time evaluates its `by` tables) keeps the whole case.
        let readsClocks = workflow.templates.map { ($0.subject ?? "").contains("sla") || $0.body.contains("sla") }
        templateReadsClocks = readsClocks
        templateReadsStages = workflow.templates.indices.map { index in
            let template = workflow.templates[index]
            return readsClocks[index] || (template.subject ?? "").contains("stage") || template.body.contains("stage")
        }
        let rolePaths = roles.flatMap { $0.by?.code.paths ?? [] }
        rolesReadClocks = rolePaths.contains { $0.namespace != PathNamespace.field.rawValue && $0.namespace != PathNamespace.caseBuiltin.rawValue
            && $0.namespace != PathNamespace.stage.rawValue }
        rolesReadStages = rolesReadClocks || rolePaths.contains { $0.namespace == PathNamespace.stage.rawValue }
        teamWritten = workflow.teams.map { "team.\($0.id)" }
        roleWritten = workflow.roles.map { "role.\($0.id)" }
        fieldIndex = workflow.fieldSlot
        // As `Step.validate` reads a name: a leading `case.` is dropped, then the rest is looked up.
        var inputFieldIndex: [String: Int] = [:]
        for (name, slot) in workflow.fieldSlot {
            inputFieldIndex["case." + name] = slot
            if !name.hasPrefix("case.") { inputFieldIndex[name] = slot }
        }
        self.inputFieldIndex = NameTable(inputFieldIndex)
        defaultFields = workflow.fields.map { $0.defaultValue ?? .null }
        requiredSlots = workflow.fields.indices.filter { workflow.fields[$0].required }
        requiredFlags = workflow.fields.map(\.required)
        newStages = Array(repeating: StageState(), count: workflow.stages.count)
        newClocks = Array(repeating: ClockState(), count: clocks.count)
        newPeriodic = Array(repeating: PeriodicState(), count: periodic.count)
        stageTable = NameTable(names: workflow.stages.map(\.id))
        let enumTables = workflow.fields.map { field -> NameTable? in
            if case .enumeration(let values) = field.type { NameTable(names: values) } else { nil }
        }
        ruleActions = workflow.rules.map(\.actions)
        titleSlot = workflow.fieldSlot["title"]
        customerEmailSlot = workflow.fieldSlot["customer.email"]
        let stageConditions = workflow.stages.map { stage in stage.when.map { Condition(label: "when", text: $0.text, code: $0.compiled) } }
        let routingConditions = workflow.routing.map { rule in rule.when.map { Condition(label: "when", text: $0.text, code: $0.compiled) } }
        let notificationWhen = workflow.notifications.map { rule in rule.when.map { Condition(label: "when", text: $0.text, code: $0.compiled) } }
        let notificationWhile = workflow.notifications.map { rule in
            rule.whileCondition.map { Condition(label: "while", text: $0.text, code: $0.compiled) }
        }
        let ruleWhen = workflow.rules.map { rule in rule.when.map { Condition(label: "when", text: $0.text, code: $0.compiled) } }
        notificationSources = workflow.notifications.map { "notification \($0.name)" }
        ruleSources = workflow.rules.map { "rule \($0.name)" }
        stageSources = workflow.stages.map { "stage \($0.id)" }
        let calendars = workflow.calendars.map { CalendarRef(id: $0.id, calendar: $0.calendar) }
        self.calendars = calendars
        self.enumTables = enumTables
        self.stageConditions = stageConditions
        self.routingConditions = routingConditions
        self.notificationWhen = notificationWhen
        self.notificationWhile = notificationWhile
        self.ruleWhen = ruleWhen
        unretainedCalendars = calendars.map { Unmanaged.passUnretained($0) }
        unretainedClocks = clocks.map { Unmanaged.passUnretained($0) }
        unretainedEnumTables = enumTables.map { $0.map { Unmanaged.passUnretained($0) } }
        unretainedStageConditions = stageConditions.map { $0.map { Unmanaged.passUnretained($0) } }
        unretainedRoutingConditions = routingConditions.map { $0.map { Unmanaged.passUnretained($0) } }
        unretainedNotificationWhen = notificationWhen.map { $0.map { Unmanaged.passUnretained($0) } }
        unretainedNotificationWhile = notificationWhile.map { $0.map { Unmanaged.passUnretained($0) } }
        unretainedRuleWhen = ruleWhen.map { $0.map { Unmanaged.passUnretained($0) } }
        warningBeforeSeconds = clocks.flatMap { clock in
            clock.warnings.flatMap { warning -> [Int64] in
                guard case .before(let duration) = warning else { return Array(repeating: 0, count: calendars.count) }
                return calendars.map { $0.openSeconds(of: duration) }
            }
        }
        teamCalendars = workflow.teams.map { calendars[$0.calendar] }
        teamCalendarIndex = workflow.teams.map(\.calendar)
        stages = workflow.stages.map { Ref($0) }
        notifications = workflow.notifications.map { Ref($0) }
        stageAssign = workflow.stages.map(\.assign)
        stageNotify = workflow.stages.map(\.notify)
        notificationNotify = workflow.notifications.map(\.notify)
        notificationEvery = workflow.notifications.map(\.every)
    }

    /// `75%`, `87.5%`, `30m before`.
    static func label(_ warning: SLA.Warning) -> String {
        switch warning {
        case .fraction(let fraction):
            let percent = fraction * 100
            return percent == percent.rounded() ? "\(Int(percent))%" : "\(percent)%"
        case .before(let duration):
            return "\(duration) before"
        }
    }

    /// Whether a consumer (see `fieldDependents`) must be re-evaluated: something it reads
    /// changed, it reads time, or it has no bit.
    @inline(__always)
    func mustEvaluate(_ consumer: Int, dirty: UInt64) -> Bool {
        consumer >= 64 || (dirty | volatileConsumers) & (1 << UInt64(consumer)) != 0
    }

    /// The recipient as written in the workflow.
    func written(_ recipient: CompiledNotify.Recipient) -> String {
        switch recipient {
        case .team(let index): "team.\(workflow.teams[index].id)"
        case .role(let index): "role.\(workflow.roles[index].id)"
        case .customer: "customer"
        case .assignee: "assignee"
        case .owner: "owner"
        }
    }

    /// The index of the stage with this id.
    func stageNumber(_ id: String) -> Int? { stageTable[id] }

    /// The recipient as written, without building the text (precomputed for teams and roles).
    func writtenRecipient(_ recipient: CompiledNotify.Recipient) -> String {
        switch recipient {
        case .team(let index): teamWritten[index]
        case .role(let index): roleWritten[index]
        case .customer: "customer"
        case .assignee: "assignee"
        case .owner: "owner"
        }
    }

    /// The assignment target as written.
    func written(_ assignee: CompiledAssignee) -> String {
        switch assignee {
        case .routing: "routing"
        case .team(let index): "team.\(workflow.teams[index].id)"
        case .role(let index): "role.\(workflow.roles[index].id)"
        case .stageAssignee(let index): "stage.\(workflow.stages[index].id).assignee"
        case .person(let person): person
        }
    }
}
