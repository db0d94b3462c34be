import LadderTime

/// A node of the expression syntax tree: what it is, where it is, and (after checking) its type.
///
/// The tree is a plain value. Parentheses leave no node; a node's `range` covers its own text
/// without surrounding parentheses.
public struct Expression: Hashable, Sendable {
    /// The node kinds. Leaves (literals, paths) and lists are stored inline; only operators
    /// and calls box their operands, so most nodes cost no allocation of their own.
    public enum Kind: Hashable, Sendable {
        case literal(Literal)
        /// `[a, b, c]`; the checker requires one element type.
        case list([Expression])
        /// `case.customer.tier`, `now`; the reference is set by the checker.
        case path(Path)
        indirect case unary(UnaryOperator, Expression)
        indirect case binary(BinaryOperator, Expression, Expression)
        /// `subject matches "regex"`: the pattern is always a string literal, compiled when parsed.
        indirect case matches(Expression, RegexLiteral)
        indirect case call(Call)
    }

    public var kind: Kind
    // The range in 16-bit offsets: an expression is at most `ExpressionLimits.maximumLength`
    // bytes, and a node is 40 bytes instead of 56 (nodes are most of a workflow's memory).
    private var lower: UInt16
    private var upper: UInt16
    /// The static type; `nil` until checked (and on nodes the checker rejected).
    public var type: ExprType?

    /// UTF-8 byte offsets in the expression text (clamped to 65,535, beyond any expression's length).
    public var range: Range<Int> {
        get { Int(lower)..<Int(upper) }
        set {
            lower = UInt16(clamping: newValue.lowerBound)
            upper = UInt16(clamping: newValue.upperBound)
        }
    }

    public init(_ kind: consuming Kind, range: Range<Int>, type: consuming ExprType? = nil) {
        self.kind = kind
        self.lower = UInt16(clamping: range.lowerBound)
        self.upper = UInt16(clamping: range.upperBound)
        self.type = type
    }

    /// The direct sub-expressions, left to right.
    public var children: [Expression] {
        switch kind {
        case .literal, .path: []
        case .list(let elements): elements
        case .unary(_, let operand): [operand]
        case .binary(_, let lhs, let rhs): [lhs, rhs]
        case .matches(let subject, _): [subject]
        case .call(let call): call.arguments
        }
    }

    /// Calls `visit` on this node and every node below it, parents before children.
    public func forEachNode(_ visit: (Expression) -> Void) {
        visit(self)
        for child in children { child.forEachNode(visit) }
    }
}

/// A literal as written.
public enum Literal: Hashable, Sendable {
    case null
    case bool(Bool)
    case int(Int64)
    case number(Double)
    /// The decoded text (escapes resolved, quotes removed).
    case string(String)
    /// As written, so a linter can tell `1d` from `24h`; in expressions `d` is 24h and `w` 7d.
    case duration(DurationValue)

    /// The runtime value.
    public var value: Value {
        switch self {
        case .null: .null
        case .bool(let value): .bool(value)
        case .int(let value): .int(value)
        case .number(let value): .number(value)
        case .string(let value): .string(value)
        case .duration(let value): .duration(value.wallSeconds)
        }
    }
}

/// A dotted path such as `case.customer.tier`: the module does not know the schema and asks the
/// ``ExpressionScope`` to resolve all segments at once.
public struct Path: Hashable, Sendable {
    public var segments: [String]
    /// Set by the checker from the scope's answer.
    public var reference: PathReference?

    public init(segments: [String], reference: PathReference? = nil) {
        self.segments = segments
        self.reference = reference
    }

    /// `case.customer.tier`.
    public var dotted: String { segments.joined(separator: ".") }
}

/// A function call such as `size(case.threats)`.
public struct Call: Hashable, Sendable {
    public var name: String
    /// Where the function name is, for "unknown function" diagnostics.
    public var nameRange: Range<Int>
    public var arguments: [Expression]

    public init(name: String, nameRange: Range<Int>, arguments: [Expression]) {
        self.name = name
        self.nameRange = nameRange
        self.arguments = arguments
    }

    /// The built-in function of that name, if any.
    public var function: BuiltinFunction? { BuiltinFunction(rawValue: name) }
}

/// The right side of `matches`.
public struct RegexLiteral: Hashable, Sendable {
    public var regex: RegularExpression
    /// The string literal, quotes included.
    public var range: Range<Int>

    public init(regex: RegularExpression, range: Range<Int>) {
        self.regex = regex
        self.range = range
    }
}

/// Prefix operators.
public enum UnaryOperator: String, Hashable, Sendable {
    case not
    case negate = "-"
}

/// Infix operators (`matches` is a node kind of its own, its right side being a pattern).
public enum BinaryOperator: String, Hashable, Sendable, CaseIterable {
    case or
    case and
    case equal = "=="
    case notEqual = "!="
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="
    case `in`
    case add = "+"
    case subtract = "-"
    case multiply = "*"
    case divide = "/"

    /// `==` and `!=`.
    public var isEquality: Bool { self == .equal || self == .notEqual }

    /// `<`, `<=`, `>`, `>=`.
    public var isOrdering: Bool {
        switch self {
        case .less, .lessOrEqual, .greater, .greaterOrEqual: true
        default: false
        }
    }

    /// `+`, `-`, `*`, `/`.
    public var isArithmetic: Bool {
        switch self {
        case .add, .subtract, .multiply, .divide: true
        default: false
        }
    }
}

/// The built-in functions.
public enum BuiltinFunction: String, Hashable, Sendable, CaseIterable {
    /// `has(path)`: whether the path's value is not null.
    case has
    /// `size(list | string)`: elements or characters.
    case size
    /// `contains(text, part)` or `contains(list, element)`.
    case contains
    case startsWith = "starts_with"
    case endsWith = "ends_with"
    case lower
    case upper
}
