import LadderExpressions
import LadderLanguage

/// Values known for some paths without being enumerated: explicit entries, and optionally what
/// `CompiledWorkflow.pathsAtOpening` holds, answered by rule rather than from a dictionary of
/// seven entries per stage (which cost as much to build as the searches that read it).
struct KnownPaths {
    struct Opening {
        var stages: Int
        var slas: Int
        var firstLevel: String?
    }

    var table: [PathReference: Value] = [:]
    var opening: Opening?

    init(_ table: [PathReference: Value] = [:], opening: Opening? = nil) {
        self.table = table
        self.opening = opening
    }

    /// The same values as `compiled.pathsAtOpening`.
    static func atOpening(_ compiled: CompiledWorkflow) -> KnownPaths {
        KnownPaths(opening: Opening(stages: compiled.stages.count, slas: compiled.slas.count, firstLevel: compiled.levels.first?.name))
    }

    subscript(reference: PathReference) -> Value? {
        if !table.isEmpty, let value = table[reference] { return value }
        guard let opening else { return nil }
        switch reference.pathNamespace {
        case .caseBuiltin?:
            guard reference.index == 0 else { return nil }
            switch CaseProperty(rawValue: reference.property) {
            case .level?: return opening.firstLevel.map { .string($0) }
            case .closed?: return .bool(false)
            default: return nil
            }
        case .stage?:
            guard reference.index >= 0, Int(reference.index) < opening.stages else { return nil }
            switch StageProperty(rawValue: reference.property) {
            case .status?: return .string(StageStatus.pending.rawValue)
            case .done?, .active?, .skipped?: return .bool(false)
            case .outcome?, .assignee?, .startedAt?: return .null
            case nil: return nil
            }
        case .sla?:
            guard reference.index >= 0, Int(reference.index) < opening.slas else { return nil }
            switch SLAProperty(rawValue: reference.property) {
            case .state?: return .string(SLAState.pending.rawValue)
            case .breached?: return .bool(false)
            case .elapsed?: return .duration(0)
            default: return nil
            }
        default:
            return nil
        }
    }
}

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
