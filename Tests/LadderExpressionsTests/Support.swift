import LadderExpressions

/// The schema of the spec's example workflow, as a scope.
let schema = PathTable([
    "case.priority": .enumeration(name: "case.priority", values: ["P1", "P2", "P3", "P4"]),
    "case.region": .enumeration(name: "case.region", values: ["emea", "amer", "apac"]),
    "case.status": .enumeration(name: "case.status", values: ["open", "waiting-on-customer", "resolved"]),
    "case.product": .string,
    "case.title": .string,
    "case.customer.tier": .enumeration(name: "case.customer.tier", values: ["standard", "gold", "platinum"]),
    "case.customer.arr": .number,
    "case.customer.email": .string,
    "case.threats": .list(.enumeration(name: "case.threats", values: ["cancellation", "legal"])),
    "case.affects_others": .bool,
    "case.level": .int,
    "case.opened_at": .time,
    "case.tags": .list(.string),
    "stage.investigate.outcome": .enumeration(name: "stage.investigate.outcome", values: ["fixed", "workaround", "no_fault_found"]),
    "stage.investigate.active": .bool,
    "stage.resolve.done": .bool,
    "sla.resolution.remaining": .duration,
    "sla.resolution.elapsed": .duration,
    "calendar.emea_office.open": .bool,
    "now": .time,
])

/// A context answering from a dictionary of dotted paths; anything else is null.
struct Case: EvaluationContext {
    var values: [PathReference: Value] = [:]

    init(_ values: [String: Value] = [:]) {
        for (path, value) in values {
            guard let entry = schema.entries[path] else { fatalError("no path \(path) in the test schema") }
            self.values[entry.reference] = value
        }
    }

    func value(of reference: PathReference) -> Value { values[reference] ?? .null }
}

/// Compiles or fails the test with the diagnostics.
func compile(_ text: String, expected: ExprType? = nil) throws -> CompiledExpression {
    let (compiled, diagnostics) = CompiledExpression.make(text: text, scope: schema, expected: expected)
    guard let compiled else { throw Failure(diagnostics: diagnostics) }
    return compiled
}

struct Failure: Error, CustomStringConvertible {
    var diagnostics: [ExpressionDiagnostic]
    var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

/// The diagnostics of parsing and checking `text`.
func diagnose(_ text: String, expected: ExprType? = nil) -> [ExpressionDiagnostic] {
    CompiledExpression.make(text: text, scope: schema, expected: expected).1
}

/// Evaluates `text` in `context` and checks the compiled and explained forms agree.
func evaluate(_ text: String, _ context: Case = Case()) throws -> Value {
    let compiled = try compile(text)
    let value = compiled.evaluate(context)
    let explained = compiled.evaluateExplained(context).value
    guard Operators.equals(value, explained) || (value.isNull && explained.isNull) else {
        throw Failure(diagnostics: [ExpressionDiagnostic(.syntax, "compiled \(value) but explained \(explained)", at: 0..<0)])
    }
    return value
}

/// The range of the first occurrence of `part` in `text`, in UTF-8 offsets.
func range(of part: String, in text: String) -> Range<Int> {
    let bytes = Array(text.utf8), needle = Array(part.utf8)
    for start in 0...(bytes.count - needle.count) where Array(bytes[start..<start + needle.count]) == needle {
        return start..<start + needle.count
    }
    fatalError("\(part) not in \(text)")
}

/// The tree as an S-expression: `(and (== case.region "emea") (not x))`.
func shape(_ text: String) -> String {
    let (parsed, diagnostics) = ExpressionCompiler.parse(text)
    guard let parsed else { return "error: " + diagnostics.map(\.message).joined(separator: "; ") }
    return shape(parsed.root)
}

func shape(_ node: Expression) -> String {
    switch node.kind {
    case .literal(let literal): literal.value.description
    case .list(let elements): "[" + elements.map(shape).joined(separator: " ") + "]"
    case .path(let path): path.dotted
    case .unary(let op, let operand): "(\(op.rawValue) \(shape(operand)))"
    case .binary(let op, let lhs, let rhs): "(\(op.rawValue) \(shape(lhs)) \(shape(rhs)))"
    case .matches(let subject, let pattern): "(matches \(shape(subject)) /\(pattern.regex.pattern)/)"
    case .call(let call): "(\(call.name)" + call.arguments.map { " " + shape($0) }.joined() + ")"
    }
}
