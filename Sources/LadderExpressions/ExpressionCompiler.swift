/// The pipeline: text → ``ParsedExpression`` → ``CheckedExpression`` → ``CompiledExpression``.
///
/// Each step returns its diagnostics; a step's result is nil when it found an error (warnings,
/// such as `constant-condition`, leave the result in place).
///
/// ```swift
/// let (condition, diagnostics) = CompiledExpression.make(
///     text: #"case.priority in ["P1", "P2"] and case.customer.tier == "gold""#,
///     scope: workflowScope, expected: .bool)
/// if let condition, condition.isTrue(caseState) { ... }
/// ```
///
/// The language in brief: literals `"text"` `'text'` `42` `1.5` `true` `false` `null` `30m`
/// `1h30m` `2d` (24h) `1w` (7d) `[a, b]`; operators, loosest first, `or`, `and`, `not`,
/// `== != < <= > >=` (not chainable), `in`, `matches "regex"`, `+ -`, `* /`, unary `-`; dotted
/// paths resolved by an ``ExpressionScope``; the functions of ``BuiltinFunction``. Runtime
/// semantics (null, overflow, division by zero) are those of ``Operators``.
public enum ExpressionCompiler {
    /// Parses `text`; stops at the first syntax error.
    public static func parse(_ text: String) -> (ParsedExpression?, [ExpressionDiagnostic]) {
        do {
            return (ParsedExpression(text: text, root: try Parser<UncheckedNodes>.parse(text)), [])
        } catch {
            return (nil, [error])
        }
    }

    /// Types the tree against `scope`, resolving every path, and checks it fits `expected`.
    ///
    /// With `expected: .bool` (conditions: `when`, `while`, `start`, `stop`, `pause_when`) a
    /// non-bool expression is a `type-mismatch` over the whole text, and one that reads no path
    /// gets a `constant-condition` warning. Other expected types accept `int` for `number`, an
    /// enum for `string`, a narrower enum for an enum and `null` for anything.
    public static func check(
        _ parsed: ParsedExpression, scope: some ExpressionScope, expected: ExprType?
    ) -> (CheckedExpression?, [ExpressionDiagnostic]) {
        var checker = TypeChecker(scope: scope, text: parsed.text)
        let root = checker.check(parsed.root)
        return finish(root, text: parsed.text, checker: &checker, expected: expected)
    }

    /// Parses and checks in one pass: the checker types each node as the parser completes it,
    /// so the tree is built once. Same result as ``parse(_:)`` then ``check(_:scope:expected:)``.
    static func parseAndCheck(
        _ text: String, scope: some ExpressionScope, expected: ExprType?
    ) -> (CheckedExpression?, [ExpressionDiagnostic]) {
        var checker = TypeChecker(scope: scope, text: text)
        let root: Expression
        do {
            root = try Parser.parse(text, finisher: &checker)
        } catch {
            // A syntax error is the only finding: type problems of a broken text are noise.
            return (nil, [error])
        }
        return finish(root, text: text, checker: &checker, expected: expected)
    }

    private static func finish(
        _ root: Expression, text: String, checker: inout TypeChecker, expected: ExprType?
    ) -> (CheckedExpression?, [ExpressionDiagnostic]) {
        if let expected { checker.conform(root, to: expected) }
        var diagnostics = checker.diagnostics
        guard !diagnostics.contains(where: { $0.severity == .error }) else { return (nil, diagnostics) }
        let checked = CheckedExpression(root: root, paths: checker.paths)
        if expected?.isBool == true, checked.isConstant {
            let always = Interpreter.constant(root).isTrue
            diagnostics.append(ExpressionDiagnostic(
                .constantCondition, "this condition reads no case data, so it is always \(always)",
                at: root.range, hint: "compare a path such as case.priority, or remove the condition"))
        }
        return (checked, diagnostics)
    }

    /// Compiles a checked expression into closures.
    public static func compile(_ checked: CheckedExpression) -> CompiledExpression {
        CompiledExpression(checked: checked, value: Compiler.value(checked.root).closure, test: Compiler.test(checked.root).closure)
    }

    /// Wraps a checked expression for evaluation by the tree-walking ``Interpreter`` instead of
    /// generated closures: the same values, no code-generation cost. For tools such as the linter
    /// that read the checked tree and evaluate rarely, if ever.
    public static func interpret(_ checked: CheckedExpression) -> CompiledExpression {
        // Both closures capture the tree (whose root is its last node) and nothing else, so
        // each uses it as its context: no allocation of their own.
        nonisolated(unsafe) let tree = checked.root.tree
        return CompiledExpression(
            checked: checked,
            value: { lookup in
                var interpreter = Interpreter(text: "", explaining: false)
                return interpreter.evaluate(tree.root, lookup)
            },
            test: { lookup in
                var interpreter = Interpreter(text: "", explaining: false)
                return interpreter.evaluate(tree.root, lookup).isTrue
            })
    }
}

/// An expression ready to be evaluated many times; a value, safe to share across threads.
public struct CompiledExpression: Sendable {
    /// The checked tree, for linters and traces.
    public let checked: CheckedExpression
    @usableFromInline let valueCode: ValueCode
    @usableFromInline let testCode: TestCode

    fileprivate init(checked: CheckedExpression, value: @escaping ValueCode, test: @escaping TestCode) {
        self.checked = checked
        self.valueCode = value
        self.testCode = test
    }

    /// Parses, checks and compiles in one go. With `generatingCode: false` the expression is
    /// evaluated by the interpreter (see ``ExpressionCompiler/interpret(_:)``).
    public static func make(
        text: String, scope: some ExpressionScope, expected: ExprType?, generatingCode: Bool = true
    ) -> (CompiledExpression?, [ExpressionDiagnostic]) {
        let (checked, diagnostics) = ExpressionCompiler.parseAndCheck(text, scope: scope, expected: expected)
        guard let checked else { return (nil, diagnostics) }
        return (generatingCode ? ExpressionCompiler.compile(checked) : ExpressionCompiler.interpret(checked), diagnostics)
    }

    /// The source text.
    public var text: String { checked.text }
    /// The type of the whole expression.
    public var type: ExprType { checked.type }
    /// Every path the expression reads, each once.
    public var paths: [PathReference] { checked.paths }
    /// Whether the expression reads no path.
    public var isConstant: Bool { checked.isConstant }

    /// The value. Total: never traps, whatever the context returns.
    @inlinable
    public func evaluate(_ context: some EvaluationContext) -> Value {
        valueCode { context.value(of: $0) }
    }

    /// Whether the value is `true` (`null` and everything else count as false).
    @inlinable
    public func isTrue(_ context: some EvaluationContext) -> Bool {
        testCode { context.value(of: $0) }
    }

    /// The value and each sub-expression's value (paths, calls, operators; not literals),
    /// children before parents, for traces. Computed with the same ``Operators`` as ``evaluate(_:)``.
    public func evaluateExplained(_ context: some EvaluationContext) -> (value: Value, steps: [ExplainedStep]) {
        var interpreter = Interpreter(text: checked.text, explaining: true)
        let value = interpreter.evaluate(checked.root) { context.value(of: $0) }
        return (value, interpreter.steps ?? [])
    }
}
