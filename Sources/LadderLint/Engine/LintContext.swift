import Foundation
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
    let shared: SharedFacts

    public init(workflow: Workflow, compiled: CompiledWorkflow, frontEndIDs: Set<String>) {
        self.init(workflow: workflow, compiled: compiled, frontEndIDs: frontEndIDs, stageFacts: StageFacts())
    }

    /// A context whose stage facts are `stageFacts`, which other contexts of the same lint (on
    /// other threads) may share.
    init(workflow: Workflow, compiled: CompiledWorkflow, frontEndIDs: Set<String>, stageFacts: StageFacts) {
        self.workflow = workflow
        self.compiled = compiled
        self.frontEndIDs = frontEndIDs
        shared = SharedFacts(stageFacts)
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
/// A lint runs its rules one after another on one thread; the class is not shared across lints or
/// threads (the stage facts it refers to may be: see `StageFacts`).
final class SharedFacts: @unchecked Sendable {
    /// Atoms of the case searches, numbered once for all of them.
    let atoms = AtomTable()
    private var routing: [ConditionProgram?]?
    private let stages: StageFacts

    init(_ stages: StageFacts) { self.stages = stages }

    /// The routing conditions built for `CaseSearch`, by position (as `compiled.routingConditions`).
    func routingPrograms(_ compiled: CompiledWorkflow) -> [ConditionProgram?]? {
        if let routing { return routing }
        guard let conditions = compiled.routingConditions else { return nil }
        let made = conditions.map { $0.map(ConditionProgram.init) }
        routing = made
        return made
    }

    /// Drops the routing programs (built again if asked for again).
    func releaseRoutingPrograms() {
        routing = nil
    }

    /// What is known as the case opens (`compiled.pathsAtOpening`), for unroutable-case and shadowed-rule.
    func pathsAtOpening(_ compiled: CompiledWorkflow) -> KnownPaths {
        KnownPaths.atOpening(compiled)
    }

    func stageGraph(_ workflow: Workflow, _ compiled: CompiledWorkflow) -> NeedsGraph {
        stages.stageGraph(workflow, compiled)
    }

    /// The stages on a needs cycle (`graph.cyclic`) of the graph `stageGraph` returns.
    func cyclic(_ workflow: Workflow, _ compiled: CompiledWorkflow) -> Set<Int> {
        stages.cyclic(workflow, compiled)
    }

    func neverActive(_ workflow: Workflow, _ compiled: CompiledWorkflow) -> [Int: NeedsGraph.NeverActive] {
        stages.neverActive(workflow, compiled)
    }
}

/// The facts of a workflow's stages (the needs graph, its cycles, the stages never active),
/// computed once per lint on first use and immutable after: the threads that run a large
/// workflow's rules share one, and a thread that asks while another computes waits for it.
final class StageFacts: @unchecked Sendable {
    private let lock = NSLock()
    // Guarded by `lock`.
    private var graph: NeedsGraph?
    private var onCycle: Set<Int>?
    private var never: [Int: NeedsGraph.NeverActive]?

    init() {}

    func stageGraph(_ workflow: Workflow, _ compiled: CompiledWorkflow) -> NeedsGraph {
        lock.withLock { lockedGraph(workflow, compiled) }
    }

    func cyclic(_ workflow: Workflow, _ compiled: CompiledWorkflow) -> Set<Int> {
        lock.withLock { lockedCyclic(workflow, compiled) }
    }

    func neverActive(_ workflow: Workflow, _ compiled: CompiledWorkflow) -> [Int: NeedsGraph.NeverActive] {
        lock.withLock {
            if let never { return never }
            let made = lockedGraph(workflow, compiled).neverActive(compiled, onCycle: lockedCyclic(workflow, compiled))
            never = made
            return made
        }
    }

    private func lockedGraph(_ workflow: Workflow, _ compiled: CompiledWorkflow) -> NeedsGraph {
        if let graph { return graph }
        let made = NeedsGraph(workflow, compiled)
        graph = made
        return made
    }

    private func lockedCyclic(_ workflow: Workflow, _ compiled: CompiledWorkflow) -> Set<Int> {
        if let onCycle { return onCycle }
        let made = lockedGraph(workflow, compiled).cyclic
        onCycle = made
        return made
    }
}
