import LadderExpressions
import LadderLanguage

extension CompiledWorkflow {
    /// What is known when routing runs, as the case opens: the first level, not closed, every
    /// stage pending, every clock pending.
    var pathsAtOpening: [PathReference: Value] {
        var paths: [PathReference: Value] = [:]
        if let first = levels.first { paths[PathReference(.caseBuiltin, property: CaseProperty.level.rawValue)] = .string(first.name) }
        paths[PathReference(.caseBuiltin, property: CaseProperty.closed.rawValue)] = .bool(false)
        for index in stages.indices {
            func set(_ property: StageProperty, _ value: Value) { paths[PathReference(.stage, index: index, property: property.rawValue)] = value }
            set(.status, .string(StageStatus.pending.rawValue))
            set(.done, .bool(false))
            set(.active, .bool(false))
            set(.skipped, .bool(false))
            set(.outcome, .null)
            set(.assignee, .null)
            set(.startedAt, .null)
        }
        for index in slas.indices {
            func set(_ property: SLAProperty, _ value: Value) { paths[PathReference(.sla, index: index, property: property.rawValue)] = value }
            set(.state, .string(SLAState.pending.rawValue))
            set(.breached, .bool(false))
            set(.elapsed, .duration(0))
        }
        return paths
    }

    /// The routing conditions by position in `workflow.routing`, or nil when some rule did not
    /// compile (the front-end reported why): `.some(nil)` is a rule without `when`.
    var routingConditions: [WorkflowExpression?]? {
        guard routing.count == workflow.routing.count else { return nil }
        var result: [WorkflowExpression?] = []
        for (written, compiled) in zip(workflow.routing, routing) {
            if written.when != nil, compiled.when == nil { return nil }
            result.append(compiled.when)
        }
        return result
    }
}

extension WorkflowExpression {
    /// True for every case: reads nothing and evaluates to true.
    var isConstantTrue: Bool {
        guard compiled.isConstant else { return false }
        var evaluator = AbstractEvaluator(paths: [:])
        return evaluator.evaluate(self).isTrue
    }

    /// The text without spaces, to compare conditions as written.
    var normalizedText: String { AbstractEvaluator.withoutSpaces(text) }
}
