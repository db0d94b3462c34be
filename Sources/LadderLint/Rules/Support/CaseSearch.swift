import LadderExpressions
import LadderLanguage

/// The cases some conditions can tell apart: every combination of the enum and bool fields they
/// read (with null for fields that are neither required nor defaulted).
struct CaseSpace {
    struct Dimension {
        var reference: PathReference
        var field: String
        var values: [Value]
    }

    var dimensions: [Dimension] = []
    /// Fields read but left unknown because enumerating them too would exceed the limit.
    var leftOut: [String] = []
    var combinations = 1

    /// Fields already considered (enumerated or left out).
    private var seen: Set<PathReference> = []

    init(reading expressions: [WorkflowExpression], compiled: CompiledWorkflow, limit: Int) {
        for expression in expressions { read(expression, compiled: compiled, limit: limit) }
    }

    /// Adds the fields `expression` reads; reading expressions one by one gives the same space as
    /// reading them all at once, so a caller can extend a space it already has.
    mutating func read(_ expression: WorkflowExpression, compiled: CompiledWorkflow, limit: Int) {
        // The checker lists the paths read in tree order, each once: the same order as a walk
        // of the tree, without walking it.
        for reference in expression.compiled.paths {
            guard reference.pathNamespace == .field, seen.insert(reference).inserted,
                  compiled.fields.indices.contains(Int(reference.index)) else { continue }
            let field = compiled.fields[Int(reference.index)]
            var values: [Value]
            switch field.type {
            case .enumeration(let names): values = names.map { .string($0) }
            case .bool: values = [.bool(false), .bool(true)]
            default: continue
            }
            if !field.required, field.defaultValue == nil { values.append(.null) }
            let (product, overflow) = combinations.multipliedReportingOverflow(by: values.count)
            if overflow || product > limit {
                leftOut.append(field.name)
                continue
            }
            combinations = product
            dimensions.append(Dimension(reference: reference, field: field.name, values: values))
        }
    }

    /// Calls `body` with each combination, the first dimension varying slowest, until it returns false.
    func forEach(_ body: ([PathReference: Value], [(field: String, value: Value)]) -> Bool) {
        forEach { values, described, _ in body(values, described) }
    }

    /// The same, also passing each dimension's value index.
    func forEach(_ body: ([PathReference: Value], [(field: String, value: Value)], [Int]) -> Bool) {
        var indices = Array(repeating: 0, count: dimensions.count)
        while true {
            var values: [PathReference: Value] = [:]
            var described: [(String, Value)] = []
            for (dimension, index) in zip(dimensions, indices) {
                values[dimension.reference] = dimension.values[index]
                described.append((dimension.field, dimension.values[index]))
            }
            guard body(values, described, indices) else { return }
            var position = dimensions.count - 1
            while position >= 0 {
                indices[position] += 1
                if indices[position] < dimensions[position].values.count { break }
                indices[position] = 0
                position -= 1
            }
            if position < 0 { return }
        }
    }
}

/// A case found by `CaseSearch`.
struct FoundCase {
    /// The enum and bool fields, in the order the conditions read them.
    var fields: [(field: String, value: Value)]
    /// Values assumed for the conditions on other data (`case.product == "database"` false).
    var atoms: [(text: String, value: Bool)]
    /// True when there were too many such conditions to try every combination: the case may not exist.
    var undecided = false

    /// `region: apac, priority: P3`.
    var fieldText: String {
        fields.map { "\($0.field): \(CaseSearch.describe($0.value))" }.joined(separator: ", ")
    }

    /// ` where case.product == "database" is false` (empty without atoms).
    var atomText: String {
        guard !atoms.isEmpty else { return "" }
        return " where " + atoms.map { "`\($0.text)` is \($0.value)" }.joined(separator: " and ")
    }
}

/// Searches the case space for a case on which some conditions are all false and another is true.
///
/// Enum and bool fields are enumerated (up to `limit` combinations); every other condition the
/// expressions read is an independent true/false unknown, and all their combinations are tried
/// (up to 2^`atomLimit`). Treating them as independent over-approximates the cases, so when no
/// case is found none exists; a found case is real unless those conditions are correlated
/// (`case.arr > 5` and `case.arr > 3`).
enum CaseSearch {
    static let limit = 100_000
    static let atomLimit = 12

    /// At most this many condition evaluations per search; beyond it the search gives up.
    static let evaluationBudget = 2_000_000

    struct Result {
        var found: FoundCase?
        var space: CaseSpace
        /// The search gave up before deciding: `found` is nil but a case may exist.
        var gaveUp = false

        /// No case exists (and the search was complete).
        var provedNone: Bool { found == nil && !gaveUp }
    }

    /// A case where every expression of `allFalse` is false and `target` (when given) is true.
    /// `nil` in `allFalse` stands for a condition that did not compile: it is treated as unknown.
    /// Values of conditions without assumed atoms, shared by a series of searches over the same
    /// `base` where each search's `allFalse` extends the previous one's and its `target` is the
    /// condition appended next (shadowed-rule: the rules before each rule). Then a condition keeps
    /// its position, and its case-space dimensions keep theirs (spaces are built by extension),
    /// so a condition's value is looked up by position and by the indices of the dimensions it
    /// reads. A condition at an unexpected position (checked by source offset) is just evaluated.
    final class Memo {
        /// By position: the condition's source offset, the dimensions it reads, and its values
        /// by the mixed-radix code of those dimensions' value indices.
        var offsets: [Int] = []
        var dimensions: [[Int]] = []
        var tables: [[Int: AbstractValue]] = []
    }

    static func find(
        allFalse: [WorkflowExpression], target: WorkflowExpression? = nil, base: KnownPaths = KnownPaths(),
        compiled: CompiledWorkflow, limit: Int = CaseSearch.limit, memo: Memo? = nil, space given: CaseSpace? = nil
    ) -> Result {
        // `given`: the space of `allFalse` and `target`, when the caller has built it already.
        let space = given ?? CaseSpace(reading: allFalse + (target.map { [$0] } ?? []), compiled: compiled, limit: limit)
        var found: FoundCase?
        var spent = 0
        var gaveUp = false
        space.forEach { values, described, indices in
            var evaluator = AbstractEvaluator(paths: values, base: base)
            defer { spent += evaluator.evaluations }
            if spent > evaluationBudget {
                gaveUp = true
                return false
            }
            // Without assumptions first: a cheap pass that does not name atoms, stopping at the
            // first true condition (counted as if every condition had been evaluated).
            evaluator.recordsAtoms = false
            func value(_ expression: WorkflowExpression, at position: Int) -> AbstractValue {
                guard let memo else { return evaluator.evaluate(expression) }
                let offset = expression.source.node.span.start.offset
                if position == memo.offsets.count {
                    memo.offsets.append(offset)
                    memo.dimensions.append(space.dimensions.indices.filter { expression.compiled.paths.contains(space.dimensions[$0].reference) })
                    memo.tables.append([:])
                }
                guard position < memo.offsets.count, memo.offsets[position] == offset else { return evaluator.evaluate(expression) }
                var code = 0
                for dimension in memo.dimensions[position] {
                    code = code * space.dimensions[dimension].values.count + indices[dimension]
                }
                if let known = memo.tables[position][code] {
                    evaluator.evaluations += 1
                    return known
                }
                let computed = evaluator.evaluate(expression)
                memo.tables[position][code] = computed
                return computed
            }
            for (offset, expression) in allFalse.enumerated() where value(expression, at: offset).isTrue {
                evaluator.evaluations += allFalse.count - offset - 1
                return true
            }
            if let target, value(target, at: allFalse.count).isFalse { return true }
            // The atoms that the values depend on, in the order of a full evaluation; past
            // `atomLimit` of them their exact list no longer matters.
            let counted = evaluator.evaluations
            let expressions = allFalse + (target.map { [$0] } ?? [])
            // The atom keys each expression meets: its value under assumed atoms depends on those only.
            var touched: [Set<String>] = []
            evaluator.recordsAtoms = true
            for expression in expressions {
                evaluator.touched = []
                _ = evaluator.evaluate(expression)
                touched.append(evaluator.touched ?? [])
                if evaluator.unknownAtoms.count > atomLimit { break }
            }
            evaluator.touched = nil
            evaluator.evaluations = counted
            let atoms = evaluator.unknownAtoms
            if atoms.isEmpty {
                found = FoundCase(fields: described, atoms: [])
                return false
            }
            if atoms.count > atomLimit {
                found = FoundCase(fields: described, atoms: [], undecided: true)
                return false
            }
            // Each expression's value under each assumption of the atoms it meets, computed once
            // (evaluations are still counted as if every expression were evaluated for every mask).
            // The bits (atom offsets) each expression depends on; its values are kept in a dense
            // table indexed by those bits only.
            let relevant: [[Int]] = touched.map { keys in
                (0..<atoms.count).filter { offset in keys.contains(atoms[offset].key) }
            }
            // One flat table of verdicts: 0 not computed yet, 1 true, 2 false (known, not true),
            // 3 unknown; expression k's slots start at `tableStart[k]`.
            var tableStart: [Int] = []
            var tableSize = 0
            for bits in relevant {
                tableStart.append(tableSize)
                tableSize += 1 << bits.count
            }
            var verdicts = [UInt8](repeating: 0, count: tableSize)
            func verdict(_ index: Int, mask: Int) -> UInt8 {
                var slot = 0
                var position = 0
                for offset in relevant[index] {
                    if mask & (1 << offset) != 0 { slot |= 1 << position }
                    position += 1
                }
                let entry = tableStart[index] + slot
                if verdicts[entry] != 0 { return verdicts[entry] }
                // Only the atoms this expression meets can change its value.
                evaluator.atoms = [:]
                for offset in relevant[index] { evaluator.atoms[atoms[offset].key] = mask & (1 << offset) != 0 }
                let value = evaluator.evaluate(expressions[index])
                let code: UInt8 = value.isTrue ? 1 : value.isFalse ? 2 : 3
                verdicts[entry] = code
                return code
            }
            for mask in 0..<(1 << atoms.count) {
                if spent + evaluator.evaluations > evaluationBudget {
                    gaveUp = true
                    return false
                }
                let before = evaluator.evaluations
                var anyTrue = false
                for index in allFalse.indices where verdict(index, mask: mask) == 1 {
                    anyTrue = true
                    break
                }
                evaluator.evaluations = before + allFalse.count
                if anyTrue { continue }
                if target != nil {
                    let targetVerdict = verdict(allFalse.count, mask: mask)
                    evaluator.evaluations = before + allFalse.count + 1
                    if targetVerdict == 2 { continue }
                }
                found = FoundCase(fields: described, atoms: atoms.enumerated().map { ($1.text, mask & (1 << $0) != 0) })
                return false
            }
            return true
        }
        return Result(found: found, space: space, gaveUp: gaveUp)
    }

    /// Whether a condition can never be true (proved over the whole case space).
    static func neverTrue(_ expression: WorkflowExpression, base: KnownPaths = KnownPaths(), compiled: CompiledWorkflow) -> Bool {
        find(allFalse: [], target: expression, base: base, compiled: compiled).provedNone
    }

    /// `P3`, `true`, `null`, `"text"`.
    static func describe(_ value: Value) -> String {
        if case .string(let text) = value { return text }
        return value.description
    }
}
