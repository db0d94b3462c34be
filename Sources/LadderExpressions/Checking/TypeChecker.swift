import LadderDiagnostics
/// An expression that passed the type checker: every node has its type, every path its reference.
public struct CheckedExpression: Hashable, Sendable {
    public let root: Expression
    /// Every path the expression reads, each once, in order of first appearance.
    public let paths: [PathReference]

    init(root: Expression, paths: [PathReference]) {
        self.root = root
        self.paths = paths
    }

    /// The source text (kept by the tree); node ranges are UTF-8 offsets into it.
    public var text: String { root.tree.text }

    public static func == (a: CheckedExpression, b: CheckedExpression) -> Bool {
        a.text == b.text && a.root == b.root && a.paths == b.paths
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(text)
        hasher.combine(root)
        hasher.combine(paths)
    }

    /// The type of the whole expression.
    public var type: ExprType { root.type ?? .null }

    /// Whether the expression reads no path, so it has the same value every time.
    public var isConstant: Bool { paths.isEmpty }

    /// The source text of a range of this expression (for traces and messages).
    public func source(_ range: Range<Int>) -> String {
        String(decoding: Array(text.utf8)[range.clamped(to: 0..<text.utf8.count)], as: UTF8.self)
    }
}

/// Types a syntax tree against a scope, collecting every error rather than stopping at the first.
///
/// Not generic over the scope: one concrete checker (and parser, see ``NodeFinisher``) is
/// compiled and optimised in this module, whatever scope a caller in another module passes.
struct TypeChecker {
    private let scope: any ExpressionScope
    /// The text, for the snippets in messages (read only when there is something to report).
    private let text: String
    private(set) var diagnostics: [ExpressionDiagnostic] = []
    /// The first four paths read, in order (most expressions read one to four): kept inline,
    /// so the list is allocated once, at its size, when asked for.
    private var firstPaths = (PathReference.none, PathReference.none, PathReference.none, PathReference.none)
    private var firstCount = 0
    /// Every path read, once there are more than four.
    private var allPaths: [PathReference] = []
    /// The paths read, for a long expression (a short one searches the list: a handful of
    /// comparisons beat hashing).
    private var seen: Set<PathReference> = []

    /// Every path read, each once, in order of first appearance.
    var paths: [PathReference] {
        switch firstCount {
        case 0: []
        case 1: [firstPaths.0]
        case 2: [firstPaths.0, firstPaths.1]
        case 3: [firstPaths.0, firstPaths.1, firstPaths.2]
        case 4: [firstPaths.0, firstPaths.1, firstPaths.2, firstPaths.3]
        default: allPaths
        }
    }

    private mutating func record(_ reference: PathReference) {
        switch firstCount {
        case 0:
            firstPaths.0 = reference
            firstCount = 1
            return
        case 1:
            guard reference != firstPaths.0 else { return }
            firstPaths.1 = reference
            firstCount = 2
            return
        case 2:
            guard reference != firstPaths.0, reference != firstPaths.1 else { return }
            firstPaths.2 = reference
            firstCount = 3
            return
        case 3:
            guard reference != firstPaths.0, reference != firstPaths.1, reference != firstPaths.2 else { return }
            firstPaths.3 = reference
            firstCount = 4
            return
        case 4:
            guard reference != firstPaths.0, reference != firstPaths.1, reference != firstPaths.2, reference != firstPaths.3 else { return }
            allPaths = [firstPaths.0, firstPaths.1, firstPaths.2, firstPaths.3, reference]
            firstCount = 5
            return
        default:
            break
        }
        if allPaths.count < 16 {
            if !allPaths.contains(reference) { allPaths.append(reference) }
        } else {
            if seen.isEmpty { seen = Set(allPaths) }
            if seen.insert(reference).inserted { allPaths.append(reference) }
        }
    }

    init(scope: any ExpressionScope, text: String) {
        self.scope = scope
        self.text = text
    }

    // MARK: - Messages

    /// The source of a node, shortened for messages.
    private func snippet(_ node: Expression) -> String {
        let utf8 = Array(self.text.utf8)
        let text = String(decoding: utf8[node.range.clamped(to: 0..<utf8.count)], as: UTF8.self)
        return text.count > 40 ? String(text.prefix(37)) + "..." : text
    }

    private func describe(_ node: Expression) -> String {
        "\(snippet(node)) (\(node.type.map(\.description) ?? "?"))"
    }

    private mutating func report(_ kind: ExpressionDiagnostic.Kind, _ message: String, at node: Expression, notes: [String] = [], hint: String? = nil) {
        diagnostics.append(ExpressionDiagnostic(kind, message, at: node.range, notes: notes, hint: hint))
    }

    private static func isLiteral(_ node: Expression) -> Bool {
        switch node.kind {
        case .literal, .list: true
        case .unary(.negate, let operand): isLiteral(operand)
        default: false
        }
    }

    /// The operand to blame when two do not fit: the literal if one side is one, else the right.
    private static func offending(_ lhs: Expression, _ rhs: Expression) -> Expression {
        isLiteral(lhs) && !isLiteral(rhs) ? lhs : rhs
    }

    private static func exampleComparison(for node: Expression, text: String) -> String {
        if case .enumeration(_, let values)? = node.type, let first = values.first {
            return "compare it with a value, e.g. \(text) == \(Value.quote(first))"
        }
        if case .list? = node.type {
            return "test an element, e.g. \"value\" in \(text), or size(\(text)) > 0"
        }
        return "compare it, e.g. with == or >"
    }

    // MARK: - Nodes

    /// Checks a parsed tree: a typed copy, its nodes typed in order (children first, left to right).
    mutating func check(_ root: Expression) -> Expression {
        let builder = TreeBuilder(copying: root.tree)
        for index in 0..<Int32(builder.count) {
            let node = builder.view(index)
            switch builder.tree.withUnsafeMutablePointerToElements({ $0[Int(index)].stored }) {
            case .null: builder.setType(index, .null)
            case .bool: builder.setType(index, .bool)
            case .int: builder.setType(index, .int)
            case .number: builder.setType(index, .number)
            case .string, .escapedString: builder.setType(index, .string)
            case .duration: builder.setType(index, .duration)
            case .path:
                let (reference, type) = resolve(Path(builder.tree, index, reference: nil).segments, at: node.range)
                builder.setPath(index, reference, type)
            case .binary(let op, let lhs, let rhs):
                builder.setType(index, checkBinary(op, builder.view(lhs), builder.view(rhs)))
            default:
                builder.setType(index, type(of: node))
            }
        }
        return Expression(builder.finish(), root.index)
    }

    /// Resolves a path against the scope; reports an unknown one.
    mutating func resolve(_ segments: [String], at range: Range<Int>) -> (reference: PathReference?, type: ExprType?) {
        switch scope.resolve(segments) {
        case .resolved(let reference, let type):
            record(reference)
            return (reference, type)
        case .unknown(let message, let hint):
            diagnostics.append(ExpressionDiagnostic(.unknownReference, message, at: range, hint: hint))
            return (nil, nil)
        }
    }

    /// The type of a list, an operator or a call whose children are already checked, reporting
    /// what does not fit. The parser calls this as it completes each node (see
    /// ``ExpressionCompiler/make``), so a tree is checked as it is built.
    mutating func type(of node: Expression) -> ExprType? {
        switch node.kind {
        case .literal(let literal):
            switch literal {
            case .null: return .null
            case .bool: return .bool
            case .int: return .int
            case .number: return .number
            case .string: return .string
            case .duration: return .duration
            }
        case .list(let elements):
            return listType(elements).map(ExprType.listOf)
        case .path(let path):
            return path.reference == nil ? nil : node.type
        case .unary(let op, let operand):
            switch op {
            case .not:
                requireBool(operand, role: "not needs true or false after it")
                return .bool
            case .negate:
                guard let type = operand.type else { return nil }
                if type.isNumeric || type == .duration { return type }
                report(.typeMismatch, "cannot negate \(describe(operand))", at: operand)
                return nil
            }
        case .binary(let op, let lhs, let rhs):
            return checkBinary(op, lhs, rhs)
        case .matches(let subject, _):
            if let type = subject.type, !type.isStringLike {
                report(.typeMismatch, "matches needs text on its left, but \(describe(subject)) is not text", at: subject)
            }
            return .bool
        case .call(let call):
            return checkCall(call, node)
        }
    }

    private mutating func requireBool(_ node: Expression, role: @autoclosure () -> String) {
        switch node.type {
        case .none, .bool?: return
        default: break
        }
        report(.typeMismatch, "\(role()), but \(describe(node)) is not", at: node,
               hint: Self.exampleComparison(for: node, text: snippet(node)))
    }

    /// One element type for a list literal; `null` for `[]`.
    private mutating func listType(_ elements: ExpressionList) -> ExprType? {
        var result: ExprType = .null
        // By index: iterating would copy each element.
        for index in elements.indices {
            guard let type = elements[index].type else { return nil }
            if let unified = Self.unify(result, type) {
                result = unified
            } else {
                report(.typeMismatch, "list elements must share one type, but \(describe(elements[index])) does not fit a list of \(result)", at: elements[index])
                return nil
            }
        }
        return result
    }

    private static func unify(_ a: ExprType, _ b: ExprType) -> ExprType? {
        if a == b || b == .null { return a }
        if a == .null { return b }
        if a.isNumeric, b.isNumeric { return .number }
        if a.isStringLike, b.isStringLike { return .string }
        return nil
    }

    /// Whether values of the two types can ever be equal.
    static func equatable(_ a: ExprType, _ b: ExprType) -> Bool {
        if a == .null || b == .null || a == b { return true }
        if a.isNumeric, b.isNumeric { return true }
        switch (a, b) {
        case (.enumeration(_, let first), .enumeration(_, let second)): return !Set(first).isDisjoint(with: second)
        case (.enumeration, .string), (.string, .enumeration): return true
        case (.list(let first), .list(let second)): return equatable(first, second)
        default: return false
        }
    }

    // MARK: - Enums and literals

    /// Checks string literals (also inside a list literal) against an enum (or a list of enum).
    /// Returns false when `node` is not such a literal, so the caller checks types as usual.
    private mutating func checkEnumLiterals(_ node: Expression, against type: ExprType?) -> Bool {
        // Matched one side at a time: a switch over the pair would copy both.
        switch type {
        case .enumeration(let name, let values)?:
            guard case .literal(.string(let value)) = node.kind else { return false }
            if !values.contains(value) { reportEnumLiteral(node, value: value, name: name, values: values) }
            return true
        case .list(let element)?:
            guard case .enumeration = element, case .list(let elements) = node.kind else { return false }
            for item in elements where !checkEnumLiterals(item, against: element) {
                if let itemType = item.type, !Self.equatable(itemType, element) {
                    report(.typeMismatch, "cannot compare \(describe(item)) with values of \(element)", at: item)
                }
            }
            return true
        default:
            return false
        }
    }

    private mutating func reportEnumLiteral(_ node: Expression, value: String, name: String, values: [String]) {
        let shown = values.count > 20 ? values.prefix(20).joined(separator: ", ") + ", and \(values.count - 20) more" : values.joined(separator: ", ")
        let suggestion = Suggestions.closest(to: value, in: values)
        report(.enumLiteral, "\(Value.quote(value)) is not a value of \(name)", at: node,
               notes: ["\(name) is one of: \(shown)"],
               hint: suggestion.map { "did you mean \(Value.quote($0))?" })
    }

    /// `stage.investigate.outcome == workaround`: the bare word failed as a path; say to quote it.
    private mutating func improveBareWordHint(_ node: Expression, comparedWith other: Expression) {
        guard node.type == nil, case .path(let path) = node.kind, path.segments.count == 1 else { return }
        let type = other.type
        guard let values = type?.enumValues ?? type?.elementType?.enumValues, values.contains(path.segments[0]),
              let index = diagnostics.lastIndex(where: { $0.kind == .unknownReference && $0.range == node.range })
        else { return }
        diagnostics[index].hint = "enum values are text: write \(Value.quote(path.segments[0]))"
    }

    // MARK: - Operators

    private mutating func checkBinary(_ op: BinaryOperator, _ lhs: Expression, _ rhs: Expression) -> ExprType? {
        switch op {
        case .and, .or:
            requireBool(lhs, role: "\(op.rawValue) needs true or false on both sides")
            requireBool(rhs, role: "\(op.rawValue) needs true or false on both sides")
            return .bool
        case .equal, .notEqual:
            improveBareWordHint(rhs, comparedWith: lhs)
            improveBareWordHint(lhs, comparedWith: rhs)
            checkEquality(lhs, rhs)
            return .bool
        case .less, .lessOrEqual, .greater, .greaterOrEqual:
            checkOrdering(op, lhs, rhs)
            return .bool
        case .in:
            if case .list(let elements) = rhs.kind {
                for index in elements.indices { improveBareWordHint(elements[index], comparedWith: lhs) }
            }
            checkIn(lhs, rhs)
            return .bool
        case .add, .subtract, .multiply, .divide:
            return checkArithmetic(op, lhs, rhs)
        }
    }

    private mutating func checkEquality(_ lhs: Expression, _ rhs: Expression) {
        guard let left = lhs.type, let right = rhs.type else { return }
        if checkEnumLiterals(rhs, against: left) || checkEnumLiterals(lhs, against: right) { return }
        guard !Self.equatable(left, right) else { return }
        let culprit = Self.offending(lhs, rhs)
        report(.typeMismatch, "cannot compare \(describe(lhs)) with \(describe(rhs))", at: culprit,
               hint: Self.comparisonHint(left, right))
    }

    private static func comparisonHint(_ a: ExprType, _ b: ExprType) -> String? {
        func either(_ test: (ExprType, ExprType) -> Bool) -> Bool { test(a, b) || test(b, a) }
        if either({ $0.enumValues != nil && $1.isNumeric }) {
            return "enum values are written in quotes, e.g. \(Value.quote((a.enumValues ?? b.enumValues ?? [""])[0]))"
        }
        if either({ $0 == .duration && $1.isNumeric }) { return "write a duration with its unit, e.g. 30m or 4h" }
        if either({ $0 == .time && $1 == .duration }) { return "compare how long ago it was, e.g. now - case.opened_at > 2h" }
        if either({ $0 == .bool && $1.isStringLike }) { return "write true or false without quotes" }
        return nil
    }

    private mutating func checkOrdering(_ op: BinaryOperator, _ lhs: Expression, _ rhs: Expression) {
        guard let left = lhs.type, let right = rhs.type else { return }
        let orderable = (left.isNumeric && right.isNumeric) || (left == right && [.duration, .time, .string].contains(left))
        guard !orderable else { return }
        let culprit = Self.offending(lhs, rhs)
        var hint = Self.comparisonHint(left, right)
        if left.enumValues != nil || right.enumValues != nil {
            hint = "enum values have no order; list the ones you mean, e.g. \(snippet(left.enumValues != nil ? lhs : rhs)) in [...]"
        } else if left == .null || right == .null {
            hint = "a comparison with null is always false; test presence with has(...)"
        }
        report(.typeMismatch, "\(op.rawValue) cannot order \(describe(lhs)) and \(describe(rhs))", at: culprit, hint: hint)
    }

    private mutating func checkIn(_ lhs: Expression, _ rhs: Expression) {
        guard let left = lhs.type, let right = rhs.type else { return }
        guard case .list(let element) = right else {
            report(.typeMismatch, "in needs a list on its right, but \(describe(rhs)) is not a list", at: rhs,
                   hint: right.isStringLike ? "to look for text inside text, write contains(\(snippet(rhs)), \(snippet(lhs)))" : nil)
            return
        }
        if checkEnumLiterals(lhs, against: element) { return }
        if case .enumeration = left, case .list(let elements) = rhs.kind {
            for index in elements.indices where !checkEnumLiterals(elements[index], against: left) {
                if let itemType = elements[index].type, !Self.equatable(left, itemType) {
                    report(.typeMismatch, "cannot compare \(describe(lhs)) with \(describe(elements[index]))", at: elements[index],
                           hint: Self.comparisonHint(left, itemType))
                }
            }
            return
        }
        guard !Self.equatable(left, element) else { return }
        let hint = left.elementType != nil ? "to test whether a list holds a value, write \"value\" in \(snippet(lhs))" : Self.comparisonHint(left, element)
        report(.typeMismatch, "cannot look for \(describe(lhs)) in \(describe(rhs))", at: lhs, hint: hint)
    }

    /// The result type of an arithmetic operator, or nil if it does not apply.
    static func arithmeticType(_ op: BinaryOperator, _ a: ExprType, _ b: ExprType) -> ExprType? {
        if a == .int, b == .int { return .int }
        if a.isNumeric, b.isNumeric { return .number }
        switch (op, a, b) {
        case (.add, _, _) where a.isStringLike && b.isStringLike: return .string
        case (.add, .duration, .duration), (.subtract, .duration, .duration): return .duration
        case (.add, .time, .duration), (.add, .duration, .time), (.subtract, .time, .duration): return .time
        case (.subtract, .time, .time): return .duration
        case (.multiply, .duration, _) where b.isNumeric: return .duration
        case (.multiply, _, .duration) where a.isNumeric: return .duration
        case (.divide, .duration, _) where b.isNumeric: return .duration
        case (.divide, .duration, .duration): return .number
        default: return nil
        }
    }

    private mutating func checkArithmetic(_ op: BinaryOperator, _ lhs: Expression, _ rhs: Expression) -> ExprType? {
        guard let left = lhs.type, let right = rhs.type else { return nil }
        if let type = Self.arithmeticType(op, left, right) { return type }
        let candidates: [ExprType] = [.int, .number, .string, .duration, .time]
        let leftCanWork = candidates.contains { Self.arithmeticType(op, left, $0) != nil }
        var hint = Self.comparisonHint(left, right)
        if op == .add, left == .time, right == .time {
            hint = "subtract times to get a duration, e.g. now - case.opened_at"
        } else if [.time, .duration].contains(left), right.isNumeric, op == .add || op == .subtract {
            hint = "write a duration with its unit, e.g. \(snippet(lhs)) \(op.rawValue) 30m"
        }
        report(.typeMismatch, "\(op.rawValue) does not apply to \(describe(lhs)) and \(describe(rhs))",
               at: leftCanWork ? rhs : lhs, hint: hint)
        return nil
    }

    // MARK: - Functions

    private mutating func checkCall(_ call: Call, _ node: Expression) -> ExprType? {
        guard let function = call.function else {
            let names = BuiltinFunction.allCases.map(\.rawValue)
            let suggestion = Suggestions.closest(to: call.name, in: names)
            diagnostics.append(ExpressionDiagnostic(
                .unknownReference, "unknown function \(call.name)", at: call.nameRange,
                notes: ["functions: " + names.joined(separator: ", ")],
                hint: suggestion.map { "did you mean \($0)?" }))
            return nil
        }
        let arity = [.has, .size, .lower, .upper].contains(function) ? 1 : 2
        guard call.arguments.count == arity else {
            report(.syntax, "\(call.name) takes \(arity) argument\(arity == 1 ? "" : "s"), not \(call.arguments.count)", at: node)
            return nil
        }
        let first = call.arguments[0]
        let second = arity == 2 ? call.arguments[1] : nil
        switch function {
        case .has:
            guard case .path = first.kind else {
                report(.syntax, "has() takes a path, e.g. has(case.customer.email)", at: first)
                return nil
            }
            return .bool
        case .size:
            guard let type = first.type else { return nil }
            guard type.isStringLike || type.elementType != nil else {
                report(.typeMismatch, "size() takes a list or text, not \(describe(first))", at: first)
                return nil
            }
            return .int
        case .contains:
            guard let container = first.type, let second, let part = second.type else { return nil }
            if let element = container.elementType {
                if !checkEnumLiterals(second, against: element), !Self.equatable(part, element) {
                    report(.typeMismatch, "cannot look for \(describe(second)) in \(describe(first))", at: second)
                }
            } else if container.isStringLike {
                requireText(second, function: function)
            } else {
                report(.typeMismatch, "contains() takes a list or text first, not \(describe(first))", at: first)
            }
            return .bool
        case .startsWith, .endsWith:
            requireText(first, function: function)
            if let second { requireText(second, function: function) }
            return .bool
        case .lower, .upper:
            requireText(first, function: function)
            return .string
        }
    }

    private mutating func requireText(_ node: Expression, function: BuiltinFunction) {
        guard let type = node.type, !type.isStringLike else { return }
        report(.typeMismatch, "\(function.rawValue)() takes text, not \(describe(node))", at: node)
    }

    // MARK: - The whole expression

    /// Checks that the whole expression fits where it is used.
    mutating func conform(_ root: Expression, to expected: ExprType) {
        guard let actual = root.type else { return }
        if expected.isBool {
            guard !actual.isBool else { return }
            report(.typeMismatch, "a condition must be true or false, but this is \(actual)", at: root,
                   hint: Self.exampleComparison(for: root, text: snippet(root)))
            return
        }
        if checkEnumLiterals(root, against: expected) { return }
        guard !Self.assignable(actual, to: expected) else { return }
        report(.typeMismatch, "expected \(expected), but this is \(actual)", at: root)
    }

    static func assignable(_ actual: ExprType, to expected: ExprType) -> Bool {
        switch (actual, expected) {
        case _ where actual == expected || actual == .null: true
        case (.int, .number), (.enumeration, .string): true
        case (.enumeration(_, let values), .enumeration(_, let allowed)): Set(values).isSubset(of: allowed)
        case (.list(let element), .list(let allowed)): assignable(element, to: allowed)
        default: false
        }
    }
}

extension TypeChecker: NodeFinisher {
    static var typesLiterals: Bool { true }
    static var typesNodes: Bool { true }

    mutating func binaryType(_ op: BinaryOperator, _ lhs: Expression, _ rhs: Expression) -> ExprType? {
        checkBinary(op, lhs, rhs)
    }
}
