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
        let graph = context.shared.stageGraph(context.workflow, context.compiled)
        for cycle in graph.cycles(cyclic: context.shared.cyclic(graph)) {
            let path = (cycle + [cycle[0]]).map { graph.ids[$0] }.joined(separator: " → ")
            var entries: [NeedsGraph.Need] = []
            for (offset, stage) in cycle.enumerated() {
                let next = cycle[(offset + 1) % cycle.count]
                if let entry = graph.needs[stage].first(where: { $0.stage == next }) { entries.append(entry) }
            }
            guard let first = entries.first else { continue }
            let notes = zip(cycle.dropFirst(), entries.dropFirst()).map { stage, entry in
                Diagnostic.Note("`\(graph.ids[stage])` needs `\(graph.ids[entry.stage])` here", span: entry.span)
            }
            context.report(
                NeedsCycle.self, "`needs` form a cycle: \(path); none of these stages can start", at: first.span,
                notes: notes, hint: "remove one of these needs to break the cycle")
        }
    }
}
