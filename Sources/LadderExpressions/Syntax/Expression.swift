import LadderTime

/// A node of the expression syntax tree: what it is, where it is, and (after checking) its type.
///
/// A view of one node of an ``ExpressionTree``, which holds every node of a parsed expression in
/// one allocation; ``kind`` builds the node's enum on demand, its children being views as well.
/// Equality and hashing are those of the tree below the node (kinds, ranges and types), not of
/// its storage. Parentheses leave no node; a node's `range` covers its own text without
/// surrounding parentheses.
public struct Expression: Hashable, @unchecked Sendable {
    /// The node kinds.
    public enum Kind: Hashable, Sendable {
        case literal(Literal)
        /// `[a, b, c]`; the checker requires one element type.
        case list(ExpressionList)
        /// `case.customer.tier`, `now`; the reference is set by the checker.
        case path(Path)
        case unary(UnaryOperator, Expression)
        case binary(BinaryOperator, Expression, Expression)
        /// `subject matches "regex"`: the pattern is always a string literal, compiled when parsed.
        case matches(Expression, RegexLiteral)
        case call(Call)
    }

    let tree: ExpressionTree
    let index: Int32

    init(_ tree: ExpressionTree, _ index: Int32) {
        self.tree = tree
        self.index = index
    }

    public var kind: Kind {
        tree.withUnsafeMutablePointers { header, nodes in
            switch nodes[Int(index)].stored {
            case .null: .literal(.null)
            case .bool(let value): .literal(.bool(value))
            case .int(let value): .literal(.int(value))
            case .number(let value): .literal(.number(value))
            case .string(let value): .literal(.string(value))
            case .duration(let slot): .literal(.duration(header.pointee.durations[Int(slot)]))
            case .list(let first, let count): .list(ExpressionList(tree, first: first, count: count))
            case .path(let reference): .path(Path(tree, index, reference: reference))
            case .unary(let op, let operand): .unary(op, Expression(tree, operand))
            case .binary(let op, let lhs, let rhs): .binary(op, Expression(tree, lhs), Expression(tree, rhs))
            case .matches(let subject, let slot): .matches(Expression(tree, subject), header.pointee.regexes[Int(slot)])
            case .call(let function, let first, let count, let nameLength):
                .call(Call(tree, index, function: function, nameLength: Int(nameLength),
                           arguments: ExpressionList(tree, first: first, count: count)))
            }
        }
    }

    /// UTF-8 byte offsets in the expression text.
    public var range: Range<Int> {
        tree.withUnsafeMutablePointerToElements { nodes in nodes[Int(index)].range }
    }

    /// The static type; `nil` until checked (and on nodes the checker rejected).
    public var type: ExprType? {
        tree.withUnsafeMutablePointerToElements { nodes in nodes[Int(index)].type }
    }

    /// The direct sub-expressions, left to right.
    public var children: [Expression] {
        switch kind {
        case .literal, .path: []
        case .list(let elements): Array(elements)
        case .unary(_, let operand): [operand]
        case .binary(_, let lhs, let rhs): [lhs, rhs]
        case .matches(let subject, _): [subject]
        case .call(let call): Array(call.arguments)
        }
    }

    /// Calls `visit` on this node and every node below it, parents before children.
    public func forEachNode(_ visit: (Expression) -> Void) {
        visit(self)
        for child in children { child.forEachNode(visit) }
    }

    public static func == (a: Expression, b: Expression) -> Bool {
        if a.tree === b.tree, a.index == b.index { return true }
        return a.range == b.range && a.type == b.type && a.kind == b.kind
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(range)
        hasher.combine(type)
        hasher.combine(kind)
    }
}

/// The elements of a list literal or the arguments of a call: views of nodes of one tree.
public struct ExpressionList: RandomAccessCollection, Hashable, @unchecked Sendable {
    let tree: ExpressionTree
    /// Where the child indexes start in the tree's `links`.
    let first: Int32
    public let count: Int

    init(_ tree: ExpressionTree, first: Int32, count: Int32) {
        self.tree = tree
        self.first = first
        self.count = Int(count)
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { count }

    public subscript(position: Int) -> Expression {
        precondition(position >= 0 && position < count, "index out of range")
        return Expression(tree, tree.link(first, position))
    }

    public static func == (a: ExpressionList, b: ExpressionList) -> Bool {
        a.elementsEqual(b)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(count)
        for element in self { hasher.combine(element) }
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
/// ``ExpressionScope`` to resolve all segments at once. Its text is read from the expression's.
public struct Path: Hashable, @unchecked Sendable {
    let tree: ExpressionTree
    let index: Int32
    /// Set by the checker from the scope's answer.
    public let reference: PathReference?

    init(_ tree: ExpressionTree, _ index: Int32, reference: PathReference?) {
        self.tree = tree
        self.index = index
        self.reference = reference
    }

    /// `case.customer.tier`.
    public var dotted: String { tree.source(Expression(tree, index).range) }

    /// `["case", "customer", "tier"]`.
    public var segments: [String] {
        dotted.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    }

    public static func == (a: Path, b: Path) -> Bool {
        a.reference == b.reference && a.dotted == b.dotted
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(reference)
        hasher.combine(dotted)
    }
}

/// A function call such as `size(case.threats)`.
public struct Call: Hashable, Sendable {
    public let name: String
    /// Where the function name is, for "unknown function" diagnostics.
    public let nameRange: Range<Int>
    public let arguments: ExpressionList
    /// The built-in function of that name, if any.
    public let function: BuiltinFunction?

    init(_ tree: ExpressionTree, _ index: Int32, function: BuiltinFunction?, nameLength: Int, arguments: ExpressionList) {
        let start = Expression(tree, index).range.lowerBound
        nameRange = start..<start + nameLength
        name = function?.rawValue ?? tree.source(nameRange)
        self.function = function
        self.arguments = arguments
    }
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

// MARK: - Storage

/// One node as an ``ExpressionTree`` stores it: 32 bytes, children as node indexes.
struct ExpressionNode {
    enum Stored {
        case null
        case bool(Bool)
        case int(Int64)
        case number(Double)
        case string(String)
        /// An index in the tree's `durations`.
        case duration(Int32)
        /// `count` child indexes from `first` in the tree's `links`.
        case list(first: Int32, count: Int32)
        case path(PathReference?)
        case unary(UnaryOperator, Int32)
        case binary(BinaryOperator, Int32, Int32)
        /// The subject, and an index in the tree's `regexes`.
        case matches(Int32, Int32)
        /// Arguments as for `list`; the name is the first `nameLength` bytes of the node's text.
        case call(BuiltinFunction?, first: Int32, count: Int32, nameLength: UInt16)
    }

    var stored: Stored
    // The range in 16-bit offsets: an expression is at most `ExpressionLimits.maximumLength` bytes.
    private var lower: UInt16
    private var upper: UInt16
    var type: ExprType?

    init(_ stored: consuming Stored, range: Range<Int>, type: consuming ExprType? = nil) {
        self.stored = stored
        lower = UInt16(clamping: range.lowerBound)
        upper = UInt16(clamping: range.upperBound)
        self.type = type
    }

    /// UTF-8 byte offsets in the expression text (clamped to 65,535, beyond any expression's length).
    var range: Range<Int> { Int(lower)..<Int(upper) }
}

/// Every node of one parsed expression, children before parents (the root last), in one
/// allocation; the text, and the rarer parts (list and call operands, durations, patterns) in
/// the header. Immutable once parsed (or checked), so its views (``Expression``, ``Path``,
/// ``ExpressionList``) are `Sendable` (`ManagedBuffer` itself cannot be).
final class ExpressionTree: ManagedBuffer<ExpressionTree.Header, ExpressionNode> {
    struct Header {
        var text: String
        var count = 0
        /// The operands of lists and calls, as node indexes.
        var links: [Int32] = []
        var durations: [DurationValue] = []
        var regexes: [RegexLiteral] = []
    }

    // The header is read and written through pointers: the `header` property of a class is
    // checked for exclusive access at runtime on every use.

    /// An empty tree with room for `capacity` nodes.
    static func make(_ header: Header, capacity: Int) -> ExpressionTree {
        unsafeDowncast(create(minimumCapacity: capacity) { _ in header }, to: ExpressionTree.self)
    }

    deinit {
        _ = withUnsafeMutablePointers { header, nodes in nodes.deinitialize(count: header.pointee.count) }
    }

    var count: Int { withUnsafeMutablePointerToHeader { $0.pointee.count } }

    var text: String { withUnsafeMutablePointerToHeader { $0.pointee.text } }

    /// The root: the last node.
    var root: Expression { Expression(self, Int32(count - 1)) }

    /// The node index of operand `position` of the list or call whose operands start at `first`.
    func link(_ first: Int32, _ position: Int) -> Int32 {
        withUnsafeMutablePointerToHeader { $0.pointee.links[Int(first) + position] }
    }

    /// The text at UTF-8 offsets `range` of the expression's.
    func source(_ range: Range<Int>) -> String {
        let utf8 = text.utf8
        let range = range.clamped(to: 0..<utf8.count)
        let start = utf8.index(utf8.startIndex, offsetBy: range.lowerBound)
        return String(decoding: utf8[start..<utf8.index(start, offsetBy: range.count)], as: UTF8.self)
    }

    /// A tree of `capacity` (at least `count`) with this one's header, its arrays trimmed to their
    /// size, and its nodes: moved (this tree is left empty) or copied.
    func resized(to capacity: Int, moving: Bool) -> ExpressionTree {
        withUnsafeMutablePointers { header, nodes in
            let count = header.pointee.count
            var copied = header.pointee
            if copied.links.capacity > copied.links.count {
                copied.links = Array(unsafeUninitializedCapacity: copied.links.count) { buffer, initialized in
                    initialized = buffer.initialize(fromContentsOf: header.pointee.links)
                }
            }
            let tree = ExpressionTree.make(copied, capacity: capacity)
            tree.withUnsafeMutablePointerToElements { target in
                if moving {
                    target.moveInitialize(from: nodes, count: count)
                    header.pointee.count = 0
                } else {
                    target.initialize(from: nodes, count: count)
                }
            }
            return tree
        }
    }
}

/// Builds an ``ExpressionTree`` node by node, growing it as needed; the parser's and the checker's.
struct TreeBuilder {
    private(set) var tree: ExpressionTree
    private var capacity: Int
    private(set) var count = 0

    init(text: String, capacity: Int) {
        self.capacity = max(capacity, 1)
        tree = ExpressionTree.make(ExpressionTree.Header(text: text), capacity: self.capacity)
    }

    /// Continues `tree` in a copy of it.
    init(copying tree: ExpressionTree) {
        count = tree.count
        capacity = count
        self.tree = tree.resized(to: capacity, moving: false)
    }

    func view(_ index: Int32) -> Expression { Expression(tree, index) }

    mutating func append(_ node: __owned ExpressionNode) -> Int32 {
        if count == capacity {
            capacity *= 2
            tree = tree.resized(to: capacity, moving: true)
        }
        let index = count
        count += 1
        tree.withUnsafeMutablePointers { header, nodes in
            (nodes + index).initialize(to: node)
            header.pointee.count = index + 1
        }
        return Int32(index)
    }

    func setType(_ index: Int32, _ type: consuming ExprType?) {
        tree.withUnsafeMutablePointerToElements { $0[Int(index)].type = type }
    }

    func setPath(_ index: Int32, _ reference: PathReference?, _ type: consuming ExprType?) {
        tree.withUnsafeMutablePointerToElements { nodes in
            nodes[Int(index)].stored = .path(reference)
            nodes[Int(index)].type = type
        }
    }

    /// Stores operand indexes; returns where they start.
    func link(_ operands: [Int32]) -> Int32 {
        tree.withUnsafeMutablePointerToHeader { header in
            let first = Int32(header.pointee.links.count)
            header.pointee.links.append(contentsOf: operands)
            return first
        }
    }

    func add(_ duration: DurationValue) -> Int32 {
        tree.withUnsafeMutablePointerToHeader { header in
            header.pointee.durations.append(duration)
            return Int32(header.pointee.durations.count - 1)
        }
    }

    func add(_ regex: RegexLiteral) -> Int32 {
        tree.withUnsafeMutablePointerToHeader { header in
            header.pointee.regexes.append(regex)
            return Int32(header.pointee.regexes.count - 1)
        }
    }

    /// The finished tree, holding no spare room.
    consuming func finish() -> ExpressionTree {
        let spare = tree.withUnsafeMutablePointerToHeader { $0.pointee.links.capacity > $0.pointee.links.count }
        return capacity > count || spare ? tree.resized(to: count, moving: true) : tree
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
