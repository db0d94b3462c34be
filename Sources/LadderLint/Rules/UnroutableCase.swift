import LadderDiagnostics
import LadderLanguage

/// A possible case that no routing rule catches.
public struct UnroutableCase: LintRule {
    public static let id = "unroutable-case"
    public static let severity = Severity.error
    public static let summary = "Some possible case matches no routing rule, so it is never routed."
    public static let explanation = """
        Routing is first match wins; a case that no rule matches has no routed assignee. With no rule without \
        `when` (or with a constant-true one), the rules are checked for exhaustiveness: every combination of \
        the enum and bool fields the conditions read is tried (with null for fields that are neither required \
        nor defaulted), evaluating each condition in three-valued logic as the case opens (first level, stages \
        and clocks pending). Conditions on other data (`case.product == "database"`, `calendar.x.open`, \
        `case.arr >= 500000`) are unknowns, each tried true and false independently (up to 12 per case). The \
        first case for which every rule is false is reported with its field values and the unknowns that let it \
        through, at the `routing` key. Above 100,000 combinations the remaining fields are treated as unknowns \
        too, and a note says which. Unknowns that depend on each other (`case.arr > 5` and `case.arr <= 5`) can \
        give a case that does not exist: end the rules with a fallback to be sure.

        Also reported: `assign: routing` (in a stage or an `assign` action) or a level owned by `routing` when \
        the workflow has no routing rules at all.
        """
    public static let badExample = """
        ladder: 1
        workflow: demo
        fields:
          region: { enum: [emea, amer, apac], required: true }
          product: string
        teams:
          emea_db: { members: [anna] }
          emea: { members: [ben] }
          amer: { members: [carl] }
        routing:
          - { name: emea_database, when: case.region == "emea" and case.product == "database", to: team.emea_db }
          - { name: emea, when: case.region == "emea", to: team.emea }
          - { name: amer, when: case.region == "amer", to: team.amer }
        stages:
          handle: { assign: routing }
        """
    public static let goodExample = """
        ladder: 1
        workflow: demo
        fields:
          region: { enum: [emea, amer, apac], required: true }
          product: string
        teams:
          emea_db: { members: [anna] }
          emea: { members: [ben] }
          amer: { members: [carl] }
        routing:
          - { name: emea_database, when: case.region == "emea" and case.product == "database", to: team.emea_db }
          - { name: emea, when: case.region == "emea", to: team.emea }
          - { name: everyone_else, to: team.amer }
        stages:
          handle: { assign: routing }
        """
    public init() {}

    public func check(_ context: inout LintContext) {
        let workflow = context.workflow
        if workflow.routing.isEmpty {
            reportRoutingWithoutRules(&context)
            return
        }
        guard let conditions = context.compiled.routingConditions else { return }
        if zip(workflow.routing, conditions).contains(where: { $0.when == nil || $1?.isConstantTrue == true }) { return }
        let whens = (context.shared.routingPrograms(context.compiled) ?? []).compactMap { $0 }
        var space = CaseSpace(reading: [], compiled: context.compiled, limit: CaseSearch.limit)
        for when in whens { space.read(paths: when.paths, compiled: context.compiled, limit: CaseSearch.limit) }
        let result = CaseSearch.find(allFalse: whens, target: nil, base: context.shared.pathsAtOpening(context.compiled), space: space,
                                     atoms: context.shared.atoms)
        guard let found = result.found else { return }
        var description = found.fields.isEmpty ? "a case" : "a case with \(found.fieldText)"
        description += found.atomText
        var message = found.fields.isEmpty && found.atoms.isEmpty
            ? "no routing rule matches any case"
            : "\(description) is not routed: no routing rule matches it"
        var notes: [Diagnostic.Note] = []
        if found.undecided {
            message = "\(description) may not be routed: no routing rule surely matches it"
            notes.append(Diagnostic.Note("the rules read too many conditions on other data to try every combination"))
        }
        if !result.space.leftOut.isEmpty {
            notes.append(Diagnostic.Note(
                "only \(result.space.combinations) combinations were enumerated; \(result.space.leftOut.map { "case.\($0)" }.joined(separator: ", ")) were treated as unknown (more than \(CaseSearch.limit) combinations)"))
        }
        let span = workflow.sectionSpans["routing"] ?? workflow.routing[0].name.span
        context.report(
            UnroutableCase.self, message, at: span, notes: notes,
            hint: "add a rule that catches it, or end the rules with a fallback without `when` (`- { name: fallback, to: team.<id> }`)")
    }

    func reportRoutingWithoutRules(_ context: inout LintContext) {
        let hint = "add `routing` rules, or assign a team or role instead"
        for stage in context.workflow.stages {
            if let assign = stage.assign, case .routing = assign.value {
                context.report(UnroutableCase.self, "stage `\(stage.id.value)` is assigned by routing, but the workflow has no routing rules, so it is never assigned",
                               at: assign.span, hint: hint)
            }
        }
        let actions = context.workflow.rules.flatMap(\.actions) + context.workflow.slas.flatMap { $0.onWarning + $0.onBreach + $0.onMet }
        for action in actions {
            if case .assign(_, let to) = action.action, case .routing = to.value {
                context.report(UnroutableCase.self, "`assign` to routing, but the workflow has no routing rules", at: to.span, hint: hint)
            }
        }
        for level in context.workflow.levels {
            if case .routing = level.owner.value {
                context.report(UnroutableCase.self, "level `\(level.name.value)` is owned by routing, but the workflow has no routing rules, so it has no owner",
                               at: level.owner.span, hint: hint)
            }
        }
    }
}
