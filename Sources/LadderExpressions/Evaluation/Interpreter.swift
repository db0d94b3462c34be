/// Where evaluation gets path values: the engine's case state, a scenario, a test.
///
/// `now` is an ordinary path: the scope resolves it to a reference of type `time` and the
/// context answers with `.time(currentEpochSeconds)`. A context should answer with a value of the
/// type the scope declared, or `null`; anything else is tolerated (it evaluates to null or false).
public protocol EvaluationContext {
    func value(of reference: PathReference) -> Value
}

/// Reads a path's value during one evaluation.
@usableFromInline typealias Lookup = (PathReference) -> Value

/// The value of one sub-expression in an explained evaluation.
public struct ExplainedStep: Hashable, Sendable, CustomStringConvertible {
    /// UTF-8 offsets in the expression text.
    public var range: Range<Int>
    /// The sub-expression's source text.
    public var text: String
    public var value: Value

    public var description: String { "\(text) = \(value)" }
}

/// Walks the checked tree with the shared ``Operators``: used to explain an evaluation and to
/// fold constants at compile time. Both sides of `and`/`or` are evaluated (evaluation is pure,
/// so the value is the same) to show every sub-condition in a trace.
struct Interpreter {
    private let utf8: [UInt8]
    /// Every non-literal node's value, children before parents, when explaining.
    private(set) var steps: [ExplainedStep]?

    init(text: String, explaining: Bool) {
        utf8 = explaining ? Array(text.utf8) : []
        steps = explaining ? [] : nil
    }

    /// Evaluates a node that reads no path.
    static func constant(_ node: Expression) -> Value {
        var interpreter = Interpreter(text: "", explaining: false)
        return interpreter.evaluate(node) { _ in .null }
    }

    mutating func evaluate(_ node: Expression, _ lookup: Lookup) -> Value {
        let value: Value
        switch node.kind {
        case .literal(let literal):
            return literal.value
        case .list(let elements):
            var values: [Value] = []
            for element in elements { values.append(evaluate(element, lookup)) }
            return .list(values)
        case .path(let path):
            value = path.reference.map(lookup) ?? .null
        case .unary(.not, let operand):
            value = .bool(!evaluate(operand, lookup).isTrue)
        case .unary(.negate, let operand):
            value = Operators.negate(evaluate(operand, lookup))
        case .binary(let op, let lhs, let rhs):
            let a = evaluate(lhs, lookup)
            let b = evaluate(rhs, lookup)
            value = switch op {
            case .and: .bool(a.isTrue && b.isTrue)
            case .or: .bool(a.isTrue || b.isTrue)
            case .equal: .bool(Operators.equals(a, b))
            case .notEqual: .bool(!Operators.equals(a, b))
            case .less, .lessOrEqual, .greater, .greaterOrEqual: .bool(Operators.ordered(op, a, b))
            case .in: .bool(Operators.isIn(a, b))
            case .add, .subtract, .multiply, .divide: Operators.arithmetic(op, a, b)
            }
        case .matches(let subject, let pattern):
            value = .bool(Operators.matches(evaluate(subject, lookup), pattern.regex))
        case .call(let call):
            var arguments: [Value] = []
            for argument in call.arguments { arguments.append(evaluate(argument, lookup)) }
            value = call.function.map { Operators.call($0, arguments) } ?? .null
        }
        if steps != nil {
            let text = String(decoding: utf8[node.range.clamped(to: 0..<utf8.count)], as: UTF8.self)
            steps!.append(ExplainedStep(range: node.range, text: text, value: value))
        }
        return value
    }
}
