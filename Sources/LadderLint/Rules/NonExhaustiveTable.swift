import LadderDiagnostics
import LadderExpressions
import LadderLanguage

/// A `by` table that has no result for some value of its enum.
public struct NonExhaustiveTable: LintRule {
    public static let id = "non-exhaustive-table"
    public static let severity = Severity.error
    public static let summary = "A `by` table misses values of its enum and has no `default`."
    public static let explanation = """
        A `by` table (an SLA's `target` or `calendar`, a role) must give a result for every value its `by` \
        expression can take, or have `default:`. The values are the enum's; null counts as a value when the \
        expression can be null: an optional field without a default, or `stage.<id>.outcome` (null until the \
        stage is done). Reported at the `by` expression, naming the missing values.
        """
    public static let badExample = """
        ladder: 1
        workflow: demo
        fields:
          priority: { enum: [P1, P2, P3], required: true }
        stages:
          handle: {}
        slas:
          resolution:
            stop: stage.handle.done
            target: { by: case.priority, P1: 4h, P2: 8h }
        """
    public static let goodExample = """
        ladder: 1
        workflow: demo
        fields:
          priority: { enum: [P1, P2, P3], required: true }
        stages:
          handle: {}
        slas:
          resolution:
            stop: stage.handle.done
            target: { by: case.priority, P1: 4h, P2: 8h, default: 2d }
        """
    public init() {}

    public func check(_ context: inout LintContext) {
        // The analyser compiled each SLA's `by` expressions (one compiled SLA per written one, in
        // order); a table it could not resolve (the `by` does not check, or is not an enum) is
        // `nil` or `.fixed`, and compiling it again would give no enum either.
        let slas = context.workflow.slas
        let compiledSLAs = context.compiled.slas.count == slas.count ? context.compiled.slas : nil
        for index in slas.indices {
            let sla = slas[index]
            if case .table(let table) = sla.target {
                var by: CompiledExpression?? = nil
                if let compiledSLAs {
                    if case .table(let expression, _, _)? = compiledSLAs[index].target { by = .some(expression.compiled) } else { by = .some(nil) }
                }
                check(table, by: by, what: "the `target` of SLA `\(sla.id.value)`", result: "<duration>", in: &context)
            }
            if case .table(let table)? = sla.calendar {
                var by: CompiledExpression?? = nil
                if let compiledSLAs {
                    if case .table(let expression, _, _) = compiledSLAs[index].calendar { by = .some(expression.compiled) } else { by = .some(nil) }
                }
                check(table, by: by, what: "the `calendar` of SLA `\(sla.id.value)`", result: "<calendar>", in: &context)
            }
        }
        for role in context.workflow.roles {
            if case .table(let table) = role.holder {
                check(table, by: nil, what: "role `\(role.id.value)`", result: "<person>", in: &context)
            }
        }
    }

    /// `by`: the analyser's compiled `by` expression (`.some(nil)`: it has none), or `nil` to compile it here.
    func check<Result>(_ table: ByTable<Result>, by: CompiledExpression??, what: @autoclosure () -> String, result: String, in context: inout LintContext) {
        guard table.defaultResult == nil else { return }
        let compiled = by ?? CompiledExpression.make(text: table.by.text, scope: context.compiled.scope, expected: nil).0
        guard let compiled, case .enumeration(let name, let values) = compiled.type else { return }
        let keys = Set(table.entries.map(\.key.value))
        var missing = values.filter { !keys.contains($0) }
        let nullable = NonExhaustiveTable.canBeNull(compiled.checked.root, context.compiled)
        guard !missing.isEmpty || nullable else { return }
        if nullable { missing.append("null") }
        let listed = missing.map { $0 == "null" ? "null" : "`\($0)`" }.joined(separator: ", ")
        let additions = missing.filter { $0 != "null" }.map { "`\($0): \(result)`" }
        var hint = nullable ? "add `default: \(result)` (needed for null)" : "add `default: \(result)`"
        if !additions.isEmpty, !nullable { hint = "add \(additions.joined(separator: ", ")), or `default: \(result)`" }
        context.report(
            NonExhaustiveTable.self,
            "\(what()) has no result for \(listed) of \(name) and no `default`", at: table.by.span,
            notes: nullable ? [Diagnostic.Note("`\(table.by.text)` can be null, and only `default` covers null")] : [],
            hint: hint)
    }

    /// Whether a `by` expression can be null at run time.
    static func canBeNull(_ root: Expression, _ compiled: CompiledWorkflow) -> Bool {
        guard case .path(let path) = root.kind, let reference = path.reference else { return false }
        switch reference.pathNamespace {
        case .field?:
            let index = Int(reference.index)
            guard compiled.fields.indices.contains(index) else { return false }
            return !compiled.fields[index].required && compiled.fields[index].defaultValue == nil
        case .stage?:
            return reference.property == StageProperty.outcome.rawValue
        default:
            return false
        }
    }
}
