import LadderExpressions
import LadderLanguage

/// A value that the linter either knows or does not: three-valued logic for conditions.
enum AbstractValue: Equatable {
    case known(Value)
    case unknown

    /// Definitely true.
    var isTrue: Bool { self == .known(.bool(true)) }
    /// Definitely false (null counts as false in conditions).
    var isFalse: Bool {
        if case .known(let value) = self { return !value.isTrue }
        return false
    }
}

/// Evaluates a checked expression tree when only some paths have known values.
///
/// Known paths take their value; `and`/`or`/`not` follow Kleene logic (`false and ?` is false,
/// `true or ?` is true); any other node with an unknown operand is unknown. A boolean node that is
/// unknown for that reason (`case.product == "database"`, `calendar.emea.open`, `has(case.x)`)
/// is an *atom*: callers may assume a value for it (`atoms`, keyed by its text without spaces),
/// and every atom met without an assumed value is recorded in `unknownAtoms`.
struct AbstractEvaluator {
    /// Known paths; `paths` wins over `base`.
    var paths: [PathReference: Value]
    var base = KnownPaths()
    var atoms: [String: Bool] = [:]
    private(set) var unknownAtoms: [(key: String, text: String)] = []
    /// The keys of `unknownAtoms`, for a constant-time membership test.
    private var unknownKeys: Set<String> = []
    /// How many expressions were evaluated, for callers that bound their work.
    var evaluations = 0
    /// When false (and no atom is assumed), atoms are not named or recorded: the values are the
    /// same, only `unknownAtoms` stays empty. For a first, cheap pass over many conditions.
    var recordsAtoms = true
    /// When not nil, collects the key of every atom met (assumed, recorded or already known unknown).
    var touched: Set<String>?

    init(paths: [PathReference: Value], base: KnownPaths = KnownPaths()) {
        self.paths = paths
        self.base = base
    }

    /// The value of a whole expression. Atoms met on the way are recorded only when the
    /// expression's value is unknown (they are what it depends on).
    mutating func evaluate(_ expression: WorkflowExpression) -> AbstractValue {
        evaluations += 1
        let before = unknownAtoms.count
        let value = evaluate(expression.compiled.checked.root, expression.text)
        if value != .unknown, before < unknownAtoms.count {
            for atom in unknownAtoms[before...] { unknownKeys.remove(atom.key) }
            unknownAtoms.removeSubrange(before...)
        }
        return value
    }

    mutating func resetAtoms() {
        unknownAtoms = []
        unknownKeys = []
    }

    private mutating func evaluate(_ node: Expression, _ utf8: String) -> AbstractValue {
        switch node.kind {
        case .literal(let literal):
            return .known(literal.value)
        case .list(let elements):
            var values: [Value] = []
            var unknown = false
            for element in elements {
                switch evaluate(element, utf8) {
                case .known(let value): values.append(value)
                case .unknown: unknown = true
                }
            }
            return unknown ? atom(node, utf8) : .known(.list(values))
        case .path(let path):
            if let reference = path.reference, let value = paths[reference] ?? base[reference] { return .known(value) }
            return atom(node, utf8)
        case .unary(.not, let operand):
            switch evaluate(operand, utf8) {
            case .known(let value): return .known(.bool(!value.isTrue))
            case .unknown: return .unknown
            }
        case .unary(.negate, let operand):
            switch evaluate(operand, utf8) {
            case .known(let value): return .known(Operators.negate(value))
            case .unknown: return atom(node, utf8)
            }
        case .binary(.and, let lhs, let rhs):
            let a = evaluate(lhs, utf8)
            let b = evaluate(rhs, utf8)
            if a.isFalse || b.isFalse { return .known(.bool(false)) }
            if case .known = a, case .known = b { return .known(.bool(true)) }
            return .unknown
        case .binary(.or, let lhs, let rhs):
            let a = evaluate(lhs, utf8)
            let b = evaluate(rhs, utf8)
            if a.isTrue || b.isTrue { return .known(.bool(true)) }
            if case .known = a, case .known = b { return .known(.bool(false)) }
            return .unknown
        case .binary(let op, let lhs, let rhs):
            let a = evaluate(lhs, utf8)
            let b = evaluate(rhs, utf8)
            guard case .known(let x) = a, case .known(let y) = b else { return atom(node, utf8) }
            switch op {
            case .equal: return .known(.bool(Operators.equals(x, y)))
            case .notEqual: return .known(.bool(!Operators.equals(x, y)))
            case .less, .lessOrEqual, .greater, .greaterOrEqual: return .known(.bool(Operators.ordered(op, x, y)))
            case .in: return .known(.bool(Operators.isIn(x, y)))
            case .add, .subtract, .multiply, .divide: return .known(Operators.arithmetic(op, x, y))
            case .and, .or: return .unknown  // handled above
            }
        case .matches(let subject, let pattern):
            guard case .known(let value) = evaluate(subject, utf8) else { return atom(node, utf8) }
            return .known(.bool(Operators.matches(value, pattern.regex)))
        case .call(let call):
            var arguments: [Value] = []
            var unknown = false
            for argument in call.arguments {
                switch evaluate(argument, utf8) {
                case .known(let value): arguments.append(value)
                case .unknown: unknown = true
                }
            }
            guard !unknown, let function = call.function else { return atom(node, utf8) }
            return .known(Operators.call(function, arguments))
        }
    }

    /// An unknown node: a boolean one is an atom that may have an assumed value.
    private mutating func atom(_ node: Expression, _ utf8: String) -> AbstractValue {
        guard node.type == .bool else { return .unknown }
        if !recordsAtoms, atoms.isEmpty { return .unknown }
        let view = utf8.utf8
        let range = node.range.clamped(to: 0..<view.count)
        let lower = view.index(view.startIndex, offsetBy: range.lowerBound)
        let upper = view.index(lower, offsetBy: range.count)
        let bytes = view[lower..<upper]
        let text = String(decoding: bytes, as: UTF8.self)
        let key = AbstractEvaluator.withoutSpaces(text)
        touched?.insert(key)
        if let assumed = atoms[key] { return .known(.bool(assumed)) }
        if unknownKeys.insert(key).inserted { unknownAtoms.append((key, text)) }
        return .unknown
    }

    /// The text without spaces, tabs and newlines (ASCII bytes, so filtering UTF-8 bytes is the
    /// same as filtering scalars).
    static func withoutSpaces(_ text: String) -> String {
        var text = text
        return text.withUTF8 { buffer in
            guard buffer.contains(where: { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A }) else { return String(decoding: buffer, as: UTF8.self) }
            return String(unsafeUninitializedCapacity: buffer.count) { out in
                var count = 0
                for byte in buffer where byte != 0x20 && byte != 0x09 && byte != 0x0A {
                    out[count] = byte
                    count += 1
                }
                return count
            }
        }
    }
}
