/// A compiled sub-expression producing a value.
@usableFromInline typealias ValueCode = @Sendable (Lookup) -> Value
/// A compiled condition: true exactly when the value would be `.bool(true)`.
@usableFromInline typealias TestCode = @Sendable (Lookup) -> Bool

/// Turns a checked tree into a tree of closures.
///
/// Sub-expressions that read no path are folded into constants; chains of `and`/`or` become one
/// closure; the shapes conditions are made of (`path == "x"`, `path in ["a", "b"]`, `path > 3`)
/// get closures that read the path once and compare without allocating. Every closure calls the
/// same ``Operators`` as the ``Interpreter``, or is a direct special case of one (checked against
/// it by the differential tests).
enum Compiler {
    /// A value: known now, a plain path read, or computed.
    enum Code {
        case constant(Value)
        case path(PathReference)
        case dynamic(ValueCode)

        var closure: ValueCode {
            switch self {
            case .constant(let value): { _ in value }
            case .path(let reference): { $0(reference) }
            case .dynamic(let code): code
            }
        }
    }

    /// A condition: known now, or computed.
    enum Test {
        case constant(Bool)
        case dynamic(TestCode)

        var closure: TestCode {
            switch self {
            case .constant(let value): { _ in value }
            case .dynamic(let code): code
            }
        }

        var asCode: Code {
            switch self {
            case .constant(let value): .constant(.bool(value))
            case .dynamic(let test): .dynamic { .bool(test($0)) }
            }
        }
    }

    // Closures kept in arrays (or any generic container) are stored maximally abstracted, and
    // every call then goes through a reabstraction thunk that allocates; kept in a concrete
    // struct they are not.
    private struct BoxedValue: Sendable {
        let code: ValueCode
    }

    private struct BoxedTest: Sendable {
        let code: TestCode
    }

    // MARK: - Values

    static func value(_ node: Expression) -> Code {
        switch node.kind {
        case .literal(let literal):
            return .constant(literal.value)
        case .path(let path):
            guard let reference = path.reference else { return .constant(.null) }
            return .path(reference)
        case .list(let elements):
            let codes = elements.map(value)
            var constants: [Value] = []
            for code in codes {
                guard case .constant(let value) = code else { break }
                constants.append(value)
            }
            if constants.count == codes.count { return .constant(.list(constants)) }
            let closures = codes.map { BoxedValue(code: $0.closure) }
            return .dynamic { lookup in .list(closures.map { $0.code(lookup) }) }
        case .unary(.negate, let operand):
            return unary(Operators.negate, value(operand))
        case .binary(let op, let lhs, let rhs) where op.isArithmetic:
            let function: @Sendable (Value, Value) -> Value = switch op {
            case .add: Operators.add
            case .subtract: Operators.subtract
            case .multiply: Operators.multiply
            default: Operators.divide
            }
            return binary(function, value(lhs), value(rhs))
        case .call(let call) where call.function != .has:
            // The checker has verified the function and its argument count.
            let arguments = call.arguments.map(value)
            switch call.function {
            case .size: return unary(Operators.size, arguments[0])
            case .lower: return unary(Operators.lower, arguments[0])
            case .upper: return unary(Operators.upper, arguments[0])
            case .contains: return binary(Operators.contains, arguments[0], arguments[1])
            case .startsWith: return binary(Operators.startsWith, arguments[0], arguments[1])
            case .endsWith: return binary(Operators.endsWith, arguments[0], arguments[1])
            case .has, nil: return .constant(.null)
            }
        default:
            // `not`, `and`, `or`, comparisons, `in`, `matches`, `has`: never null.
            return test(node).asCode
        }
    }

    private static func unary(_ function: @escaping @Sendable (Value) -> Value, _ operand: Code) -> Code {
        switch operand {
        case .constant(let value): .constant(function(value))
        case .path(let reference): .dynamic { function($0(reference)) }
        case .dynamic(let code): .dynamic { function(code($0)) }
        }
    }

    private static func binary(_ function: @escaping @Sendable (Value, Value) -> Value, _ lhs: Code, _ rhs: Code) -> Code {
        switch (lhs, rhs) {
        case (.constant(let a), .constant(let b)): return .constant(function(a, b))
        case (.path(let reference), .constant(let b)): return .dynamic { function($0(reference), b) }
        case (.constant(let a), .path(let reference)): return .dynamic { function(a, $0(reference)) }
        case (.dynamic(let code), .constant(let b)): return .dynamic { function(code($0), b) }
        case (.constant(let a), .dynamic(let code)): return .dynamic { function(a, code($0)) }
        default:
            let a = lhs.closure, b = rhs.closure
            return .dynamic { function(a($0), b($0)) }
        }
    }

    // MARK: - Conditions

    static func test(_ node: Expression) -> Test {
        switch node.kind {
        case .literal(let literal):
            return .constant(literal.value.isTrue)
        case .path(let path):
            guard let reference = path.reference else { return .constant(false) }
            return .dynamic { $0(reference).isTrue }
        case .unary(.not, let operand):
            switch test(operand) {
            case .constant(let value): return .constant(!value)
            case .dynamic(let code): return .dynamic { !code($0) }
            }
        case .binary(.and, _, _):
            return chain(operands(of: .and, in: node).map(test), stoppingAt: false)
        case .binary(.or, _, _):
            return chain(operands(of: .or, in: node).map(test), stoppingAt: true)
        case .binary(let op, let lhs, let rhs) where op.isEquality:
            return equality(value(lhs), value(rhs), negated: op == .notEqual)
        case .binary(let op, let lhs, let rhs) where op.isOrdering:
            return ordering(op, value(lhs), value(rhs))
        case .binary(.in, let lhs, let rhs):
            return membership(value(lhs), value(rhs))
        case .matches(let subject, let pattern):
            let regex = pattern.regex
            return predicate({ Operators.matches($0, regex) }, value(subject))
        case .call(let call) where call.function == .has:
            return predicate(Operators.has, call.arguments.first.map(value) ?? .constant(.null))
        default:
            switch value(node) {
            case .constant(let value): return .constant(value.isTrue)
            case .path(let reference): return .dynamic { $0(reference).isTrue }
            case .dynamic(let code): return .dynamic { code($0).isTrue }
            }
        }
    }

    /// The operands of a chain `a and b and c` (parsed left-deep), left to right.
    private static func operands(of op: BinaryOperator, in node: Expression) -> [Expression] {
        var operands: [Expression] = []
        var node = node
        while case .binary(op, let lhs, let rhs) = node.kind {
            operands.append(rhs)
            node = lhs
        }
        operands.append(node)
        return operands.reversed()
    }

    /// A chain of `and` (which stops at the first false) or `or` (which stops at the first
    /// true), constants folded, the rest tested left to right.
    private static func chain(_ tests: [Test], stoppingAt stop: Bool) -> Test {
        var codes: [BoxedTest] = []
        for test in tests {
            switch test {
            case .constant(stop): return .constant(stop)
            case .constant: continue
            case .dynamic(let code): codes.append(BoxedTest(code: code))
            }
        }
        switch codes.count {
        case 0: return .constant(!stop)
        case 1: return .dynamic(codes[0].code)
        case 2: return .dynamic { [a = codes[0].code, b = codes[1].code] in a($0) == stop ? stop : b($0) }
        case 3:
            return .dynamic { [a = codes[0].code, b = codes[1].code, c = codes[2].code] in
                a($0) == stop || b($0) == stop ? stop : c($0)
            }
        default:
            return .dynamic { [codes] lookup in
                // Indexing borrows each closure; iterating would retain and release it.
                for index in codes.indices where codes[index].code(lookup) == stop { return stop }
                return !stop
            }
        }
    }

    private static func predicate(_ function: @escaping @Sendable (Value) -> Bool, _ operand: Code) -> Test {
        switch operand {
        case .constant(let value): .constant(function(value))
        case .path(let reference): .dynamic { function($0(reference)) }
        case .dynamic(let code): .dynamic { function(code($0)) }
        }
    }

    /// ``binary(_:_:_:)`` for conditions: the same shapes, kept apart so that conditions never
    /// box their answer into a `Value`.
    private static func relation(_ function: @escaping @Sendable (Value, Value) -> Bool, _ lhs: Code, _ rhs: Code) -> Test {
        switch (lhs, rhs) {
        case (.constant(let a), .constant(let b)): return .constant(function(a, b))
        case (.path(let reference), .constant(let b)): return .dynamic { function($0(reference), b) }
        case (.constant(let a), .path(let reference)): return .dynamic { function(a, $0(reference)) }
        case (.dynamic(let code), .constant(let b)): return .dynamic { function(code($0), b) }
        case (.constant(let a), .dynamic(let code)): return .dynamic { function(a, code($0)) }
        default:
            let a = lhs.closure, b = rhs.closure
            return .dynamic { function(a($0), b($0)) }
        }
    }

    /// `==`/`!=`, with a direct string compare for `path == "text"`.
    private static func equality(_ lhs: Code, _ rhs: Code, negated: Bool) -> Test {
        switch (lhs, rhs) {
        case (.path(let reference), .constant(.string(let text))), (.constant(.string(let text)), .path(let reference)):
            // Operators.equals(x, .string(text)) is true exactly when x is that string.
            if negated {
                return .dynamic { if case .string(let value) = $0(reference) { value != text } else { true } }
            }
            return .dynamic { if case .string(let value) = $0(reference) { value == text } else { false } }
        default:
            return negated
                ? relation({ !Operators.equals($0, $1) }, lhs, rhs)
                : relation(Operators.equals, lhs, rhs)
        }
    }

    /// `< <= > >=` as the orders (-1, 0, 1) each accepts, so one closure serves every operator.
    private static func ordering(_ op: BinaryOperator, _ lhs: Code, _ rhs: Code) -> Test {
        let accepted = (-1...1).filter { Operators.holds(op, $0) }
        let low = accepted.first ?? 2, high = accepted.last ?? -2
        switch (lhs, rhs) {
        case (.path(let reference), .constant(let b)):
            return .dynamic { Operators.compare($0(reference), b).map { low <= $0 && $0 <= high } ?? false }
        case (.constant(let a), .path(let reference)):
            return .dynamic { Operators.compare(a, $0(reference)).map { low <= $0 && $0 <= high } ?? false }
        default:
            return relation({ Operators.ordered(op, $0, $1) }, lhs, rhs)
        }
    }

    /// `x in list`, with direct string compares (or a set, for long lists) for `path in ["a", "b"]`.
    private static func membership(_ lhs: Code, _ rhs: Code) -> Test {
        if case .path(let reference) = lhs, case .constant(.list(let values)) = rhs {
            let strings = values.compactMap { if case .string(let text) = $0 { text } else { nil } }
            // Operators.isIn(x, strings) is true exactly when x is one of the strings.
            if strings.count == values.count {
                if strings.count <= 8 {
                    return .dynamic { if case .string(let value) = $0(reference) { strings.contains(value) } else { false } }
                }
                let set = Set(strings)
                return .dynamic { if case .string(let value) = $0(reference) { set.contains(value) } else { false } }
            }
        }
        return relation(Operators.isIn, lhs, rhs)
    }
}
