import LadderExpressions
import LadderLanguage
import LadderTime

/// The Ladder interpreter: a pure function from a state, an event and the current instant to a
/// new state and the effects of the step.
///
/// ```swift
/// let engine = Engine(compiled)
/// var state = engine.makeState()
/// let result = engine.step(&state, .open(caseID: "C-1", fields: [...]), at: now)
/// ```
///
/// The engine reads no clock, performs no I/O and uses no randomness: the same state, event and
/// instant give the same new state and the same effects, byte for byte. Time enters only as
/// `now`; the engine asks for timers (`Effect.timerSet`) and the `Scheduler` feeds them back
/// (`EngineEvent.timer`) when due. An event the case cannot take is refused
/// (`StepResult.rejection`) and leaves the state unchanged.
///
/// Within a step, the case is settled: stages whose needs are settled start or are skipped,
/// clocks start, pause, resume and stop as their conditions say, and the language events caused
/// are handled one at a time in the order they were caused — for each, first the notification
/// rules that name it (file order), then the rules (file order). When nothing is left to do and
/// every stage is settled, the case closes.
public struct Engine: Sendable {
    /// How much the engine records about its decisions.
    public struct Options: Sendable, Hashable {
        /// Record `Effect.decision`s (routing, assignment, stage, clock, rule, notification reasons).
        public var recordDecisions: Bool
        /// Record each sub-expression's value of the conditions in decisions (slower; for traces).
        public var explainConditions: Bool
        /// Render message subjects and bodies within the step. When false, each message keeps an
        /// immutable snapshot of the case and renders (the same text) the first time it is read,
        /// outside the step.
        public var renderMessages: Bool

        public init(recordDecisions: Bool = true, explainConditions: Bool = true, renderMessages: Bool = true) {
            self.recordDecisions = recordDecisions
            self.explainConditions = explainConditions
            self.renderMessages = renderMessages
        }

        /// Everything recorded: for traces and tests.
        public static let trace = Options()
        /// Decisions without sub-expression values, messages rendered when delivered: for a live runner.
        public static let production = Options(recordDecisions: true, explainConditions: false, renderMessages: false)
        /// Effects only; messages rendered when read.
        public static let minimal = Options(recordDecisions: false, explainConditions: false, renderMessages: false)
    }

    /// The most language events handled in one step, a safety net beyond the per-rule cascade limit.
    public static let maximumEventsPerStep = 10_000
    /// How often one rule may fire in one cascade (one step) before it is stopped.
    public static let cascadeLimit = 16

    let definitions: Definitions

    /// Prepares a workflow for execution. The workflow must have no errors.
    public init(_ workflow: CompiledWorkflow, options: Options = .trace) {
        definitions = Definitions(workflow, options: options)
    }

    public var workflow: CompiledWorkflow { definitions.workflow }
    public var options: Options { definitions.options }

    /// A state with no cases, everyone available.
    public func makeState() -> EngineState { EngineState(definitions: definitions) }

    /// Every declared person, by person number.
    public var people: [String] { definitions.people }
    /// The person number of a declared person.
    public func personNumber(_ person: String) -> Int? { definitions.personIndex[person].map(Int.init) }
    /// Clock names by clock index: the workflow's SLAs, then stage clocks (named after their stage).
    public var clockNames: [String] { definitions.clocks.map(\.name) }
    /// The clock index of an SLA or stage clock.
    public func clockIndex(_ name: String) -> Int? { definitions.clockIndex[name] }
    // MARK: Names of what effects number

    /// The id of a stage.
    public func stageID(_ stage: Int) -> String { definitions.workflow.stages[stage].id }
    /// The name of a field by slot (`customer.tier`).
    public func fieldName(_ slot: Int) -> String { definitions.workflow.fields[slot].name }
    /// The name of an SLA or stage clock.
    public func clockName(_ clock: Int) -> String { definitions.clocks[clock].name }
    /// A person by number; nil for -1.
    public func personName(_ number: Int) -> String? { number >= 0 ? definitions.people[number] : nil }
    /// The id of a team; nil for -1.
    public func teamID(_ team: Int) -> String? { team >= 0 ? definitions.workflow.teams[team].id : nil }
    /// The name of a routing rule; nil for -1.
    public func routingRuleName(_ rule: Int) -> String? { rule >= 0 ? definitions.workflow.routing[rule].name : nil }
    /// The name of a level; nil for -1.
    public func levelName(index level: Int) -> String? { level >= 0 ? definitions.workflow.levels[level].name : nil }
    /// A warning threshold of a clock as written: `75%`, `30m before`.
    public func warningLabel(clock: Int, warning: Int) -> String { definitions.clocks[clock].warningLabels[warning] }
    /// The name of a language event (`stage.acknowledge.done`) by the number `Effect.emitted` gives.
    public func eventName(_ code: Int) -> String { definitions.eventNames[code] }

    /// The notification rules with `every`, in the order of `CaseState.periodic`.
    public var periodicRules: [Int] { definitions.periodic }

    /// Handles one event at `now`, changing `state` and returning what happened.
    public func step(_ state: inout EngineState, _ event: EngineEvent, at now: Instant) -> StepResult {
        var step = Step(definitions: definitions, now: now)
        if let rejection = step.run(event, &state) {
            return StepResult(effects: [], rejection: rejection)
        }
        return StepResult(effects: step.takeEffects())
    }

    /// The same as `step(_:_:at:)` for callers who prefer values in and out.
    public func step(_ state: EngineState, _ event: EngineEvent, at now: Instant) -> (EngineState, StepResult) {
        var next = state
        let result = step(&next, event, at: now)
        return (result.rejection == nil ? next : state, result)
    }

    // MARK: Reading a case

    /// The status of a stage.
    public func stageStatus(_ state: CaseState, _ stage: Int) -> StageStatus { state.stages[stage].status }

    /// The assignee of a stage.
    public func assignee(_ state: CaseState, stage: Int) -> String? {
        let number = state.stages[stage].assignee
        return number >= 0 ? definitions.people[Int(number)] : nil
    }

    /// The outcome a stage was completed with.
    public func outcome(_ state: CaseState, stage: Int) -> String? {
        let index = Int(state.stages[stage].outcome)
        return index >= 0 ? definitions.workflow.stages[stage].outcomes[index] : nil
    }

    /// The routed assignee.
    public func routedAssignee(_ state: CaseState) -> String? {
        state.routed >= 0 ? definitions.people[Int(state.routed)] : nil
    }

    /// The level's name.
    public func levelName(_ state: CaseState) -> String? {
        state.level >= 0 ? definitions.workflow.levels[state.level].name : nil
    }

    /// The state of a clock.
    public func clockState(_ state: CaseState, clock: Int) -> SLAState { state.clocks[clock].state }

    /// Open seconds a clock has counted at `now`.
    public func clockElapsed(_ state: CaseState, clock: Int, at now: Instant) -> Int64 {
        let clockState = state.clocks[clock]
        return clockState.elapsed(at: now, calendar: definitions.workflow.calendars[Int(clockState.calendar)].calendar)
    }

    /// The calendar a clock counts on now (index 0 is `always`).
    public func clockCalendar(_ state: CaseState, clock: Int) -> Int { Int(state.clocks[clock].calendar) }

    /// A field's value by name (`customer.tier`).
    public func field(_ state: CaseState, _ name: String) -> Value? {
        definitions.fieldIndex[name].map { state.fields[$0] }
    }
}
