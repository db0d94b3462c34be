import LadderExpressions
import LadderLanguage
import LadderTime

/// The effects of one step, in order, when decisions are recorded: `decide` appends to it from
/// non-mutating code (its texts are built lazily in autoclosures), so every effect of such a
/// step goes here to keep the order. Without decisions, effects go to `CaseRun.effects`, a
/// value (no allocation of a sink, no dynamic exclusivity checks).
final class EffectSink {
    var effects: [Effect] = []

    init() {
        effects.reserveCapacity(24)
    }
}

/// A condition's record, boxed: without decisions the optional is nil and dropping it is a
/// null check (an optional `ConditionRecord` is destroyed through an outlined generic witness).
final class RecordBox {
    let record: ConditionRecord
    init(_ record: ConditionRecord) { self.record = record }
}

extension Optional where Wrapped == RecordBox {
    /// The record as a list of conditions (empty when none).
    var list: [ConditionRecord] { map { [$0.record] } ?? [] }
}

/// A language event waiting to be handled within a step.
struct PendingEvent: Sendable, Equatable {
    enum Actions: UInt8, Sendable { case none, warning, breach, met }

    var code: Int32
    /// The stage the event is about (stage events, stage clocks), -1 otherwise: `assignee` context.
    var stage: Int32
    /// The clock whose `on_warning`/`on_breach`/`on_met` run when the event is handled.
    var clock: Int32
    var actions: Actions
}

/// Changes one case during a step: works on the case, the shared routing state, the step's
/// effect buffer and the language-event buffer in place, through pointers that `Step.withCase`
/// holds valid while the run exists (no move in and out, nothing to release afterwards).
/// Also the evaluation context of the case's expressions.
struct CaseRun: EvaluationContext {
    let definitions: Definitions
    let now: Instant
    private let casePointer: UnsafeMutablePointer<CaseState>
    private let sharedPointer: UnsafeMutablePointer<SharedState>
    private let effectsPointer: UnsafeMutablePointer<[Effect]>
    private let queuePointer: UnsafeMutablePointer<[PendingEvent]>
    /// The case, in place.
    var c: CaseState {
        @inline(__always) unsafeAddress { UnsafePointer(casePointer) }
        @inline(__always) nonmutating unsafeMutableAddress { casePointer }
    }
    /// The routing state shared by all cases, in place.
    var shared: SharedState {
        @inline(__always) unsafeAddress { UnsafePointer(sharedPointer) }
        @inline(__always) nonmutating unsafeMutableAddress { sharedPointer }
    }
    /// Where the step's effects go when decisions are not recorded.
    var effects: [Effect] {
        @inline(__always) unsafeAddress { UnsafePointer(effectsPointer) }
        @inline(__always) nonmutating unsafeMutableAddress { effectsPointer }
    }
    /// Language events caused in this run, `queue[..<tail]` (`settle` handles them all before the
    /// run ends). Entries from `tail` on are left over from earlier runs and overwritten: the
    /// buffer is never cleared, only its capacity grows.
    var queue: [PendingEvent] {
        @inline(__always) unsafeAddress { UnsafePointer(queuePointer) }
        @inline(__always) nonmutating unsafeMutableAddress { queuePointer }
    }
    /// Where the step's effects go when decisions are recorded (a reference, so that recording
    /// a decision is not a mutation of the run); nil otherwise.
    let sink: EffectSink?
    /// The next language event to handle in `queue`.
    var head = 0
    /// The end of this run's events in `queue`.
    var tail = 0
    /// Bumped on every change to the case; conditions are re-evaluated only after a change.
    var version: UInt32 = 1
    var settledVersion: UInt32 = 0
    /// Firings per rule in this cascade: a byte each, rules 0..<16 in two words (no allocation),
    /// the others in `moreFirings` (allocated on the first firing of such a rule).
    var firingWords: (UInt64, UInt64) = (0, 0)
    var moreFirings: [UInt8] = []
    var handledEvents = 0

    /// A run over memory the caller keeps valid and otherwise untouched while the run exists.
    init(definitions: Definitions, now: Instant, c: UnsafeMutablePointer<CaseState>, shared: UnsafeMutablePointer<SharedState>,
         effects: UnsafeMutablePointer<[Effect]>, queue: UnsafeMutablePointer<[PendingEvent]>, sink: EffectSink?) {
        self.definitions = definitions
        self.now = now
        casePointer = c
        sharedPointer = shared
        effectsPointer = effects
        queuePointer = queue
        self.sink = sink
    }

    /// Runs `body` on a copy of a case with empty shared state and buffers (for reading only).
    static func detached<R>(definitions: Definitions, now: Instant, c: CaseState, _ body: (CaseRun) -> R) -> R {
        var c = c
        var shared = SharedState.placeholder
        var effects: [Effect] = []
        var queue: [PendingEvent] = []
        return withUnsafeMutablePointer(to: &c) { c in
            withUnsafeMutablePointer(to: &shared) { shared in
                withUnsafeMutablePointer(to: &effects) { effects in
                    withUnsafeMutablePointer(to: &queue) { queue in
                        body(CaseRun(definitions: definitions, now: now, c: c, shared: shared, effects: effects, queue: queue, sink: nil))
                    }
                }
            }
        }
    }

    @inline(__always)
    var workflow: CompiledWorkflow { definitions.workflow }
    @inline(__always)
    var records: Bool { definitions.options.recordDecisions }

    // MARK: Evaluation context

    func value(of reference: PathReference) -> Value {
        PathValues.value(of: reference, definitions: definitions, case: UnsafePointer(casePointer), now: now)
    }

    /// Evaluates a condition; with decisions on, also returns what it read.
    @inline(__always)
    func test(_ condition: Condition) -> (Bool, RecordBox?) {
        guard records else { return (condition.code.isTrue(self), nil) }
        if definitions.options.explainConditions {
            let (value, steps) = condition.code.evaluateExplained(self)
            return (value.isTrue, RecordBox(ConditionRecord(label: condition.label, expression: condition.text, value: value, steps: steps)))
        }
        let value = condition.code.evaluate(self)
        return (value.isTrue, RecordBox(ConditionRecord(label: condition.label, expression: condition.text, value: value, steps: [])))
    }

    /// `test(_:)` of an unretained condition (see `Definitions.unretainedCalendars`). Not
    /// inlined, so that the run is lent to the call as it stands: inlined into a mutating
    /// method, the closure would take a copy of the run (retaining what it holds).
    @inline(never)
    func test(_ condition: Unmanaged<Condition>) -> (Bool, RecordBox?) {
        condition._withUnsafeGuaranteedRef { test($0) }
    }

    /// Evaluates a `when` whose consumer bit is `bit`: without decisions, the value kept from its
    /// last evaluation is used while nothing it reads has changed (it is a function of what it reads).
    @inline(__always)
    mutating func testWhen(_ condition: Condition, bit: Int) -> (Bool, RecordBox?) {
        guard !records else { return test(condition) }
        return (whenHolds(condition, bit: bit), nil)
    }

    /// `testWhen` without decisions.
    @inline(__always)
    mutating func whenHolds(_ condition: Condition, bit: Int) -> Bool {
        guard bit < 64 else { return condition.code.isTrue(self) }
        let mask: UInt64 = 1 << UInt64(bit)
        if (c.dirty | definitions.volatileConsumers) & mask == 0 { return c.whenValues & mask != 0 }
        let holds = condition.code.isTrue(self)
        if holds { c.whenValues |= mask } else { c.whenValues &= ~mask }
        if definitions.volatileConsumers & mask == 0 { c.dirty &= ~mask }
        return holds
    }

    /// Evaluates a `by` table.
    @inline(__always)
    func select<R>(_ selector: Selector<R>) -> (R?, RecordBox?) {
        if let fixed = selector.fixed { return (fixed, nil) }
        if !records, selector.fieldSlot >= 0 {
            // `by: case.<field>`: the field's value, read in place (what the evaluator would read;
            // the `by` condition is not even loaded).
            let slot = selector.fieldSlot
            let result = c.fields.withUnsafeBufferPointer { fields -> R? in
                guard slot < fields.count, case .string(let text) = fields[slot] else { return selector.defaultResult }
                return selector.result(forText: text)
            }
            return (result, nil)
        }
        guard let by = selector.by else { return (nil, nil) }
        if records, definitions.options.explainConditions {
            let (value, steps) = by.code.evaluateExplained(self)
            return (selector.result(for: value), RecordBox(ConditionRecord(label: by.label, expression: by.text, value: value, steps: steps)))
        }
        let value = by.code.evaluate(self)
        return (selector.result(for: value), records ? RecordBox(ConditionRecord(label: by.label, expression: by.text, value: value, steps: [])) : nil)
    }

    // MARK: Recording

    mutating func changed() { version &+= 1 }


    /// Records an effect.
    @inline(__always)
    mutating func record(_ effect: Effect) {
        if let sink { sink.effects.append(effect) } else { effects.append(effect) }
    }

    /// Records a decision (only when decisions are recorded: the texts are built lazily).
    @inline(__always)
    func decide(_ kind: Decision.Kind, _ subject: @autoclosure () -> String, _ outcome: @autoclosure () -> String,
                         _ reason: @autoclosure () -> String,
                         conditions: @autoclosure () -> [ConditionRecord] = [], candidates: @autoclosure () -> [Candidate] = []) {
        guard records, let sink else { return }
        sink.effects.append(.decision(Decision(caseID: c.id, kind: kind, subject: subject(), outcome: outcome(), reason: reason(),
                                          conditions: conditions(), candidates: candidates())))
    }

    /// Emits a language event: queued for the notification rules and rules, and (with decisions
    /// recorded) shown as an effect.
    @inline(__always)
    mutating func emit(_ code: Int32, stage: Int = -1, clock: Int = -1, actions: PendingEvent.Actions = .none) {
        if records { record(.emitted(caseNumber: c.number, event: Int(code))) }
        let event = PendingEvent(code: code, stage: Int32(stage), clock: Int32(clock), actions: actions)
        if tail < queue.count { queue[tail] = event } else { queue.append(event) }
        tail += 1
    }

    @inline(__always)
    func person(_ number: Int32) -> String { definitions.people[Int(number)] }

    // MARK: Settling

    /// Brings the case to rest: starts and skips stages, updates clocks and periodic messages,
    /// handles every event caused, and closes the case when every stage is settled.
    mutating func settle() {
        while true {
            reconcile()
            if head < tail {
                let event = queue[head]
                head += 1
                handledEvents += 1
                if handledEvents > Engine.maximumEventsPerStep {
                    decide(.cascadeLimit, "case \(c.id)", "stopped",
                           "more than \(Engine.maximumEventsPerStep) events in one step; the rest are dropped")
                    head = 0
                    tail = 0
                    return
                }
                dispatch(event)
                continue
            }
            if !c.closed, allStagesSettled {
                close(reason: "every stage is settled")
                continue
            }
            break
        }
        head = 0
        tail = 0
    }

    /// Whether every stage is done or skipped (read in place: no copy of the stages retained).
    @inline(__always)
    var allStagesSettled: Bool {
        for index in 0..<c.stages.count {
            let status = c.stages[index].status
            if status != .done && status != .skipped { return false }
        }
        return true
    }

    /// Stages, clocks and periodic messages, until nothing changes.
    mutating func reconcile() {
        var rounds = 0
        while settledVersion != version, rounds < 64 {
            settledVersion = version
            rounds += 1
            guard !c.closed else { return }
            // Only what reads something that changed is evaluated again (the rest would find
            // nothing to do): pending stages after a status change, clock and periodic
            // conditions after a change to what they read.
            if c.stagesUnsettled { progressStages() }
            for clock in c.clocks.indices where clockNeedsUpdate(clock) { updateClock(clock) }
            let clocks = c.clocks.count
            for slot in c.periodic.indices where definitions.mustEvaluate(clocks + slot, dirty: c.dirty) { updatePeriodic(slot) }
        }
    }

    /// Whether `updateClock` has anything to do: conditions to evaluate, or a live clock whose
    /// next threshold moved or is due (checked inline: most clocks have nothing to do).
    @inline(__always)
    func clockNeedsUpdate(_ index: Int) -> Bool {
        if definitions.mustEvaluate(index, dirty: c.dirty) { return true }
        let clock = c.clocks[index]
        guard clock.phase == .running || clock.phase == .paused else { return false }
        return clock.dirty || (clock.timer != 0 && now.seconds >= clock.due)
    }

    /// The name of a language event (for decisions: only read when they are recorded).
    func eventName(_ code: Int32) -> String { definitions.eventNames[Int(code)] }

    /// Handles one language event: the clock's actions, then notification rules, then rules.
    mutating func dispatch(_ event: PendingEvent) {
        if event.clock >= 0, event.actions != .none {
            let clock = definitions.clocks[Int(event.clock)]  // only when it has actions to run (no retain otherwise)
            switch event.actions {
            case .warning: run(clock.onWarning, source: clock.warningSource, stage: clock.stage)
            case .breach: run(clock.onBreach, source: clock.breachSource, stage: clock.stage)
            case .met: run(clock.onMet, source: clock.metSource, stage: clock.stage)
            case .none: break
            }
        }
        let code = Int(event.code)
        guard definitions.handlerStart[code] < definitions.handlerStart[code + 1] else { return }  // nothing handles it
        if !records { return dispatchQuietly(event) }
        for position in definitions.handlerStart[code]..<definitions.handlerStart[code + 1] {
            switch definitions.handlerFlat[position] {
            case .notification(let index):
                var conditions: [ConditionRecord] = []
                if let when = definitions.notificationWhen[index] {
                    let (holds, record) = testWhen(when, bit: definitions.notificationWhenBit[index])
                    if let record { conditions.append(record.record) }
                    if !holds {
                        decide(.notification, definitions.notificationSources[index], "not sent", "on \(eventName(event.code)): when was false",
                               conditions: conditions)
                        continue
                    }
                }
                if !conditions.isEmpty {
                    decide(.notification, definitions.notificationSources[index], "sent", "on \(eventName(event.code)): when was true", conditions: conditions)
                }
                send(definitions.notificationNotify[index], source: definitions.notificationSources[index], stage: Int(event.stage))
            case .rule(let index):
                var conditions: [ConditionRecord] = []
                if let when = definitions.ruleWhen[index] {
                    let (holds, record) = testWhen(when, bit: definitions.ruleWhenBit[index])
                    if let record { conditions.append(record.record) }
                    if !holds {
                        decide(.rule, definitions.ruleSources[index], "not fired", "on \(eventName(event.code)): when was false", conditions: conditions)
                        continue
                    }
                }
                let fired = firings(index)
                if fired >= Engine.cascadeLimit {
                    if fired == Engine.cascadeLimit {
                        decide(.cascadeLimit, definitions.ruleSources[index], "stopped",
                               "rule \(workflow.rules[index].name) fired \(Engine.cascadeLimit) times in one cascade and keeps triggering itself; it is not run again in this step",
                               conditions: conditions)
                        countFiring(index)
                    }
                    continue
                }
                countFiring(index)
                decide(.rule, definitions.ruleSources[index], "fired", "on \(eventName(event.code))" + (conditions.isEmpty ? "" : ": when was true"),
                       conditions: conditions)
                run(definitions.ruleActions[index], source: definitions.ruleSources[index], stage: Int(event.stage))
            }
        }
    }

    /// How often a rule fired in this cascade.
    @inline(__always)
    func firings(_ rule: Int) -> Int {
        if rule < 16 {
            let word = rule < 8 ? firingWords.0 : firingWords.1
            return Int(truncatingIfNeeded: word >> UInt64((rule & 7) * 8)) & 0xFF
        }
        return moreFirings.isEmpty ? 0 : Int(moreFirings[rule])
    }

    /// Counts one firing of a rule (at most `Engine.cascadeLimit + 1`, so a byte holds it).
    @inline(__always)
    mutating func countFiring(_ rule: Int) {
        if rule < 16 {
            let one: UInt64 = 1 << UInt64((rule & 7) * 8)
            if rule < 8 { firingWords.0 += one } else { firingWords.1 += one }
            return
        }
        if moreFirings.isEmpty { moreFirings = Array(repeating: 0, count: workflow.rules.count) }
        moreFirings[rule] += 1
    }

    /// `dispatch`'s handlers without decisions: the same handlers, conditions and firings, with
    /// no records or texts to carry.
    @inline(__always)
    mutating func dispatchQuietly(_ event: PendingEvent) {
        // The flat table: a handler is read by index, no array per event retained.
        let code = Int(event.code)
        for position in definitions.handlerStart[code]..<definitions.handlerStart[code + 1] {
            switch definitions.handlerFlat[position] {
            case .notification(let index):
                if let when = definitions.unretainedNotificationWhen[index],
                   !when._withUnsafeGuaranteedRef({ whenHolds($0, bit: definitions.notificationWhenBit[index]) }) { continue }
                send(definitions.notificationNotify[index], source: definitions.notificationSources[index], stage: Int(event.stage))
            case .rule(let index):
                if let when = definitions.unretainedRuleWhen[index],
                   !when._withUnsafeGuaranteedRef({ whenHolds($0, bit: definitions.ruleWhenBit[index]) }) { continue }
                let fired = firings(index)
                if fired >= Engine.cascadeLimit {
                    if fired == Engine.cascadeLimit { countFiring(index) }
                    continue
                }
                countFiring(index)
                run(definitions.ruleActions[index], source: definitions.ruleSources[index], stage: Int(event.stage))
            }
        }
    }

    // MARK: Opening, updating, closing

    mutating func open() {
        record(.caseOpened(caseNumber: c.number))
        route()
        emit(EventCodes.opened)
        changed()
    }

    mutating func update(_ changes: [(Int, Value)]) {
        changes.withUnsafeBufferPointer { update($0) }
    }

    mutating func update(_ changes: UnsafeBufferPointer<(Int, Value)>) {
        var any = false
        for (slot, value) in changes where c.fields[slot] != value {
            record(.fieldChanged(caseNumber: c.number, field: slot, from: c.fields[slot], to: value))
            FieldValues.set(&c.fields, slot, value)
            c.dirty |= definitions.fieldDependents[slot]
            c.tablesDirty |= definitions.tableDependents[slot]
            any = true
        }
        if any {
            changed()
            emit(EventCodes.updated)
        }
    }

    mutating func close(reason: String) {
        guard !c.closed else { return }
        // Clocks stop: met unless breached. Pending clocks stay pending.
        for index in c.clocks.indices where c.clocks[index].isLive {
            stopClock(index, reason: "the case closed")
        }
        for slot in c.periodic.indices where c.periodic[slot].active {
            stopPeriodic(slot, reason: "the case closed")
        }
        for index in c.stages.indices where c.stages[index].status == .active && c.stages[index].assignee >= 0 {
            shared.load[Int(c.stages[index].assignee)] -= 1
        }
        c.closed = true
        c.dirty = .max
        c.stagesUnsettled = true
        removeFromQueues()
        record(.caseClosed(caseNumber: c.number, reason: reason))
        emit(EventCodes.closed)
        changed()
    }

    mutating func reopenCase() {
        guard c.closed else { return }
        c.closed = false
        c.dirty = .max
        c.stagesUnsettled = true
        for index in c.stages.indices where c.stages[index].status == .active && c.stages[index].assignee >= 0 {
            shared.load[Int(c.stages[index].assignee)] += 1
        }
        record(.caseReopened(caseNumber: c.number))
        changed()
    }

    mutating func removeFromQueues() {
        for team in c.queuedTeams {
            shared.queues[Int(team)].removeAll { $0.caseNumber == c.number }
        }
        c.queuedTeams = []
    }
}
