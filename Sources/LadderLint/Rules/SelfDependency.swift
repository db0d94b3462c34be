import LadderDiagnostics

/// A stage that lists itself in its own `needs`: it waits for itself and never starts.
public struct SelfDependency: LintRule {
    public static let id = "self-dependency"
    public static let severity = Severity.error
    public static let summary = "A stage needs itself, so it can never start."
    public static let explanation = """
        A stage starts when every stage in its `needs` is settled; a stage that lists itself waits for itself \
        forever (and so do the stages that need it, see `unreachable-stage`). Reported at the entry naming the \
        stage, once per stage. Longer loops are `needs-cycle`.
        """
    public static let badExample = """
        ladder: 1
        workflow: demo
        stages:
          triage: {}
          investigate: { needs: [triage, investigate] }
        """
    public static let goodExample = """
        ladder: 1
        workflow: demo
        stages:
          triage: {}
          investigate: { needs: [triage] }
        """
    public init() {}

    public func check(_ context: inout LintContext) {
        for stage in context.workflow.stages {
            let entries = stage.needEntries
            guard let position = entries.indices.first(where: { entries.name(at: $0) == stage.id.value }) else { continue }
            context.report(
                SelfDependency.self, "stage `\(stage.id.value)` needs itself, so it can never start", at: entries[position].span,
                hint: "remove `\(stage.id.value)` from its `needs`")
        }
    }
}
