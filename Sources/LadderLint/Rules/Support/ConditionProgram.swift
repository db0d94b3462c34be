import LadderExpressions
import LadderLanguage

/// Atom keys (a condition's text without spaces) numbered in the order first met, shared by the
/// case searches of one lint so that the same condition written in two places is one atom.
///
/// Keys are equal as `String`s are (canonical equivalence). ASCII keys, nearly all, are found by
/// an FNV-1a hash of their bytes (for ASCII, equal as `String`s exactly when their bytes are),
/// where a `[String: Int32]` hashed each with SipHash and grew from empty; the rare other keys
/// are compared as `String`s with every key.
final class AtomTable {
    /// The keys by id.
    private var keys: [String] = []
    /// The hashes of the ASCII keys by id (unused for the others).
    private var hashes: [UInt64] = []
    /// Per slot, 1 + the id of its ASCII key, or 0 when empty.
    private var slots: [Int32] = Array(repeatElement(0, count: 64))
    /// The ids of keys that are not ASCII.
    private var otherIDs: [Int32] = []

    private static let basis: UInt64 = 0xcbf2_9ce4_8422_2325

    @inline(__always) private static func mix(_ hash: UInt64, _ byte: UInt8) -> UInt64 { (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }

    @inline(__always) private static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A }

    func id(_ key: String) -> Int32 {
        var key = key
        let (hash, ascii) = key.withUTF8 { bytes -> (UInt64, Bool) in
            var hash = AtomTable.basis
            var all: UInt8 = 0
            for byte in bytes {
                all |= byte
                hash = AtomTable.mix(hash, byte)
            }
            return (hash, all < 0x80)
        }
        if ascii {
            let place = key.withUTF8 { self.slot(hash, $0, skippingSpaces: false) }
            if slots[place] != 0 { return slots[place] - 1 }
            if let found = otherIDs.first(where: { keys[Int($0)] == key }) { return found }
            return add(key, hash: hash, at: place)
        }
        if let found = keys.firstIndex(of: key) { return Int32(found) }
        keys.append(key)
        hashes.append(0)
        otherIDs.append(Int32(keys.count - 1))
        return Int32(keys.count - 1)
    }

    /// The id of the key that the UTF-8 bytes `range` of `text` make without their spaces: for an
    /// ASCII key already known, without making it.
    func id(of text: String, _ range: Range<Int>) -> Int32 {
        var text = text
        let known = text.withUTF8 { whole -> Int32? in
            let bytes = UnsafeBufferPointer(rebasing: whole[range.clamped(to: 0..<whole.count)])
            var hash = AtomTable.basis
            var all: UInt8 = 0
            for byte in bytes where !AtomTable.isSpace(byte) {
                all |= byte
                hash = AtomTable.mix(hash, byte)
            }
            // Found among the ASCII keys, it is the key (a key equal to one of them is never
            // added); otherwise, or not ASCII, the general path decides.
            guard all < 0x80 else { return nil }
            let place = self.slot(hash, bytes, skippingSpaces: true)
            return slots[place] == 0 ? nil : slots[place] - 1
        }
        if let known { return known }
        // The key made as the searches always made it: the text, then without spaces.
        let view = text.utf8
        let clamped = range.clamped(to: 0..<view.count)
        let lower = view.index(view.startIndex, offsetBy: clamped.lowerBound)
        let upper = view.index(lower, offsetBy: clamped.count)
        return id(AbstractEvaluator.withoutSpaces(String(decoding: view[lower..<upper], as: UTF8.self)))
    }

    /// The slot of the ASCII key with `hash` whose bytes are `bytes` (spaces left out when
    /// `skippingSpaces`), or the empty slot where it would go.
    private func slot(_ hash: UInt64, _ bytes: UnsafeBufferPointer<UInt8>, skippingSpaces: Bool) -> Int {
        let mask = slots.count - 1
        var index = Int(truncatingIfNeeded: hash ^ (hash >> 29)) & mask
        while slots[index] != 0 {
            let known = Int(slots[index]) - 1
            if hashes[known] == hash, AtomTable.same(keys[known], bytes, skippingSpaces: skippingSpaces) { return index }
            index = (index + 1) & mask
        }
        return index
    }

    private static func same(_ key: String, _ bytes: UnsafeBufferPointer<UInt8>, skippingSpaces: Bool) -> Bool {
        var key = key
        return key.withUTF8 { stored in
            var position = 0
            for byte in bytes where !(skippingSpaces && isSpace(byte)) {
                guard position < stored.count, stored[position] == byte else { return false }
                position += 1
            }
            return position == stored.count
        }
    }

    private func add(_ key: String, hash: UInt64, at slot: Int) -> Int32 {
        keys.append(key)
        hashes.append(hash)
        let id = Int32(keys.count - 1)
        slots[slot] = id + 1
        if keys.count * 2 > slots.count { grow() }
        return id
    }

    private func grow() {
        slots = Array(repeatElement(0, count: slots.count * 2))
        let mask = slots.count - 1
        for id in keys.indices where !otherIDs.contains(Int32(id)) {
            var index = Int(truncatingIfNeeded: hashes[id] ^ (hashes[id] >> 29)) & mask
            while slots[index] != 0 { index = (index + 1) & mask }
            slots[index] = Int32(id + 1)
        }
    }
}

/// A checked condition flattened for `CaseSearch`: its nodes in post-order (children before
/// parents, left to right), so one pass over an array evaluates it the way `AbstractEvaluator`
/// does recursively, meeting atoms in the same order. Subtrees that read no path are folded into
/// constants once. Built once per condition and lint; atoms are named lazily, when first met.
final class ConditionProgram {
    /// A node; operands are indices of earlier nodes. Trivial, so reading one costs no reference counting.
    enum Op {
        case constant(Int32)
        case path(PathReference?)
        case list(first: Int32, count: Int32)
        case not(Int32)
        case negate(Int32)
        case and(Int32, Int32)
        case or(Int32, Int32)
        case binary(BinaryOperator, Int32, Int32)
        case matches(Int32, regex: Int32)
        case call(BuiltinFunction?, first: Int32, count: Int32)
    }

    /// A node with what is kept of its expression: its type being `bool` (only those become atoms)
    /// and its text's byte range.
    struct Node {
        var op: Op
        var start: Int32
        var end: Int32
        var isBool: Bool
    }

    /// The condition's text and the paths it reads (`compiled.paths`).
    let text: String
    let paths: [PathReference]
    private let nodes: [Node]
    /// Operands of lists and calls.
    private let operands: [Int32]
    private let constants: [Value]
    private let regexes: [RegularExpression]
    /// Each node's atom id, -1 until named.
    private var atomIDs: [Int32]

    init(_ expression: WorkflowExpression) {
        text = expression.text
        paths = expression.compiled.paths
        let root = expression.compiled.checked.root
        // At least as many nodes as the tree has (folding only removes some), without walking it.
        var builder = Builder(capacity: root.nodeCountBound)
        _ = builder.add(root)
        nodes = builder.nodes
        operands = builder.operands
        constants = builder.constants
        regexes = builder.regexes
        atomIDs = Array(repeatElement(-1, count: nodes.count))
    }

    var count: Int { nodes.count }

    /// The atom id of node `index` (a boolean node that was unknown), naming it on first use.
    func atomID(_ index: Int, _ table: AtomTable) -> Int32 {
        let known = atomIDs[index]
        if known >= 0 { return known }
        let id = table.id(of: text, Int(nodes[index].start)..<Int(nodes[index].end))
        atomIDs[index] = id
        return id
    }

    /// The text of node `index`, as written.
    func atomText(_ index: Int) -> String {
        let view = text.utf8
        let range = (Int(nodes[index].start)..<Int(nodes[index].end)).clamped(to: 0..<view.count)
        let lower = view.index(view.startIndex, offsetBy: range.lowerBound)
        let upper = view.index(lower, offsetBy: range.count)
        return String(decoding: view[lower..<upper], as: UTF8.self)
    }

    /// Evaluates the condition for the combination `indices` of `dimensions`, other paths from
    /// `base`; `atoms` answers for every boolean node that is unknown because of an unknown
    /// operand, in evaluation order. Returns the value of the root.
    func evaluate(
        _ scratch: inout [AbstractValue], _ dimensions: [CaseSpace.Dimension], _ indices: [Int], _ base: KnownPaths,
        _ atoms: inout AtomAnswers
    ) -> AbstractValue {
        if scratch.count < nodes.count { scratch = Array(repeatElement(.unknown, count: nodes.count)) }
        for index in nodes.indices {
            let node = nodes[index]
            if case .path(let reference) = node.op {
                var value: Value?
                if let reference {
                    for dimension in dimensions.indices where dimensions[dimension].reference == reference {
                        value = dimensions[dimension].values[indices[dimension]]
                        break
                    }
                    if value == nil { value = base[reference] }
                }
                if let value {
                    scratch[index] = .known(value)
                } else {
                    scratch[index] = node.isBool ? atoms.answer(index, self) : .unknown
                }
                continue
            }
            switch ConditionProgram.step(node.op, &scratch, operands, constants, regexes) {
            case .value(let value): scratch[index] = value
            case .atom: scratch[index] = node.isBool ? atoms.answer(index, self) : .unknown
            }
        }
        return scratch[nodes.count - 1]
    }

    fileprivate enum Step {
        case value(AbstractValue)
        /// Unknown because an operand is: an atom if the node is boolean.
        case atom
    }

    /// One node from its operands' values (as `AbstractEvaluator.evaluate`).
    fileprivate static func step(
        _ op: Op, _ values: inout [AbstractValue], _ operands: [Int32], _ constants: [Value], _ regexes: [RegularExpression]
    ) -> Step {
        switch op {
        case .constant(let constant):
            return .value(.known(constants[Int(constant)]))
        case .path:
            return .atom  // paths are looked up by `evaluate`; when folding they are unknown
        case .list(let first, let count):
            var elements: [Value] = []
            elements.reserveCapacity(Int(count))
            var unknown = false
            for offset in Int(first)..<Int(first + count) {
                switch values[Int(operands[offset])] {
                case .known(let value): elements.append(value)
                case .unknown: unknown = true
                }
            }
            return unknown ? .atom : .value(.known(.list(elements)))
        case .not(let operand):
            switch values[Int(operand)] {
            case .known(let value): return .value(.known(.bool(!value.isTrue)))
            case .unknown: return .value(.unknown)
            }
        case .negate(let operand):
            switch values[Int(operand)] {
            case .known(let value): return .value(.known(Operators.negate(value)))
            case .unknown: return .atom
            }
        case .and(let lhs, let rhs):
            let a = values[Int(lhs)]
            let b = values[Int(rhs)]
            if a.isFalse || b.isFalse { return .value(.known(.bool(false))) }
            if case .known = a, case .known = b { return .value(.known(.bool(true))) }
            return .value(.unknown)
        case .or(let lhs, let rhs):
            let a = values[Int(lhs)]
            let b = values[Int(rhs)]
            if a.isTrue || b.isTrue { return .value(.known(.bool(true))) }
            if case .known = a, case .known = b { return .value(.known(.bool(false))) }
            return .value(.unknown)
        case .binary(let op, let lhs, let rhs):
            guard case .known(let x) = values[Int(lhs)], case .known(let y) = values[Int(rhs)] else { return .atom }
            switch op {
            case .equal: return .value(.known(.bool(Operators.equals(x, y))))
            case .notEqual: return .value(.known(.bool(!Operators.equals(x, y))))
            case .less, .lessOrEqual, .greater, .greaterOrEqual: return .value(.known(.bool(Operators.ordered(op, x, y))))
            case .in: return .value(.known(.bool(Operators.isIn(x, y))))
            case .add, .subtract, .multiply, .divide: return .value(.known(Operators.arithmetic(op, x, y)))
            case .and, .or: return .value(.unknown)  // built as `.and`/`.or`
            }
        case .matches(let subject, let regex):
            guard case .known(let value) = values[Int(subject)] else { return .atom }
            return .value(.known(.bool(Operators.matches(value, regexes[Int(regex)]))))
        case .call(let function, let first, let count):
            var arguments: [Value] = []
            var unknown = false
            for offset in Int(first)..<Int(first + count) {
                switch values[Int(operands[offset])] {
                case .known(let value): arguments.append(value)
                case .unknown: unknown = true
                }
            }
            guard !unknown, let function else { return .atom }
            return .value(.known(Operators.call(function, arguments)))
        }
    }

}

/// Builds a `ConditionProgram`'s arrays in one walk of the tree.
private struct Builder {
    typealias Op = ConditionProgram.Op
    var nodes: [ConditionProgram.Node] = []
    var operands: [Int32] = []
    var constants: [Value] = []
    var regexes: [RegularExpression] = []
    /// Operand values while folding constants, by node.
    var folding: [AbstractValue] = []

    init(capacity: Int) {
        nodes.reserveCapacity(capacity)
        // Constants are nodes too: reserved, not grown one by one from empty.
        constants.reserveCapacity(capacity)
        folding = Array(repeatElement(.unknown, count: capacity))
    }

    mutating func append(_ op: Op, _ node: Expression) -> Int32 {
        let isBool: Bool
        if case .bool? = node.type { isBool = true } else { isBool = false }
        nodes.append(ConditionProgram.Node(op: op, start: Int32(clamping: node.range.lowerBound), end: Int32(clamping: node.range.upperBound),
                                           isBool: isBool))
        return Int32(nodes.count - 1)
    }

    mutating func appendConstant(_ value: Value, _ node: Expression) -> Int32 {
        constants.append(value)
        let index = append(.constant(Int32(constants.count - 1)), node)
        // `capacity` bounds the nodes; grown rather than trusted.
        if Int(index) >= folding.count { folding.append(contentsOf: repeatElement(.unknown, count: Int(index) + 1 - folding.count)) }
        folding[Int(index)] = .known(value)
        return index
    }

    func isConstant(_ index: Int32) -> Bool {
        if case .constant = nodes[Int(index)].op { return true }
        return false
    }

    /// Appends `node` and the nodes below it; returns its index.
    mutating func add(_ node: Expression) -> Int32 {
        let start = nodes.count
        let operandStart = operands.count
        let constantStart = constants.count
        let regexStart = regexes.count
        let op: Op
        var allConstant = true
        switch node.kind {
        case .literal(let literal):
            return appendConstant(literal.value, node)
        case .path(let path):
            return append(.path(path.reference), node)
        case .list(let elements):
            var children: [Int32] = []
            children.reserveCapacity(elements.count)
            for element in elements {
                let child = add(element)
                allConstant = allConstant && isConstant(child)
                children.append(child)
            }
            // After the children's own operands: a nested list or call appends its operands first.
            op = .list(first: Int32(operands.count), count: Int32(children.count))
            operands += children
        case .unary(let unary, let operand):
            let a = add(operand)
            allConstant = isConstant(a)
            op = unary == .not ? .not(a) : .negate(a)
        case .binary(let binary, let lhs, let rhs):
            let a = add(lhs)
            let b = add(rhs)
            allConstant = isConstant(a) && isConstant(b)
            switch binary {
            case .and: op = .and(a, b)
            case .or: op = .or(a, b)
            default: op = .binary(binary, a, b)
            }
        case .matches(let subject, let pattern):
            let a = add(subject)
            allConstant = isConstant(a)
            regexes.append(pattern.regex)
            op = .matches(a, regex: Int32(regexes.count - 1))
        case .call(let call):
            var children: [Int32] = []
            children.reserveCapacity(call.arguments.count)
            for argument in call.arguments {
                let child = add(argument)
                allConstant = allConstant && isConstant(child)
                children.append(child)
            }
            op = .call(call.function, first: Int32(operands.count), count: Int32(children.count))
            operands += children
        }
        let index = append(op, node)
        // A node over constants only is a constant itself when its value is known.
        guard allConstant else { return index }
        guard case .value(.known(let value)) = ConditionProgram.step(op, &folding, operands, constants, regexes) else { return index }
        // The subtree's nodes go, and with them the constants and patterns only they used.
        nodes.removeSubrange(start...)
        operands.removeSubrange(operandStart...)
        constants.removeSubrange(constantStart...)
        regexes.removeSubrange(regexStart...)
        return appendConstant(value, node)
    }
}

/// How `ConditionProgram.evaluate` treats atoms: all unknown; unknown, listing them (each once,
/// in the order met); or assumed, bit j of `local` for the j-th atom of `met`.
struct AtomAnswers {
    enum Mode {
        case unknown
        case record
        case assume
    }

    var mode: Mode
    let table: AtomTable
    var met: [(id: Int32, node: Int32)] = []
    var local = 0

    init(_ mode: Mode, _ table: AtomTable, met: [(id: Int32, node: Int32)] = [], local: Int = 0) {
        self.mode = mode
        self.table = table
        self.met = met
        self.local = local
    }

    mutating func answer(_ node: Int, _ program: ConditionProgram) -> AbstractValue {
        switch mode {
        case .unknown:
            return .unknown
        case .record:
            let id = program.atomID(node, table)
            if !met.contains(where: { $0.id == id }) { met.append((id, Int32(node))) }
            return .unknown
        case .assume:
            let id = program.atomID(node, table)
            guard let bit = met.firstIndex(where: { $0.id == id }) else { return .unknown }
            return .known(.bool(local & (1 << bit) != 0))
        }
    }
}
