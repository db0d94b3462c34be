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

    /// What is known as the case opens (`compiled.pathsAtOpening`), for unroutable-case and shadowed-rule.
    func pathsAtOpening(_ compiled: CompiledWorkflow) -> KnownPaths {
        KnownPaths.atOpening(compiled)
    }

    func stageGraph(_ workflow: Workflow) -> NeedsGraph {
        if let graph { return graph }
        let made = NeedsGraph(workflow)
        graph = made
        return made
    }

    func neverActive(_ workflow: Workflow, _ compiled: CompiledWorkflow) -> [Int: NeedsGraph.NeverActive] {
        if let never { return never }
        let made = stageGraph(workflow).neverActive(compiled)
        never = made
        return made
    }
}
