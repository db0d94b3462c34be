import LadderDiagnostics

/// Stages whose `needs` form a loop: each waits for the next, so none of them ever starts.
public struct NeedsCycle: LintRule {
    public static let id = "needs-cycle"
    public static let severity = Severity.error
    public static let summary = "Stages need each other in a cycle, so none of them can start."
    public static let explanation = """
        Follows `needs` from stage to stage and reports every elementary cycle of two or more stages once, with \
        its path (`a → b → c → a`, each stage needing the next), at the `needs` entry of the cycle's first stage \
        in file order. Notes point at the other entries of the cycle. A stage that needs itself is \
        `self-dependency`; stages that need a stage on a cycle are `unreachable-stage`. At most 50 cycles are \
        listed per file.
        """
    public static let badExample = """
        ladder: 1
        workflow: demo
        stages:
          investigate: { needs: [resolve] }
          resolve: { needs: [investigate] }
        """
    public static let goodExample = """
        ladder: 1
        workflow: demo
        stages:
          investigate: {}
          resolve: { needs: [investigate] }
        """
    public init() {}

    public func check(_ context: inout LintContext) {
        let workflow = context.workflow
        let graph = context.shared.stageGraph(workflow, context.compiled)
        func id(_ stage: Int) -> String { workflow.stages[stage].id.value }
        for cycle in graph.cycles(cyclic: context.shared.cyclic(workflow, context.compiled)) {
            let path = (cycle + [cycle[0]]).map(id).joined(separator: " → ")
            // Each stage's need of the next, with the needing stage.
            var entries: [(from: Int, need: NeedsGraph.Need)] = []
            for (offset, stage) in cycle.enumerated() {
                let next = cycle[(offset + 1) % cycle.count]
                if let need = graph.need(from: stage, to: next) { entries.append((stage, need)) }
            }
            guard let first = entries.first else { continue }
            let notes = zip(cycle.dropFirst(), entries.dropFirst()).map { stage, entry in
                Diagnostic.Note("`\(id(stage))` needs `\(id(entry.need.stage))` here", span: entry.need.span(from: entry.from, in: workflow))
            }
            context.report(
                NeedsCycle.self, "`needs` form a cycle: \(path); none of these stages can start", at: first.need.span(from: first.from, in: workflow),
                notes: notes, hint: "remove one of these needs to break the cycle")
        }
    }
}
