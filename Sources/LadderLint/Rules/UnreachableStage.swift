import LadderDiagnostics
import LadderLanguage

/// A stage that can be proved never to become active.
public struct UnreachableStage: LintRule {
    public static let id = "unreachable-stage"
    public static let severity = Severity.warning
    public static let summary = "A stage can never become active: it waits on a needs cycle, or its `when` is never true."
    public static let explanation = """
        Reports a stage that can never become active, for one of two decidable reasons:
        - it needs a stage on a `needs` cycle, or a stage that itself waits on one: its needs never settle \
        (reported at that `needs` entry; the stages on the cycle are `needs-cycle`/`self-dependency`);
        - its `when` is false for every case: every combination of the enum and bool fields it reads is tried \
        (null included for optional ones), other conditions count as unknown, and `stage.<x>.done`/`.active` are \
        false and `stage.<x>.outcome` null for stages already known never to become active — so \
        `when: stage.x.done` behind an always-skipped `x` is found too (reported at the `when`).

        Actions are taken into account: a need that some `skip` action names can settle, and a stage that some \
        `reopen` action names can become active whatever its `when`. A stage whose needs are skipped is not \
        unreachable: a skipped stage counts as settled. Conditions on \
        numbers, text, times and SLA states are not solved; a `when` that is false only because of them is not \
        reported. A constant `when` (`false`) is also a `constant-condition`.
        """
    public static let badExample = """
        ladder: 1
        workflow: demo
        fields:
          priority: { enum: [P1, P2], required: true }
        stages:
          triage: {}
          major_incident: { needs: [triage], when: case.priority == "P1" and case.priority == "P2" }
        """
    public static let goodExample = """
        ladder: 1
        workflow: demo
        fields:
          priority: { enum: [P1, P2], required: true }
        stages:
          triage: {}
          major_incident: { needs: [triage], when: case.priority == "P1" }
        """
    public init() {}

    public func check(_ context: inout LintContext) {
        let stages = context.workflow.stages
        let never = context.shared.neverActive(context.workflow, context.compiled)
        for (index, stage) in stages.enumerated() {
            switch never[index] {
            case nil, .onCycle?:
                continue
            case .waitsOn(let need)?:
                let reason = never[need.stage].map { reason -> String in
                    if case .onCycle = reason { return "which is on a needs cycle" }
                    return "which itself waits on a needs cycle"
                } ?? ""
                context.report(
                    UnreachableStage.self,
                    "stage `\(stage.id.value)` can never start: it needs `\(stages[need.stage].id.value)`, \(reason)",
                    at: stage.needEntries[need.entry].span, hint: "break the cycle in the `needs` of the stages it depends on")
            case .condition(let because)?:
                guard let when = stage.when else { continue }
                let notes = because.map { Diagnostic.Note("`stage.\(stages[$0].id.value).done` is always false: `\(stages[$0].id.value)` never becomes active") }
                context.report(
                    UnreachableStage.self,
                    "stage `\(stage.id.value)` is always skipped: its `when` is false for every case", at: when.span,
                    notes: notes, hint: "fix the condition, or remove the stage")
            }
        }
    }
}
