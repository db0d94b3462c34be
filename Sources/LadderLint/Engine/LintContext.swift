import LadderDiagnostics
import LadderLanguage

/// What a rule sees: the decoded workflow, its compiled form, and where to put findings.
public struct LintContext: Sendable {
    public let workflow: Workflow
    public let compiled: CompiledWorkflow
    /// Ids of diagnostics the front-end already reported, so rules do not repeat them.
    public let frontEndIDs: Set<String>
    public private(set) var diagnostics: [Diagnostic] = []
    /// Facts that several rules derive from the same workflow, computed once.
    let shared = SharedFacts()

    public init(workflow: Workflow, compiled: CompiledWorkflow, frontEndIDs: Set<String>) {
        self.workflow = workflow
        self.compiled = compiled
        self.frontEndIDs = frontEndIDs
    }

    public var source: SourceFile { workflow.source }

    /// Reports a finding of `rule` at its default severity.
    public mutating func report<R: LintRule>(
        _ rule: R.Type, _ message: String, at span: SourceSpan,
        notes: [Diagnostic.Note] = [], hint: String? = nil, fixIt: Diagnostic.FixIt? = nil
    ) {
        diagnostics.append(Diagnostic(id: R.id, severity: R.severity, message: message, span: span, notes: notes, hint: hint, fixIt: fixIt))
    }
}

/// Facts several rules need, computed on first use and kept for the other rules of one lint.
/// A lint runs its rules one after another on one thread; the class is not shared across lints.
final class SharedFacts: @unchecked Sendable {
    private var graph: NeedsGraph?
    private var never: [Int: NeedsGraph.NeverActive]?
    private var onCycle: Set<Int>?
    /// Atoms of the case searches, numbered once for all of them.
    let atoms = AtomTable()
    private var routing: [ConditionProgram?]?
    private var stageConditions: [ConditionProgram?] = []
    private var stageConditionsBuilt: [Bool] = []

    /// The routing conditions built for `CaseSearch`, by position (as `compiled.routingConditions`).
    func routingPrograms(_ compiled: CompiledWorkflow) -> [ConditionProgram?]? {
        if let routing { return routing }
        guard let conditions = compiled.routingConditions else { return nil }
        let made = conditions.map { $0.map(ConditionProgram.init) }
        routing = made
        return made
    }

    /// Stage `index`'s `when` built for `CaseSearch`, built on first use.
    func stageCondition(_ index: Int, _ compiled: CompiledWorkflow) -> ConditionProgram? {
        if stageConditionsBuilt.isEmpty {
            stageConditions = Array(repeating: nil, count: compiled.stages.count)
            stageConditionsBuilt = Array(repeating: false, count: compiled.stages.count)
        }
        guard compiled.stages.indices.contains(index) else { return nil }
        if stageConditionsBuilt[index] { return stageConditions[index] }
        let made = compiled.stages[index].when.map(ConditionProgram.init)
        stageConditions[index] = made
        stageConditionsBuilt[index] = true
        return made
    }

    /// What is known as the case opens (`compiled.pathsAtOpening`), for unroutable-case and shadowed-rule.
    func pathsAtOpening(_ compiled: CompiledWorkflow) -> KnownPaths {
        KnownPaths.atOpening(compiled)
    }

    func stageGraph(_ workflow: Workflow, _ compiled: CompiledWorkflow) -> NeedsGraph {
        if let graph { return graph }
        let made = NeedsGraph(workflow, compiled)
        graph = made
        return made
    }

    /// The stages on a needs cycle (`graph.cyclic`) of the graph `stageGraph` returns.
    func cyclic(_ graph: NeedsGraph) -> Set<Int> {
        if let onCycle { return onCycle }
        let made = graph.cyclic
        onCycle = made
        return made
    }

    func neverActive(_ workflow: Workflow, _ compiled: CompiledWorkflow) -> [Int: NeedsGraph.NeverActive] {
        if let never { return never }
        let made = stageGraph(workflow, compiled).neverActive(compiled, facts: self)
        never = made
        return made
    }
}
