import Foundation
import LadderDiagnostics
import LadderEngine
import LadderExpressions
import LadderLanguage
import LadderTime
import Testing

/// Fixture workflows beside the tests.
enum Fixture {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures").path

    static func workflow(_ name: String) throws -> CompiledWorkflow {
        let path = "\(folder)/\(name).yaml"
        let data = try #require(FileManager.default.contents(atPath: path))
        let (compiled, diagnostics) = WorkflowAnalyzer.load(SourceFile(path: path, bytes: Array(data)))
        let errors = diagnostics.filter { $0.severity == .error }
        #expect(errors.isEmpty, "\(errors.map { "\($0.span): \($0.message)" })")
        return compiled
    }
}

/// An instant from RFC 3339 text.
func at(_ text: String) -> Instant {
    switch Instant.parse(text) {
    case .success(let instant): return instant
    case .failure(let error): fatalError("bad instant \(text): \(error)")
    }
}

/// Monday 2026-11-23, 09:00 UTC: the office opens.
let monday9 = at("2026-11-23T09:00:00Z")

/// A scheduler on virtual time that keeps every effect with the time of its step.
struct Run {
    var scheduler: Scheduler
    var log: [(time: Instant, effect: Effect)] = []
    var records: [StepRecord] = []

    init(_ workflow: String, options: Engine.Options = .trace, start: Instant = monday9) throws {
        scheduler = Scheduler(engine: Engine(try Fixture.workflow(workflow), options: options), now: start)
    }

    var engine: Engine { scheduler.engine }
    var state: EngineState { scheduler.state }

    @discardableResult
    mutating func send(_ event: EngineEvent, at time: Instant) -> StepResult {
        var seen: [StepRecord] = []
        let result = scheduler.handle(event, at: time) { seen.append($0) }
        keep(seen)
        return result
    }

    mutating func advance(to time: Instant) {
        var seen: [StepRecord] = []
        scheduler.advance(to: time) { seen.append($0) }
        keep(seen)
    }

    mutating func keep(_ seen: [StepRecord]) {
        records += seen
        for record in seen { for effect in record.result.effects { log.append((record.time, effect)) } }
    }

    mutating func open(_ id: String, _ fields: [String: Value], at time: Instant) {
        let values = fields.keys.sorted().map { FieldValue($0, fields[$0]!) }
        let result = send(.open(caseID: id, fields: values), at: time)
        #expect(result.rejection == nil, "\(result.rejection?.message ?? "")")
    }

    func `case`(_ id: String) -> CaseState { state.case(id)! }

    func status(_ id: String, _ stage: String) -> StageStatus {
        engine.stageStatus(self.case(id), engine.workflow.stageIndex[stage]!)
    }

    func assignee(_ id: String, _ stage: String) -> String? {
        engine.assignee(self.case(id), stage: engine.workflow.stageIndex[stage]!)
    }

    func clock(_ id: String, _ name: String) -> SLAState {
        engine.clockState(self.case(id), clock: engine.clockIndex(name)!)
    }

    func messages(_ template: String) -> [(time: Instant, message: Message)] {
        log.compactMap { entry in
            if case .message(let message) = entry.effect, message.template == template { return (entry.time, message) }
            return nil
        }
    }

    func decisions(_ kind: Decision.Kind) -> [Decision] {
        log.compactMap { entry in
            if case .decision(let decision) = entry.effect, decision.kind == kind { return decision }
            return nil
        }
    }

    /// When a clock reached a state.
    func times(_ sla: String, reached state: SLAState) -> [Instant] {
        let clock = engine.clockIndex(sla)
        return log.compactMap { entry in
            if case .slaChanged(_, clock, _, state, _) = entry.effect { return entry.time }
            return nil
        }
    }

    func warnings(_ sla: String) -> [(Instant, String)] {
        let clock = engine.clockIndex(sla)
        return log.compactMap { entry in
            if case .slaWarning(_, clock, let threshold, _) = entry.effect { return (entry.time, engine.warningLabel(clock: clock!, warning: threshold)) }
            return nil
        }
    }

    /// Whether a language event (`routing.unassigned`) was emitted.
    func emitted(_ event: String) -> Bool {
        log.contains { if case .emitted(_, let code) = $0.effect { engine.eventName(code) == event } else { false } }
    }
}
