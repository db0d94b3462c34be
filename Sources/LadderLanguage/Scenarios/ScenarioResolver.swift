import LadderDiagnostics
import LadderExpressions
import LadderTime
import LadderYAML

/// Resolves a decoded scenario against its workflow: unknown stages, outcomes the stage does
/// not declare, updates to undeclared fields or with values of the wrong type, and events out
/// of time order are located errors.
public enum ScenarioResolver {
    public static func resolve(_ scenario: Scenario, workflow: CompiledWorkflow) -> (resolved: ResolvedScenario?, diagnostics: [Diagnostic]) {
        var resolver = Resolver(scenario: scenario, workflow: workflow)
        let resolved = resolver.run()
        return (resolver.bag.hasErrors ? nil : resolved, resolver.bag.diagnostics)
    }
}

private struct Resolver {
    let scenario: Scenario
    let workflow: CompiledWorkflow
    var bag = DiagnosticBag()
    let people: Set<String>

    init(scenario: Scenario, workflow: CompiledWorkflow) {
        self.scenario = scenario
        self.workflow = workflow
        var people = Set(workflow.teams.flatMap(\.members))
        for role in workflow.roles { people.formUnion(role.holder.allResults) }
        self.people = people
    }

    mutating func run() -> ResolvedScenario {
        var caseValues: [(slot: Int, value: Value)] = []
        var given: Set<Int> = []
        for (field, node) in scenario.caseValues {
            guard let (slot, value) = fieldValue(field, node) else { continue }
            caseValues.append((slot, value))
            given.insert(slot)
        }
        for (slot, field) in workflow.fields.enumerated() where field.required && !given.contains(slot) {
            bag.error("missing-key", "the case is missing the required field `\(field.name)`", at: scenario.name.span,
                      hint: "add `\(field.name): …` under `case:`")
        }
        for person in scenario.away { _ = checkPerson(person) }
        var events: [ResolvedScenario.Event] = []
        var time = scenario.start.value
        for event in scenario.events {
            switch event.timing {
            case .after(let duration): time = time + duration.wallSeconds
            case .at(let instant):
                if instant < time {
                    bag.error("invalid-value", "this event is at \(instant.iso8601()), before the previous one (\(time.iso8601()))", at: event.span,
                              hint: "list events in time order")
                }
                time = max(time, instant)
            }
            if let kind = eventKind(event.kind) { events.append(ResolvedScenario.Event(time: time, kind: kind, span: event.span)) }
        }
        var until: Instant?
        switch scenario.until.value {
        case .closed: until = nil
        case .duration(let duration): until = scenario.start.value + duration.wallSeconds
        case .time(let instant): until = instant
        }
        let checks = scenario.expectations.compactMap { check($0) }
        return ResolvedScenario(scenario: scenario, workflow: workflow, start: scenario.start.value, caseValues: caseValues,
                                away: scenario.away.map(\.value), events: events, until: until, checks: checks)
    }

    mutating func eventKind(_ kind: ScenarioEvent.Kind) -> ResolvedScenario.Event.Kind? {
        switch kind {
        case .complete(let stageName, let outcome):
            guard let stage = stage(stageName) else { return nil }
            let declared = workflow.stages[stage].outcomes
            if let outcome {
                guard declared.contains(outcome.value) else {
                    let suggestion = Suggestions.closest(to: outcome.value, in: declared)
                    bag.error("unknown-outcome", "stage `\(stageName.value)` has no outcome `\(outcome.value)`", at: outcome.span,
                              notes: [Diagnostic.Note(declared.isEmpty ? "the stage declares no outcomes" : "its outcomes: \(declared.joined(separator: ", "))")],
                              hint: suggestion.map { "did you mean `\($0)`?" } ?? (declared.isEmpty ? "remove `outcome`" : nil))
                    return nil
                }
            } else if !declared.isEmpty {
                bag.error("unknown-outcome", "completing stage `\(stageName.value)` needs an outcome", at: stageName.span,
                          notes: [Diagnostic.Note("its outcomes: \(declared.joined(separator: ", "))")],
                          hint: "add `outcome: \(declared[0])`")
                return nil
            }
            return .complete(stage: stage, outcome: outcome?.value)
        case .update(let assignments):
            var values: [(slot: Int, value: Value)] = []
            for (field, node) in assignments {
                if let resolved = fieldValue(field, node) { values.append(resolved) }
            }
            return .update(values)
        case .assign(let stageName, let person):
            guard let stage = stage(stageName), checkPerson(person) else { return nil }
            return .assign(stage: stage, person: person.value)
        case .reopen(let stageName):
            return stage(stageName).map { .reopen(stage: $0) }
        case .skip(let stageName):
            return stage(stageName).map { .skip(stage: $0) }
        case .close:
            return .close
        case .away(let person):
            return checkPerson(person) ? .away(person.value) : nil
        case .back(let person):
            return checkPerson(person) ? .back(person.value) : nil
        }
    }

    mutating func check(_ expectation: Expectation) -> ResolvedScenario.Check? {
        let kind: ResolvedScenario.Check.Kind
        let summary: String
        switch expectation.kind {
        case .stage(let name, let status):
            guard let index = stage(name) else { return nil }
            guard let value = StageStatus(rawValue: status.value) else {
                invalid(status, "a stage status", StageStatus.allCases.map(\.rawValue))
                return nil
            }
            kind = .stage(index, status: value)
            summary = "stage \(name.value) is \(value.rawValue)"
        case .sla(let name, let state):
            guard let index = lookup(name, workflow.slaIndex, kind: "SLA") else { return nil }
            guard let value = SLAState(rawValue: state.value) else {
                invalid(state, "an SLA state", SLAState.allCases.map(\.rawValue))
                return nil
            }
            kind = .sla(index, state: value)
            summary = "SLA \(name.value) is \(value.rawValue)"
        case .notified(let template, let to, let count):
            let message: ResolvedScenario.Message
            if let level = template.value.hasPrefix("level.") ? String(template.value.dropFirst(6)) : nil {
                guard let index = lookup(Located(level, span: template.span), workflow.levelIndex, kind: "level") else { return nil }
                message = .levelNotice(index)
            } else {
                guard let index = lookup(template, workflow.templateIndex, kind: "template") else { return nil }
                message = .template(index)
            }
            kind = .notified(message, to: to?.value, count: count)
            summary = "\(template.value) was sent" + (to.map { " to \($0.value)" } ?? "") + (count.map { " \($0) time(s)" } ?? "")
        case .assigned(let name, let person):
            guard let index = stage(name), checkPerson(person) else { return nil }
            kind = .assigned(stage: index, person: person.value)
            summary = "stage \(name.value) was assigned to \(person.value)"
        case .level(let name):
            guard let index = lookup(name, workflow.levelIndex, kind: "level") else { return nil }
            kind = .level(index)
            summary = "the case is at level \(name.value)"
        case .closed(let closed):
            kind = .closed(closed)
            summary = closed ? "the case is closed" : "the case is open"
        case .field(let field, let node):
            guard let (slot, value) = fieldValue(field, node) else { return nil }
            kind = .field(slot: slot, value: value)
            summary = "case.\(workflow.fields[slot].name) is \(value)"
        }
        var at: Instant?
        switch expectation.at?.value {
        case .time(let instant): at = instant
        case .offset(let duration): at = scenario.start.value + duration.wallSeconds
        case nil: at = nil
        }
        return ResolvedScenario.Check(kind: kind, at: at, span: expectation.span, summary: summary)
    }

    mutating func fieldValue(_ field: Located<String>, _ node: YAMLNode) -> (Int, Value)? {
        let name = field.value.hasPrefix("case.") ? String(field.value.dropFirst(5)) : field.value
        if BuiltinFields.names.contains(name) {
            bag.error("invalid-value", "`case.\(name)` is built in and read-only", at: field.span)
            return nil
        }
        guard let slot = lookup(Located(name, span: field.span), workflow.fieldSlot, kind: "field") else { return nil }
        switch ValueReader.read(node, as: workflow.fields[slot].type, source: scenario.source) {
        case .success(let value): return (slot, value)
        case .failure(let problem):
            bag.append(problem.diagnostic(context: "case.\(name) is \(workflow.fields[slot].type)"))
            return nil
        }
    }

    mutating func stage(_ name: Located<String>) -> Int? { lookup(name, workflow.stageIndex, kind: "stage") }

    mutating func checkPerson(_ person: Located<String>) -> Bool {
        guard !people.contains(person.value) else { return true }
        let suggestion = Suggestions.closest(to: person.value, in: people.sorted())
        bag.error("unknown-reference", "`\(person.value)` is not a member of any team nor holds any role in this workflow", at: person.span,
                  hint: suggestion.map { "did you mean `\($0)`?" })
        return false
    }

    mutating func lookup(_ name: Located<String>, _ index: [String: Int], kind: String) -> Int? {
        if let found = index[name.value] { return found }
        let suggestion = Suggestions.closest(to: name.value, in: index.keys.sorted())
        bag.error("unknown-reference", "the workflow has no \(kind) `\(name.value)`", at: name.span,
                  hint: suggestion.map { "did you mean `\($0)`?" },
                  fixIt: suggestion.map { Diagnostic.FixIt(span: name.span, replacement: $0) })
        return nil
    }

    mutating func invalid(_ value: Located<String>, _ what: String, _ allowed: [String]) {
        bag.error("invalid-value", "\"\(value.value)\" is not \(what)", at: value.span,
                  notes: [Diagnostic.Note("one of: \(allowed.joined(separator: ", "))")],
                  hint: Suggestions.closest(to: value.value, in: allowed).map { "did you mean `\($0)`?" })
    }
}
