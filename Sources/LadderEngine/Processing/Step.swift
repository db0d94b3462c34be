import LadderExpressions
import LadderLanguage
import LadderTime

/// One call of `Engine.step`: validates the event, then lets a `CaseRun` change the case (or
/// several cases, when a person comes back or a team calendar opens and queues are served).
struct Step {
    let definitions: Definitions
    let now: Instant
    /// The effects with decisions (see `EffectSink`), nil without.
    let sink: EffectSink?
    /// The effects without decisions, moved into each `CaseRun` and back.
    var buffer: [Effect] = []
    var effects: [Effect] { sink?.effects ?? buffer }

    /// The effects, moved out of the step (no copy to release afterwards).
    mutating func takeEffects() -> [Effect] {
        if let sink { return sink.effects }
        var taken: [Effect] = []
        swap(&taken, &buffer)
        return taken
    }

    init(definitions: Definitions, now: Instant) {
        self.definitions = definitions
        self.now = now
        if definitions.options.recordDecisions {
            sink = EffectSink()
        } else {
            sink = nil
            buffer.reserveCapacity(12)
        }
    }

    var workflow: CompiledWorkflow { definitions.workflow }

    /// Runs the event; returns a rejection (and changes nothing) when the event cannot be taken.
    mutating func run(_ event: EngineEvent, _ state: inout EngineState) -> Rejection? {
        switch event {
        case .open(let id, let values):
            if state.caseNumbers.find(id) != nil { return Rejection(.duplicateCase, "case \(id) already exists") }
            var fields = FieldValues.copy(definitions.defaultFields)  // unique: the writes below copy nothing
            // Which slots the event gave: a bit set (an array only for more than 64 fields).
            var givenBits: UInt64 = 0
            var givenMore: [Bool] = []
            if fields.count > 64 { givenMore = Array(repeating: false, count: fields.count) }
            for index in values.indices {  // by index: each entry read in place, not copied
                switch validate(values[index]) {
                case .failure(let rejection): return rejection
                case .success(let (slot, value)):
                    fields[slot] = value
                    if slot < 64 { givenBits |= 1 << UInt64(slot) } else { givenMore[slot] = true }
                }
            }
            for slot in definitions.requiredSlots {
                let given = slot < 64 ? givenBits & (1 << UInt64(slot)) != 0 : givenMore[slot]
                if !given || fields[slot].isNull {
                    return Rejection(.missingRequiredField, "case \(id) needs a value for the required field case.\(workflow.fields[slot].name)")
                }
            }
            let number = Int32(state.cases.count)
            state.cases.append(CaseState(
                id: id, number: number, openedAt: now, fields: fields, level: workflow.levels.isEmpty ? -1 : 0, closed: false,
                routed: -1, routedTeam: -1, stages: definitions.newStages, clocks: definitions.newClocks,
                periodic: definitions.newPeriodic))
            state.caseNumbers.insert(id, number: number)
            withCase(number, &state) { $0.open() }

        case .update(let id, let values):
            guard let number = state.caseNumbers.find(id) else { return unknownCase(id) }
            return update(number, values, &state)

        case .complete(let id, let stageName, let outcome):
            guard let number = state.caseNumbers.find(id) else { return unknownCase(id) }
            guard let stage = definitions.stageNumber(stageName) else { return unknownStage(stageName) }
            if state.isClosed(number) { return Rejection(.caseClosed, "case \(id) is closed; reopen a stage first") }
            let status = state.stageStatus(number, stage)
            guard status == .active else {
                return Rejection(.stageNotActive, "stage \(stageName) of case \(id) is \(status.rawValue), not active; only an active stage can be completed")
            }
            let declared = workflow.stages.withUnsafeBufferPointer { $0[stage].outcomes }  // no copy of the stage
            var outcomeIndex = -1
            if let outcome {
                guard let index = declared.firstIndex(of: outcome) else {
                    return Rejection(.outcomeNotDeclared, declared.isEmpty
                        ? "stage \(stageName) declares no outcomes, but the event names \"\(outcome)\""
                        : "stage \(stageName) has no outcome \"\(outcome)\"; its outcomes: \(declared.joined(separator: ", "))")
                }
                outcomeIndex = index
            } else if !declared.isEmpty {
                return Rejection(.outcomeRequired, "completing stage \(stageName) needs an outcome: \(declared.joined(separator: ", "))")
            }
            withCase(number, &state) { $0.complete(stage, outcome: outcomeIndex) }

        case .assign(let id, let stageName, let person):
            guard let number = state.caseNumbers.find(id) else { return unknownCase(id) }
            guard let stage = definitions.stageNumber(stageName) else { return unknownStage(stageName) }
            guard definitions.personIndex[person] != nil else { return unknownPerson(person) }
            if state.isClosed(number) { return Rejection(.caseClosed, "case \(id) is closed; reopen a stage first") }
            withCase(number, &state) { $0.assign(stage, to: .person(person), source: "assign event") }

        case .reopen(let id, let stageName):
            guard let number = state.caseNumbers.find(id) else { return unknownCase(id) }
            guard let stage = definitions.stageNumber(stageName) else { return unknownStage(stageName) }
            withCase(number, &state) { $0.reopen(stage, source: "reopen event") }

        case .skip(let id, let stageName):
            guard let number = state.caseNumbers.find(id) else { return unknownCase(id) }
            guard let stage = definitions.stageNumber(stageName) else { return unknownStage(stageName) }
            if state.isClosed(number) { return Rejection(.caseClosed, "case \(id) is closed; reopen a stage first") }
            withCase(number, &state) { $0.skip(stage, source: "skip event") }

        case .close(let id):
            guard let number = state.caseNumbers.find(id) else { return unknownCase(id) }
            if state.isClosed(number) { return Rejection(.caseClosed, "case \(id) is already closed") }
            withCase(number, &state) { $0.close(reason: "closed by a close event") }

        case .away(let person):
            guard let index = definitions.personIndex[person] else { return unknownPerson(person) }
            state.shared.away[Int(index)] = true

        case .back(let person):
            guard let index = definitions.personIndex[person] else { return unknownPerson(person) }
            state.shared.away[Int(index)] = false
            for team in definitions.teamsOfPerson[Int(index)] {
                serveQueue(team, &state)
                ensureTeamTimer(team, &state)
            }

        case .timer(let timer):
            fire(timer, &state)
        }
        return nil
    }

    /// An update event's changes: validated, then applied (outside `run`, which stays small
    /// enough for the optimizer to read cases and stages in place).
    @inline(never)
    mutating func update(_ number: Int32, _ values: [FieldValue], _ state: inout EngineState) -> Rejection? {
        // One change (the usual update) needs no array.
        if values.count == 1 {
            switch validate(values[0]) {
            case .failure(let rejection): return rejection
            case .success(let change):
                withCase(number, &state) { run in withUnsafePointer(to: change) { run.update(UnsafeBufferPointer(start: $0, count: 1)) } }
            }
            return nil
        }
        var changes: [(Int, Value)] = []
        for entry in values {
            switch validate(entry) {
            case .failure(let rejection): return rejection
            case .success(let change): changes.append(change)
            }
        }
        withCase(number, &state) { $0.update(changes) }
        return nil
    }

    // MARK: Timers

    mutating func fire(_ timer: Timer, _ state: inout EngineState) {
        switch timer.kind {
        case .teamAvailability:
            let team = Int(timer.index)
            guard team >= 0, team < state.shared.teamTimer.count, state.shared.teamTimer[team] == timer.sequence else {
                return stale(timer)
            }
            state.shared.teamTimer[team] = 0
            serveQueue(team, &state)
            ensureTeamTimer(team, &state)
        case .slaThreshold, .periodic:
            let number = timer.caseNumber
            guard number >= 0, Int(number) < state.cases.count else { return stale(timer) }
            let index = Int(timer.index)
            let slot = Int(number)
            // Read in place: a copy of the case here would make the run below copy its arrays.
            let armed = timer.kind == .slaThreshold
                ? index < state.cases[slot].clocks.count && state.cases[slot].clocks[index].timer == timer.sequence
                : index < state.cases[slot].periodic.count && state.cases[slot].periodic[index].timer == timer.sequence
            guard armed else { return stale(timer) }
            withCase(number, &state) { run in
                if timer.kind == .slaThreshold { run.clockTimer(index) } else { run.periodicTimer(index) }
            }
        }
    }

    /// A timer that was cancelled or replaced: nothing to do.
    func stale(_ timer: Timer) {
        if let sink {
            sink.effects.append(.decision(Decision(caseID: nil, kind: .timer, subject: "timer \(timer.kind.name) #\(timer.sequence)",
                                              outcome: "ignored", reason: "the timer was cancelled or replaced")))
        }
    }

    // MARK: Queues

    /// Arms the team's availability timer when cases still wait and its calendar is closed.
    mutating func ensureTeamTimer(_ team: Int, _ state: inout EngineState) {
        guard !state.shared.queues[team].isEmpty else { return }
        var none = CaseState.placeholder
        withRun(&none, &state) { $0.ensureTeamTimer(team) }
    }

    /// Assigns waiting cases of a team while members are available, oldest first.
    mutating func serveQueue(_ team: Int, _ state: inout EngineState) {
        var attempts = state.shared.queues[team].count
        while attempts > 0, let entry = state.shared.queues[team].first {
            attempts -= 1
            var served = false
            withCase(entry.caseNumber, &state) { run in served = run.serve(entry, team: team) }
            if !served { break }
        }
    }

    // MARK: Helpers

    /// Runs `body` on one case in place, with the shared state, then settles the case.
    mutating func withCase(_ number: Int32, _ state: inout EngineState, _ body: (inout CaseRun) -> Void) {
        withUnsafeMutablePointer(to: &state) { statePointer in
            statePointer.pointee.cases.withUnsafeMutableBufferPointer { cases in
                withRun(cases.baseAddress! + Int(number), statePointer) { run in
                    body(&run)
                    run.settle()
                }
            }
        }
    }

    /// Runs `body` with a `CaseRun` on `c` (not a case of `state`).
    mutating func withRun(_ c: inout CaseState, _ state: inout EngineState, _ body: (inout CaseRun) -> Void) {
        withUnsafeMutablePointer(to: &c) { c in
            withUnsafeMutablePointer(to: &state) { statePointer in withRun(c, statePointer, body) }
        }
    }

    /// The run over a case and the state's shared parts, through pointers valid during `body`.
    /// The state is reached through a pointer so that its case array (borrowed by the caller)
    /// and its shared state are distinct accesses.
    mutating func withRun(_ c: UnsafeMutablePointer<CaseState>, _ state: UnsafeMutablePointer<EngineState>,
                          _ body: (inout CaseRun) -> Void) {
        let definitions = definitions, now = now, sink = sink
        withUnsafeMutablePointer(to: &buffer) { effects in
            withUnsafeMutablePointer(to: &state.pointee.shared) { shared in
                withUnsafeMutablePointer(to: &state.pointee.eventBuffer) { queue in
                    var run = CaseRun(definitions: definitions, now: now, c: c, shared: shared, effects: effects, queue: queue, sink: sink)
                    body(&run)
                }
            }
        }
    }

    func validate(_ entry: FieldValue) -> Result<(Int, Value), Rejection> {
        guard let slot = definitions.inputFieldIndex[entry.field] else {
            let name = entry.field.hasPrefix("case.") ? String(entry.field.dropFirst(5)) : entry.field
            if BuiltinFields.names.contains(name) {
                return .failure(Rejection(.readOnlyField, "case.\(name) is built in and read-only"))
            }
            return .failure(Rejection(.unknownField, "the workflow has no field case.\(name)"))
        }
        // The field is read in place only when needed (a copy of it would copy its name and type).
        if entry.value.isNull {
            return definitions.requiredFlags[slot]
                ? .failure(Rejection(.missingRequiredField, "case.\(fieldName(slot)) is required and cannot be null"))
                : .success((slot, .null))
        }
        if let values = definitions.unretainedEnumTables[slot] {
            // An enum value is found in a table (no comparison with each declared value).
            guard case .string(let text) = entry.value, values._withUnsafeGuaranteedRef({ $0[text] }) != nil else {
                return wrongType(slot, entry.value)
            }
            return .success((slot, entry.value))
        }
        guard let value = workflow.fields.withUnsafeBufferPointer({ ValueTypes.conform(entry.value, to: $0[slot].type) }) else {
            return wrongType(slot, entry.value)
        }
        return .success((slot, value))
    }

    func fieldName(_ slot: Int) -> String { workflow.fields[slot].name }

    func wrongType(_ slot: Int, _ value: Value) -> Result<(Int, Value), Rejection> {
        .failure(Rejection(.wrongValueType, "case.\(fieldName(slot)) is \(workflow.fields[slot].type), not \(value)"))
    }

    func unknownCase(_ id: String) -> Rejection { Rejection(.unknownCase, "there is no case \(id)") }

    func unknownStage(_ name: String) -> Rejection {
        Rejection(.unknownStage, "the workflow has no stage \(name); stages: \(workflow.stages.map(\.id).joined(separator: ", "))")
    }

    func unknownPerson(_ person: String) -> Rejection {
        Rejection(.unknownPerson, "\(person) is not a member of any team nor holds any role in this workflow")
    }
}

/// Checks values against field types.
enum ValueTypes {
    /// The value as the field stores it (an int for a number field becomes a number), or nil when
    /// it does not fit the type.
    static func conform(_ value: Value, to type: FieldType) -> Value? {
        switch (type, value) {
        case (_, .null): return .null
        case (.string, .string), (.int, .int), (.number, .number), (.bool, .bool), (.duration, .duration), (.time, .time):
            return value
        case (.number, .int(let integer)): return .number(Double(integer))
        case (.enumeration(let values), .string(let text)): return values.contains(text) ? value : nil
        case (.list(let element), .list(let items)):
            var out: [Value] = []
            out.reserveCapacity(items.count)
            for item in items {
                guard !item.isNull, let conformed = conform(item, to: element) else { return nil }
                out.append(conformed)
            }
            return .list(out)
        default: return nil
        }
    }
}
