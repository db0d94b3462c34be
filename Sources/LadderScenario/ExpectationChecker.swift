import Foundation
import LadderDiagnostics
import LadderEngine
import LadderExpressions
import LadderLanguage
import LadderTime

/// The verdict on one expectation.
public struct CheckResult: Sendable {
    public var check: ResolvedScenario.Check
    public var passed: Bool
    /// On failure: what happened instead, e.g. `sla_warning was sent to marta at Mon 2026-11-23
    /// 18:45 +01:00, not at 18:30`. On success: a short confirmation.
    public var message: String
}

/// The verdict on a scenario: every expectation, and the problems of the run.
public struct ScenarioVerdict: Sendable {
    public var results: [CheckResult]
    public var problems: [RunProblem]
    /// Every expectation holds and the run had no problem.
    public var passed: Bool { problems.isEmpty && results.allSatisfy(\.passed) }
    public var failures: [CheckResult] { results.filter { !$0.passed } }
}

/// Checks a scenario's expectations against its trace.
///
/// State expectations (`stage`, `sla`, `level`, `closed`, `field`) hold when the run ends in that
/// state; with `at:`, the state must have been reached (the last time) at that instant.
/// `notified` and `assigned` look at every message and assignment of the run; with `at:`, one of
/// them must have happened at that instant. Times match to the second.
public enum ExpectationChecker {
    public static func verdict(_ resolved: ResolvedScenario, trace: Trace) -> ScenarioVerdict {
        ScenarioVerdict(results: check(resolved, trace: trace), problems: trace.problems)
    }

    public static func check(_ resolved: ResolvedScenario, trace: Trace) -> [CheckResult] {
        let checker = Checker(resolved: resolved, trace: trace)
        return resolved.checks.map { check in
            let (passed, message) = checker.evaluate(check)
            return CheckResult(check: check, passed: passed, message: message)
        }
    }
}

private struct Checker {
    let resolved: ResolvedScenario
    let trace: Trace
    let engine: Engine
    let final: CaseState?

    init(resolved: ResolvedScenario, trace: Trace) {
        self.resolved = resolved
        self.trace = trace
        engine = trace.engine
        final = trace.finalCase
    }

    var workflow: CompiledWorkflow { resolved.workflow }

    func time(_ instant: Instant) -> String { instant.compact(in: trace.timeZone) }

    /// Every effect with the time of its step.
    var timeline: [(Instant, Effect)] {
        trace.steps.flatMap { step in step.effects.map { (step.time, $0) } }
    }

    func evaluate(_ check: ResolvedScenario.Check) -> (Bool, String) {
        guard let final else { return (false, "the case was never opened") }
        switch check.kind {
        case .stage(let index, let status):
            let name = workflow.stages[index].id
            var transitions: [(Instant, StageStatus)] = [(trace.start, .pending)]
            for (time, effect) in timeline {
                if case .stageChanged(_, index, _, let to) = effect { transitions.append((time, to)) }
            }
            let actual = engine.stageStatus(final, index)
            let since = transitions.last { $0.1 == actual }?.0 ?? trace.start
            if actual != status {
                return (false, "stage \(name) is \(actual.rawValue) (since \(time(since))\(stageReason(name, actual, at: since)))")
            }
            return atCheck(check.at, reached: transitions.last { $0.1 == status }?.0 ?? trace.start, what: "stage \(name) became \(status.rawValue)")

        case .sla(let index, let state):
            let name = workflow.clockIDs[index]
            var transitions: [(Instant, SLAState)] = [(trace.start, .pending)]
            for (time, effect) in timeline {
                if case .slaChanged(_, index, _, let to, _) = effect { transitions.append((time, to)) }
            }
            let actual = engine.clockState(final, clock: index)
            let since = transitions.last { $0.1 == actual }?.0 ?? trace.start
            if actual != state {
                let elapsed = DurationValue.format(seconds: engine.clockElapsed(final, clock: index, at: trace.end))
                return (false, "SLA \(name) is \(actual.rawValue) (since \(time(since)); \(elapsed) of open time counted)")
            }
            return atCheck(check.at, reached: transitions.last { $0.1 == state }?.0 ?? trace.start, what: "SLA \(name) became \(state.rawValue)")

        case .notified(let wanted, let to, let count):
            let template: String
            switch wanted {
            case .template(let index): template = workflow.templates[index].id
            case .levelNotice(let index): template = "level.\(workflow.levels[index].name)"
            }
            var all: [(Instant, LadderEngine.Message)] = []
            for (time, effect) in timeline {
                if case .message(let message) = effect, message.template == template { all.append((time, message)) }
            }
            let matching = all.filter { to == nil || reaches($0.1, to!) }
            let who = to.map { " to \($0)" } ?? ""
            if let count, matching.count != count {
                if matching.isEmpty {
                    return (false, "\(template) was never sent\(who)" + otherRecipients(all))
                }
                return (false, "\(template) was sent\(who) \(times(matching.count)), not \(times(count)): at \(matching.map { time($0.0) }.joined(separator: ", "))")
            }
            if count == nil, matching.isEmpty {
                return (false, "\(template) was never sent\(who)" + otherRecipients(all))
            }
            if let at = check.at, !matching.isEmpty {
                if matching.contains(where: { $0.0 == at }) { return (true, "\(template) was sent\(who) at \(time(at))") }
                return (false, "\(template) was sent\(who) at \(matching.map { time($0.0) }.joined(separator: ", ")), not at \(time(at))")
            }
            return (true, "\(template) was sent\(who) \(times(matching.count))")

        case .assigned(let index, let person):
            let name = workflow.stages[index].id
            var assignments: [(Instant, String?)] = []
            for (time, effect) in timeline {
                if case .assigned(_, index, let who) = effect { assignments.append((time, engine.personName(who))) }
            }
            let matching = assignments.filter { $0.1 == person }
            if matching.isEmpty {
                if assignments.isEmpty { return (false, "stage \(name) was never assigned (it is \(engine.stageStatus(final, index).rawValue))") }
                let list = assignments.map { "\($0.1 ?? "nobody") at \(time($0.0))" }.joined(separator: ", ")
                return (false, "stage \(name) was assigned to \(list)" + assignmentReason(name, at: assignments.last!.0))
            }
            if let at = check.at, !matching.contains(where: { $0.0 == at }) {
                return (false, "stage \(name) was assigned to \(person) at \(matching.map { time($0.0) }.joined(separator: ", ")), not at \(time(at))")
            }
            return (true, "stage \(name) was assigned to \(person)")

        case .level(let index):
            let wanted = workflow.levels[index].name
            var transitions: [(Instant, String)] = workflow.levels.isEmpty ? [] : [(trace.start, workflow.levels[0].name)]
            for (time, effect) in timeline {
                if case .levelChanged(_, _, let to) = effect { transitions.append((time, engine.levelName(index: to) ?? "none")) }
            }
            let actual = engine.levelName(final) ?? "none"
            if actual != wanted {
                return (false, "the case is at level \(actual) (since \(time(transitions.last?.0 ?? trace.start))\(levelReason(at: transitions.last?.0)))")
            }
            return atCheck(check.at, reached: transitions.last { $0.1 == wanted }?.0 ?? trace.start, what: "the case reached level \(wanted)")

        case .closed(let wanted):
            var transitions: [(Instant, Bool)] = [(trace.start, false)]
            for (time, effect) in timeline {
                if case .caseClosed = effect { transitions.append((time, true)) }
                if case .caseReopened = effect { transitions.append((time, false)) }
            }
            if final.closed != wanted {
                return (false, final.closed ? "the case closed at \(time(transitions.last!.0))" : "the case is still open" + openStages(final))
            }
            return atCheck(check.at, reached: transitions.last { $0.1 == wanted }?.0 ?? trace.start,
                           what: wanted ? "the case closed" : "the case was open")

        case .field(let slot, let value):
            let name = workflow.fields[slot].name
            var transitions: [(Instant, Value)] = []
            for (time, effect) in timeline {
                if case .fieldChanged(_, slot, _, let to) = effect { transitions.append((time, to)) }
            }
            let actual = final.fields[slot]
            if !same(actual, value) {
                let since = transitions.last.map { " (since \(time($0.0)))" } ?? " (since the case opened)"
                return (false, "case.\(name) is \(actual)\(since)")
            }
            return atCheck(check.at, reached: transitions.last { same($0.1, value) }?.0 ?? trace.start, what: "case.\(name) became \(value)")
        }
    }

    func atCheck(_ at: Instant?, reached: Instant, what: String) -> (Bool, String) {
        guard let at else { return (true, "\(what) at \(time(reached))") }
        if reached == at { return (true, "\(what) at \(time(reached))") }
        return (false, "\(what) at \(time(reached)), not at \(time(at))")
    }

    func times(_ count: Int) -> String { count == 1 ? "once" : "\(count) times" }

    func same(_ a: Value, _ b: Value) -> Bool {
        switch (a, b) {
        case (.int(let x), .number(let y)), (.number(let y), .int(let x)): return Double(x) == y
        default: return a == b
        }
    }

    /// Whether a message reached a recipient: as written (`customer`, `team.x`, `owner`) or a person/address.
    func reaches(_ message: LadderEngine.Message, _ recipient: String) -> Bool {
        message.recipients.contains { $0.written == recipient && !$0.reached.isEmpty } || message.to.contains(recipient)
    }

    func otherRecipients(_ all: [(Instant, LadderEngine.Message)]) -> String {
        guard !all.isEmpty else { return "" }
        let sent = all.prefix(5).map { "to \($0.1.to.joined(separator: ", ")) at \(time($0.0))" }.joined(separator: "; ")
        return "; it was sent \(sent)" + (all.count > 5 ? " and \(all.count - 5) more time(s)" : "")
    }

    func openStages(_ state: CaseState) -> String {
        let open = workflow.stages.indices.filter { let s = engine.stageStatus(state, $0); return s == .active || s == .pending }
        guard !open.isEmpty else { return "" }
        return " (unsettled: " + open.map { "\(workflow.stages[$0].id) \(engine.stageStatus(state, $0).rawValue)" }.joined(separator: ", ") + ")"
    }

    /// The decision behind a stage's last change, e.g. `: when was false: stage.x.outcome == "workaround" → false`.
    func stageReason(_ name: String, _ status: StageStatus, at instant: Instant) -> String {
        for step in trace.steps where step.time == instant {
            for effect in step.effects {
                if case .decision(let decision) = effect, decision.subject == "stage \(name)", decision.outcome == status.rawValue {
                    return ": " + describe(decision)
                }
            }
        }
        return ""
    }

    func assignmentReason(_ name: String, at instant: Instant) -> String {
        for step in trace.steps where step.time == instant {
            for effect in step.effects {
                if case .decision(let decision) = effect, decision.subject == "stage \(name)", decision.kind == .assignment {
                    return " (" + describe(decision) + ")"
                }
            }
        }
        return ""
    }

    func levelReason(at instant: Instant?) -> String {
        guard let instant else { return "" }
        for step in trace.steps where step.time == instant {
            for effect in step.effects {
                if case .decision(let decision) = effect, decision.kind == .escalation, decision.outcome.hasPrefix("escalated") {
                    return ": " + decision.reason
                }
            }
        }
        return ""
    }

    func describe(_ decision: Decision) -> String {
        var text = decision.reason
        if !decision.conditions.isEmpty { text += ": " + decision.conditions.map(\.description).joined(separator: "; ") }
        if !decision.candidates.isEmpty { text += "; candidates: " + decision.candidates.map(\.description).joined(separator: ", ") }
        return text
    }
}
