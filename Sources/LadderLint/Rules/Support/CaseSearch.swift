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

    /// Fields already considered (enumerated or left out): few, so a list.
    private var seen: [PathReference] = []

    init(reading expressions: [WorkflowExpression], compiled: CompiledWorkflow, limit: Int) {
        for expression in expressions { read(expression, compiled: compiled, limit: limit) }
    }

    /// Adds the fields `expression` reads; reading expressions one by one gives the same space as
    /// reading them all at once, so a caller can extend a space it already has.
    mutating func read(_ expression: WorkflowExpression, compiled: CompiledWorkflow, limit: Int) {
        read(paths: expression.compiled.paths, compiled: compiled, limit: limit)
    }

    /// The same from the paths an expression reads (`compiled.paths`).
    mutating func read(paths: [PathReference], compiled: CompiledWorkflow, limit: Int) {
        // The checker lists the paths read in tree order, each once: the same order as a walk
        // of the tree, without walking it.
        for reference in paths {
            guard reference.pathNamespace == .field, !seen.contains(reference),
                  compiled.fields.indices.contains(Int(reference.index)) else { continue }
            seen.append(reference)
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
        var indices = Array(repeatElement(0, count: dimensions.count))
        while true {
            var values: [PathReference: Value] = [:]
            var described: [(String, Value)] = []
            for (dimension, index) in zip(dimensions, indices) {
                values[dimension.reference] = dimension.values[index]
                described.append((dimension.field, dimension.values[index]))
            }
            guard body(values, described, indices), CaseSpace.advance(&indices, in: dimensions) else { return }
        }
    }

    /// Moves value indices to the next combination, the first dimension varying slowest (an
    /// odometer); false after the last one.
    static func advance(_ indices: inout [Int], in dimensions: [Dimension]) -> Bool {
        var position = dimensions.count - 1
        while position >= 0 {
            indices[position] += 1
            if indices[position] < dimensions[position].values.count { return true }
            indices[position] = 0
            position -= 1
        }
        return false
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

    /// Conditions' values by position in a series of searches over the same `base` where each
    /// search's `allFalse` extends the previous one's and its `target` is the condition appended
    /// next (shadowed-rule: the rules before each rule). Then a condition keeps its position, and
    /// its case-space dimensions keep theirs (spaces are built by extension), so its values are
    /// kept by the mixed-radix code of the value indices of the dimensions it reads. A search
    /// without a memo of its own uses a fresh one: the same values, kept for its own combinations.
    final class Memo {
        struct Slot {
            var program: ConditionProgram
            /// The dimensions the condition reads, in space order, and their sizes.
            var dimensions: [Int]
            var sizes: [Int]
            /// By code: 0 not computed yet, 1 true, 2 known and not true, 3 unknown.
            var verdicts: [UInt8]
            /// By code, for unknown values: the atoms met, in order, each once (id and node).
            var atoms: [Int: [(id: Int32, node: Int32)]] = [:]
            /// By code, for unknown values: verdicts by assumption of those atoms (bit j: the j-th atom).
            var assumed: [Int: [UInt8]] = [:]
        }

        var slots: [Slot] = []
        /// The identities of the slots' programs, in step with `slots` (compared without retaining).
        var identities: [ObjectIdentifier] = []

        /// Over the combinations of the space `references` names (by their mixed-radix index, the
        /// first dimension varying slowest): how many leading conditions are known not to be true
        /// there, and the position of the first one known to be true (-1: none known). Kept while
        /// the space and the slots in front stay the same, so that a search of the series only
        /// evaluates the conditions appended since the previous one.
        var references: [PathReference]?
        var checked: [Int32] = []
        var firstTrue: [Int32] = []
        /// Whether `checked` and `firstTrue` are in use (a space small enough for them).
        var tracksCombinations = false

        init() {}

        /// Forgets what is known by combination (a slot in front changed, or the space did).
        func resetCombinations(_ space: CaseSpace) {
            references = space.dimensions.map(\.reference)
            tracksCombinations = space.combinations <= 1 << 16
            checked = tracksCombinations ? Array(repeatElement(0, count: space.combinations)) : []
            firstTrue = tracksCombinations ? Array(repeatElement(-1, count: space.combinations)) : []
        }
    }

    /// A case where every expression of `allFalse` is false and `target` (when given) is true.
    static func find(
        allFalse: [WorkflowExpression], target: WorkflowExpression? = nil, base: KnownPaths = KnownPaths(),
        compiled: CompiledWorkflow, limit: Int = CaseSearch.limit
    ) -> Result {
        let space = CaseSpace(reading: allFalse + (target.map { [$0] } ?? []), compiled: compiled, limit: limit)
        return find(allFalse: allFalse.map(ConditionProgram.init), target: target.map(ConditionProgram.init), base: base,
                    space: space, atoms: AtomTable())
    }

    /// The same over built conditions: `space` is the space of `allFalse` and `target`.
    ///
    /// Without `witness` only `provedNone` matters, so the assumptions of a combination's atoms are
    /// searched depth first (atom by atom, a condition checked once its atoms are all assumed)
    /// rather than in mask order: the same answer, found in a few steps. While the evaluations the
    /// mask order would have counted might reach the budget, the search is the mask order's.
    static func find(
        allFalse: [ConditionProgram], target: ConditionProgram?, base: KnownPaths, space: CaseSpace,
        atoms table: AtomTable, memo given: Memo? = nil, witness: Bool = true
    ) -> Result {
        if !witness, let result = search(allFalse: allFalse, target: target, base: base, space: space, atoms: table, memo: given,
                                          witness: false, depthFirst: true) {
            return result
        }
        return search(allFalse: allFalse, target: target, base: base, space: space, atoms: table, memo: given,
                      witness: witness, depthFirst: false)!
    }

    /// `find`; depth first, nil when the budget might have been reached.
    private static func search(
        allFalse: [ConditionProgram], target: ConditionProgram?, base: KnownPaths, space: CaseSpace,
        atoms table: AtomTable, memo given: Memo?, witness: Bool, depthFirst: Bool
    ) -> Result? {
        let memo = given ?? Memo()
        // The search's mutable state in one local struct whose helpers are its methods: no
        // closure captures it, so its accesses are checked statically (captured variables
        // were boxed, and every access to them checked at run time).
        var state = SearchState(dimensions: space.dimensions, base: base, table: table)
        swap(&state.slots, &memo.slots)
        defer { swap(&state.slots, &memo.slots) }
        let count = allFalse.count
        let positions = count + (target == nil ? 0 : 1)
        let dimensions = space.dimensions
        // The slots in front that hold the same programs as before, compared by identity.
        var unchanged = min(state.slots.count, positions)
        allFalse.withUnsafeBufferPointer { buffer in
            let identities = memo.identities
            for position in 0..<min(unchanged, count) where ObjectIdentifier(buffer[position]) != identities[position] {
                unchanged = position
                break
            }
        }
        if unchanged > count, let target, ObjectIdentifier(target) != memo.identities[count] { unchanged = count }
        // Per-combination knowledge only for a memo of a series; a changed slot or space resets it.
        let tracking = given != nil
        if tracking {
            let same = memo.references == dimensions.map(\.reference)
            if !same || unchanged < min(state.slots.count, positions) {
                memo.resetCombinations(space)
            }
        }
        for position in unchanged..<positions {
            let program = position < count ? allFalse[position] : target!
            if position < state.slots.count, state.slots[position].program === program { continue }
            if position < memo.identities.count {
                memo.identities[position] = ObjectIdentifier(program)
            } else {
                memo.identities.append(ObjectIdentifier(program))
            }
            let paths = program.paths
            var read: [Int] = []
            var sizes: [Int] = []
            var codes = 1
            for dimension in dimensions.indices where paths.contains(dimensions[dimension].reference) {
                read.append(dimension)
                sizes.append(dimensions[dimension].values.count)
                codes *= dimensions[dimension].values.count
            }
            let slot = Memo.Slot(program: program, dimensions: read, sizes: sizes,
                                 verdicts: Array(repeatElement(0, count: codes)))
            if position < state.slots.count {
                state.slots[position] = slot
            } else {
                state.slots.append(slot)
            }
        }

        var checkedByCombination: [Int32] = []
        var firstTrueByCombination: [Int32] = []
        let tracksCombinations = tracking && memo.tracksCombinations
        if tracksCombinations {
            swap(&checkedByCombination, &memo.checked)
            swap(&firstTrueByCombination, &memo.firstTrue)
        }
        defer {
            if tracksCombinations {
                swap(&checkedByCombination, &memo.checked)
                swap(&firstTrueByCombination, &memo.firstTrue)
            }
        }
        /// The mixed-radix index of the current combination: they are visited in that order.
        var combination = 0

        var found: FoundCase?
        /// Evaluations as the mask order counts them; depth first, at least as many.
        var spent = 0
        var gaveUp = false
        // The atoms of a passing combination and its unknown conditions: emptied, not allocated, per pass.
        var list: [(id: Int32, position: Int, node: Int32)] = []
        list.reserveCapacity(atomLimit + 2)
        var unknown: [(position: Int, code: Int, met: [(id: Int32, node: Int32)])] = []
        unknown.reserveCapacity(positions)
        while true {
            if spent > evaluationBudget {
                if depthFirst { return nil }
                gaveUp = true
                break
            }
            // Evaluations are counted as if every condition were evaluated (a true one ends the pass).
            var cost = count
            var passes = true
            if tracksCombinations {
                // Only the conditions not yet known here are evaluated.
                let known = Int(firstTrueByCombination[combination])
                if known >= 0 {
                    passes = known >= count
                } else {
                    let start = min(Int(checkedByCombination[combination]), count)
                    for position in start..<count where state.verdict(position, state.code(position)) == 1 {
                        passes = false
                        firstTrueByCombination[combination] = Int32(position)
                        break
                    }
                    if passes, count > Int(checkedByCombination[combination]) { checkedByCombination[combination] = Int32(count) }
                }
            } else {
                for position in 0..<count where state.verdict(position, state.code(position)) == 1 {
                    passes = false
                    break
                }
            }
            var targetVerdict: UInt8 = 0
            if passes, target != nil {
                cost += 1
                targetVerdict = state.verdict(count, state.code(count))
                if targetVerdict == 2 { passes = false }
            }
            if passes {
                // The atoms the unknown conditions depend on, in the order of a full evaluation;
                // past `atomLimit` of them their exact list no longer matters.
                list.removeAll(keepingCapacity: true)
                unknown.removeAll(keepingCapacity: true)
                for position in 0..<positions {
                    let code = state.code(position)
                    guard state.verdict(position, code) == 3 else { continue }
                    let met = state.atoms(position, code)
                    for atom in met where !list.contains(where: { $0.id == atom.id }) { list.append((atom.id, position, atom.node)) }
                    unknown.append((position, code, met))
                    if list.count > atomLimit { break }
                }
                if list.isEmpty {
                    found = FoundCase(fields: witness ? state.described() : [], atoms: [])
                } else if list.count > atomLimit {
                    found = FoundCase(fields: witness ? state.described() : [], atoms: [], undecided: true)
                } else {
                    // Each unknown condition's atoms as bits of the mask.
                    var bits: [[Int]] = []
                    bits.reserveCapacity(unknown.count)
                    for entry in unknown {
                        var entryBits: [Int] = []
                        entryBits.reserveCapacity(entry.met.count)
                        for atom in entry.met { entryBits.append(list.firstIndex { $0.id == atom.id }!) }
                        bits.append(entryBits)
                    }
                    let targetEntry = target == nil ? nil : unknown.lastIndex { $0.position == count }
                    state.assumed.removeAll(keepingCapacity: true)
                    for entry in unknown {
                        state.assumed.append(state.slots[entry.position].assumed[entry.code] ?? Array(repeatElement(0, count: 1 << entry.met.count)))
                    }
                    defer {
                        for entry in unknown.indices {
                            state.slots[unknown[entry].position].assumed[unknown[entry].code] = state.assumed[entry]
                        }
                    }
                    if depthFirst {
                        // At most what every mask would cost, for the budget: past it, the mask order decides.
                        let most = (1 << list.count) * (count + (target == nil ? 0 : 1))
                        if spent + cost + most > evaluationBudget { return nil }
                        // Each entry is checked at its last atom (entries without atoms first).
                        var last: [Int] = []
                        last.reserveCapacity(unknown.count)
                        for entry in unknown.indices { last.append(bits[entry].max() ?? -1) }
                        var possible = true
                        for entry in unknown.indices where last[entry] < 0
                            && !state.allowed(entry, unknown[entry].position, count: count, met: unknown[entry].met, local: 0) {
                            possible = false
                            break
                        }
                        var mask = 0
                        var bit = 0
                        let atomCount = list.count
                        search: while possible {
                            if bit == atomCount { break }
                            var fits = true
                            for entry in unknown.indices where last[entry] == bit
                                && !state.allowed(entry, unknown[entry].position, count: count, met: unknown[entry].met,
                                                  local: CaseSearch.local(bits[entry], mask)) {
                                fits = false
                                break
                            }
                            if fits {
                                bit += 1
                                continue
                            }
                            // The next assumption: this atom true, or back to the last one still false.
                            while mask & (1 << bit) != 0 {
                                mask &= ~(1 << bit)
                                bit -= 1
                                if bit < 0 {
                                    possible = false
                                    break search
                                }
                            }
                            mask |= 1 << bit
                        }
                        if possible {
                            found = FoundCase(fields: [], atoms: [])
                        } else {
                            cost += most
                        }
                    } else {
                        for mask in 0..<(1 << list.count) {
                            if spent + cost > evaluationBudget {
                                gaveUp = true
                                break
                            }
                            var anyTrue = false
                            for entry in unknown.indices where unknown[entry].position < count {
                                if state.verdict(entry, unknown[entry].position, met: unknown[entry].met,
                                                 local: CaseSearch.local(bits[entry], mask)) == 1 {
                                    anyTrue = true
                                    break
                                }
                            }
                            cost += count
                            if anyTrue { continue }
                            if target != nil {
                                cost += 1
                                var value = targetVerdict
                                if let targetEntry {
                                    value = state.verdict(targetEntry, count, met: unknown[targetEntry].met,
                                                          local: CaseSearch.local(bits[targetEntry], mask))
                                }
                                if value == 2 { continue }
                            }
                            var atoms: [(text: String, value: Bool)] = []
                            if witness {
                                for (offset, atom) in list.enumerated() {
                                    atoms.append((state.slots[atom.position].program.atomText(Int(atom.node)), mask & (1 << offset) != 0))
                                }
                            }
                            found = FoundCase(fields: witness ? state.described() : [], atoms: atoms)
                            break
                        }
                    }
                }
            }
            spent += cost
            if found != nil || gaveUp { break }
            combination += 1
            guard CaseSpace.advance(&state.indices, in: dimensions) else { break }
        }
        return Result(found: found, space: space, gaveUp: gaveUp)
    }

    /// An entry's own atoms' values under `mask` (a mask over the search's atom list), as its
    /// verdicts index them: `bits` are the positions of its atoms in that list.
    private static func local(_ bits: [Int], _ mask: Int) -> Int {
        var local = 0
        var bit = 0
        for offset in bits {
            if mask & (1 << offset) != 0 { local |= 1 << bit }
            bit += 1
        }
        return local
    }

    /// What one search reads and updates: the memo's slots (moved in for the search), the value
    /// indices of the current combination, and scratch space for evaluations.
    private struct SearchState {
        let dimensions: [CaseSpace.Dimension]
        let base: KnownPaths
        let table: AtomTable
        var slots: [Memo.Slot] = []
        var indices: [Int]
        var scratch: [AbstractValue] = []
        /// The verdicts of the unknown conditions of a combination with their atoms assumed, by
        /// entry and local mask (bit j: the entry's j-th atom), taken from the slots for the mask
        /// loop and put back after it.
        var assumed: [[UInt8]] = []

        init(dimensions: [CaseSpace.Dimension], base: KnownPaths, table: AtomTable) {
            self.dimensions = dimensions
            self.base = base
            self.table = table
            indices = Array(repeatElement(0, count: dimensions.count))
        }

        /// The code of the current combination in the slot at `position` (its dimensions' value indices, mixed radix).
        func code(_ position: Int) -> Int {
            var code = 0
            var offset = 0
            for dimension in slots[position].dimensions {
                code = code * slots[position].sizes[offset] + indices[dimension]
                offset += 1
            }
            return code
        }

        static func verdict(of value: AbstractValue) -> UInt8 { value.isTrue ? 1 : value.isFalse ? 2 : 3 }

        /// The value of the condition at `position` for the current combination, atoms unknown.
        mutating func verdict(_ position: Int, _ code: Int) -> UInt8 {
            let known = slots[position].verdicts[code]
            if known != 0 { return known }
            var answers = AtomAnswers(.unknown, table)
            let value = slots[position].program.evaluate(&scratch, dimensions, indices, base, &answers)
            let result = SearchState.verdict(of: value)
            slots[position].verdicts[code] = result
            return result
        }

        /// The atoms an unknown condition meets, in order, each once.
        mutating func atoms(_ position: Int, _ code: Int) -> [(id: Int32, node: Int32)] {
            if let known = slots[position].atoms[code] { return known }
            var answers = AtomAnswers(.record, table)
            _ = slots[position].program.evaluate(&scratch, dimensions, indices, base, &answers)
            slots[position].atoms[code] = answers.met
            return answers.met
        }

        /// The value of an unknown condition (entry `entry` of `assumed`) with its atoms assumed.
        mutating func verdict(_ entry: Int, _ position: Int, met: [(id: Int32, node: Int32)], local: Int) -> UInt8 {
            let known = assumed[entry][local]
            if known != 0 { return known }
            var answers = AtomAnswers(.assume, table, met: met, local: local)
            let value = slots[position].program.evaluate(&scratch, dimensions, indices, base, &answers)
            let result = SearchState.verdict(of: value)
            assumed[entry][local] = result
            return result
        }

        /// Whether the entry is allowed under its atoms' values `local`: a condition of
        /// `allFalse` (before `count`) not true, the target not false.
        mutating func allowed(_ entry: Int, _ position: Int, count: Int, met: [(id: Int32, node: Int32)], local: Int) -> Bool {
            let value = verdict(entry, position, met: met, local: local)
            return position < count ? value != 1 : value != 2
        }

        /// The current combination's fields and values.
        func described() -> [(field: String, value: Value)] {
            var fields: [(field: String, value: Value)] = []
            fields.reserveCapacity(dimensions.count)
            for dimension in dimensions.indices {
                fields.append((dimensions[dimension].field, dimensions[dimension].values[indices[dimension]]))
            }
            return fields
        }
    }

    /// Whether a condition can never be true (proved over the whole case space).
    static func neverTrue(_ expression: WorkflowExpression, base: KnownPaths = KnownPaths(), compiled: CompiledWorkflow) -> Bool {
        find(allFalse: [], target: expression, base: base, compiled: compiled).provedNone
    }

    /// The same for a built condition, naming atoms in `atoms`.
    static func neverTrue(_ condition: ConditionProgram, base: KnownPaths, compiled: CompiledWorkflow, atoms: AtomTable) -> Bool {
        var space = CaseSpace(reading: [], compiled: compiled, limit: limit)
        space.read(paths: condition.paths, compiled: compiled, limit: limit)
        return find(allFalse: [], target: condition, base: base, space: space, atoms: atoms, witness: false).provedNone
    }

    /// Whether `root` has a disjunct (an operand of its topmost `or`s) that is a boolean path some
    /// point of the search does not make false: a path the search does not know (not in `base`, not
    /// an enum field), which is an atom the search may assume true (or, past `atomLimit` atoms, an
    /// undecided case), or a bool field (a dimension with `true` among its values) or a path `base`
    /// makes true. At such a point the `or`s above it are true or unknown, never false, so
    /// `neverTrue` is false whatever the rest of the condition: this answers it without building a
    /// program or searching.
    static func hasOpenDisjunct(_ root: Expression, base: KnownPaths, compiled: CompiledWorkflow) -> Bool {
        switch root.kind {
        case .binary(.or, let lhs, let rhs):
            return hasOpenDisjunct(lhs, base: base, compiled: compiled) || hasOpenDisjunct(rhs, base: base, compiled: compiled)
        case .path(let path):
            guard case .bool? = root.type else { return false }
            guard let reference = path.reference else { return true }
            if reference.pathNamespace == .field {
                let index = Int(reference.index)
                // An enum field is a dimension whose values are not booleans: not obviously open.
                if compiled.fields.indices.contains(index), case .enumeration = compiled.fields[index].type { return false }
            }
            guard let known = base[reference] else { return true }
            return known.isTrue
        default:
            return false
        }
    }

    /// `P3`, `true`, `null`, `"text"`.
    static func describe(_ value: Value) -> String {
        if case .string(let text) = value { return text }
        return value.description
    }
}
