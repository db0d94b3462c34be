import Foundation
import LadderDiagnostics
import LadderEngine
import LadderExpressions
import LadderLanguage
import LadderTime

/// Plays a resolved scenario through the engine on a virtual clock: `away` people first, then
/// the case opens at `start`, then each event at its time — after every timer due at or before
/// it — then the timers up to `until` (or until the case closes).
///
/// A run is bounded: at most `maximumSteps` steps and `horizon` of virtual time after `start`;
/// reaching either stops the run with a `safetyCap` problem.
public enum ScenarioRunner {
    public static let maximumSteps = 1_000_000
    /// 365 days.
    public static let horizon: Int64 = 365 * 86_400

    public static func run(_ resolved: ResolvedScenario, options: Engine.Options = .trace) -> Trace {
        var run = Run(resolved: resolved, options: options)
        run.play()
        return run.trace()
    }
}

private struct Run {
    let resolved: ResolvedScenario
    let engine: Engine
    var scheduler: Scheduler
    let caseID: String
    var steps: [TraceStep] = []
    var problems: [RunProblem] = []
    var stopped = false
    let cap: Instant

    init(resolved: ResolvedScenario, options: Engine.Options) {
        self.resolved = resolved
        engine = Engine(resolved.workflow, options: options)
        scheduler = Scheduler(engine: engine, now: resolved.start)
        caseID = resolved.scenario.name.value
        cap = resolved.start + ScenarioRunner.horizon
    }

    var closed: Bool { scheduler.state.case(caseID)?.closed ?? false }
    var untilClosed: Bool { resolved.until == nil }

    mutating func record(_ record: StepRecord, span: SourceSpan?) {
        steps.append(TraceStep(index: steps.count + 1, time: record.time, input: inputOf(record), span: span,
                               effects: record.result.effects, rejection: record.result.rejection))
        if steps.count >= ScenarioRunner.maximumSteps, !stopped {
            stopped = true
            problems.append(RunProblem(kind: .safetyCap, message: "the run stopped after \(ScenarioRunner.maximumSteps) steps", time: record.time))
        }
    }

    func inputOf(_ record: StepRecord) -> EngineEvent {
        switch record.input {
        case .event(let event): event
        case .timer(let timer): .timer(timer)
        }
    }

    /// Handles an external event (after the timers due before it).
    mutating func handle(_ event: EngineEvent, at time: Instant, span: SourceSpan?) -> StepResult? {
        fireTimers(through: time)
        guard !stopped else { return nil }
        var records: [StepRecord] = []
        let result = scheduler.handle(event, at: time) { records.append($0) }
        for record in records { self.record(record, span: record.time == time && isEvent(record) ? span : nil) }
        return result
    }

    func isEvent(_ record: StepRecord) -> Bool {
        if case .event = record.input { return true }
        return false
    }

    /// Fires timers one by one up to `time`, stopping when the case closes (`until: closed`),
    /// at the safety cap, or at the step limit.
    mutating func fireTimers(through time: Instant) {
        // `time` never passes the cap (callers clamp it), so neither does a timer fired here.
        while !stopped, let due = scheduler.nextDue(), due <= time {
            if untilClosed, closed { return }
            var records: [StepRecord] = []
            scheduler.advance(to: due, limit: 1) { records.append($0) }
            for record in records { self.record(record, span: nil) }
        }
    }

    mutating func stopAtCap() {
        guard !stopped else { return }
        stopped = true
        problems.append(RunProblem(kind: .safetyCap, message: "the run stopped 365 days after the start (the safety cap)", time: cap))
    }

    mutating func play() {
        let workflow = resolved.workflow
        for person in resolved.away {
            _ = handle(.away(person: person), at: resolved.start, span: nil)
        }
        let fields = resolved.caseValues.map { FieldValue(workflow.fields[$0.slot].name, $0.value) }
        if let result = handle(.open(caseID: caseID, fields: fields), at: resolved.start, span: resolved.scenario.name.span),
           let rejection = result.rejection {
            problems.append(RunProblem(kind: .rejectedEvent, message: "the case could not be opened: \(rejection.message)",
                                       span: resolved.scenario.name.span, time: resolved.start))
            return
        }
        let end = min(resolved.until ?? cap, cap)
        for event in resolved.events {
            if event.time > end {
                if resolved.until == nil { stopAtCap() }
                break
            }
            fireTimers(through: event.time)
            if stopped { return }
            if untilClosed, closed {
                problems.append(RunProblem(
                    kind: .eventsAfterClose,
                    message: "the case closed at \(closeTime().map { $0.iso8601() } ?? "?") with events still to come; use `until:` with a duration or a time to test a closed case",
                    span: event.span, time: event.time))
                return
            }
            guard let result = handle(engineEvent(event.kind), at: event.time, span: event.span) else { return }
            if let rejection = result.rejection {
                problems.append(RunProblem(kind: .rejectedEvent, message: rejection.message, span: event.span, time: event.time))
                return
            }
        }
        if untilClosed {
            fireTimers(through: cap)
            if !closed, !stopped {
                let nothingLeft = scheduler.nextDue() == nil
                problems.append(RunProblem(
                    kind: .didNotClose,
                    message: nothingLeft ? "the case did not close: nothing was left to happen after the last step"
                                         : "the case did not close within 365 days",
                    time: steps.last?.time))
            }
        } else {
            fireTimers(through: end)
            if let until = resolved.until, until > cap { stopAtCap() }
        }
    }

    func closeTime() -> Instant? {
        for step in steps.reversed() {
            for effect in step.effects { if case .caseClosed = effect { return step.time } }
        }
        return nil
    }

    func engineEvent(_ kind: ResolvedScenario.Event.Kind) -> EngineEvent {
        let workflow = resolved.workflow
        switch kind {
        case .complete(let stage, let outcome): return .complete(caseID: caseID, stage: workflow.stages[stage].id, outcome: outcome)
        case .update(let values): return .update(caseID: caseID, fields: values.map { FieldValue(workflow.fields[$0.slot].name, $0.value) })
        case .assign(let stage, let person): return .assign(caseID: caseID, stage: workflow.stages[stage].id, person: person)
        case .reopen(let stage): return .reopen(caseID: caseID, stage: workflow.stages[stage].id)
        case .skip(let stage): return .skip(caseID: caseID, stage: workflow.stages[stage].id)
        case .close: return .close(caseID: caseID)
        case .away(let person): return .away(person: person)
        case .back(let person): return .back(person: person)
        }
    }

    func trace() -> Trace {
        let end: Instant
        if let stop = problems.first(where: { $0.kind != .didNotClose }) {
            // The run stopped early: at the rejected event, at the close that came before
            // events, or at the cap.
            end = stop.kind == .eventsAfterClose ? (closeTime() ?? steps.last?.time ?? resolved.start)
                : stop.time ?? steps.last?.time ?? resolved.start
        } else if untilClosed, let closedAt = closeTime(), closed {
            end = closedAt
        } else if let until = resolved.until {
            end = min(until, cap)
        } else {
            end = steps.last?.time ?? resolved.start
        }
        let (zone, source) = Run.zone(engine: engine, state: scheduler.state, caseID: caseID)
        return Trace(scenario: caseID, workflow: resolved.workflow.id, caseID: caseID, start: resolved.start, end: end,
                     timeZone: zone, timeZoneSource: source, steps: steps, problems: problems, engine: engine,
                     finalState: scheduler.state)
    }

    /// The zone of the first SLA (in file order) that counts on a business calendar; else UTC.
    static func zone(engine: Engine, state: EngineState, caseID: String) -> (TimeZone, String) {
        let workflow = engine.workflow
        let utc = TimeZone(identifier: "UTC") ?? TimeZone(secondsFromGMT: 0)!
        for (index, sla) in workflow.slas.enumerated() {
            var calendarIndex = 0
            if let state = state.case(caseID) { calendarIndex = engine.clockCalendar(state, clock: index) }
            if calendarIndex == 0, case .fixed(let fixed) = sla.calendar { calendarIndex = fixed }
            guard calendarIndex > 0 else { continue }
            let calendar = workflow.calendars[calendarIndex]
            return (calendar.calendar.timeZone, "\(calendar.calendar.timeZone.identifier), the zone of calendar \(calendar.id) of SLA \(sla.id)")
        }
        return (utc, "UTC (no SLA counts on a business calendar)")
    }
}
