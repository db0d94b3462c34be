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
            case .string:
                .literal(.string(tree.source(nodes[Int(index)].range.dropFirst().dropLast())))
            case .escapedString(let slot):
                if case .string(let value) = header.pointee.extras[Int(slot)] { .literal(.string(value)) } else { .literal(.null) }
            case .duration(let slot):
                if case .duration(let value) = header.pointee.extras[Int(slot)] { .literal(.duration(value)) } else { .literal(.null) }
            case .list(let first, let count): .list(ExpressionList(tree, first: first, count: count))
            case .path(let reference): .path(Path(tree, index, reference: reference))
            case .unary(let op, let operand): .unary(op, Expression(tree, operand))
            case .binary(let op, let lhs, let rhs): .binary(op, Expression(tree, lhs), Expression(tree, rhs))
            case .matches(let subject, let slot):
                if case .regex(let pattern) = header.pointee.extras[Int(slot)] {
                    .matches(Expression(tree, subject), pattern)
                } else {
                    .literal(.null)
                }
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

    /// At least the number of nodes under this one, itself included (no walk): a tree stores
    /// children before parents, so they are among the nodes up to this one.
    public var nodeCountBound: Int { Int(index) + 1 }

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
    /// Where the child indexes start in the tree's `links`; negative when the operands are
    /// consecutive nodes (each a single node, as in `["P1", "P2"]` or `size(x)`): `-1 - first node`.
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
        return Expression(tree, first < 0 ? -1 - first + Int32(position) : tree.link(first, position))
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

/// One node as an ``ExpressionTree`` stores it, packed in 24 bytes: its type, range, a tag and
/// an operator, and two 32-bit fields (children as node indexes, or a literal's bits).
/// ``Stored`` is the node unpacked.
struct ExpressionNode {
    enum Stored {
        case null
        case bool(Bool)
        case int(Int64)
        case number(Double)
        /// A string without escapes: its value is the text between the quotes.
        case string
        /// A string with escapes: its value is at this index in the tree's `extras`.
        case escapedString(Int32)
        /// An index in the tree's `extras`.
        case duration(Int32)
        /// `count` operands from `first` (see ``ExpressionList``).
        case list(first: Int32, count: Int32)
        case path(PathReference?)
        case unary(UnaryOperator, Int32)
        case binary(BinaryOperator, Int32, Int32)
        /// The subject, and the pattern's index in the tree's `extras`.
        case matches(Int32, Int32)
        /// Arguments as for `list`; the name is the first `nameLength` bytes of the node's text.
        case call(BuiltinFunction?, first: Int32, count: Int32, nameLength: UInt16)
    }

    private enum Tag: UInt8 {
        case null, bool, int, number, string, escapedString, duration, list, path, unresolvedPath, unary, binary, matches, call
    }

    var type: ExprType?
    private var a: Int32
    private var b: Int32
    // The range in 16-bit offsets: an expression is at most `ExpressionLimits.maximumLength` bytes.
    private var lower: UInt16
    private var upper: UInt16
    private var tag: Tag
    private var op: UInt8

    init(_ stored: Stored, range: Range<Int>, type: consuming ExprType? = nil) {
        self.type = type
        lower = UInt16(clamping: range.lowerBound)
        upper = UInt16(clamping: range.upperBound)
        a = 0
        b = 0
        op = 0
        func split(_ bits: UInt64) -> (Int32, Int32) {
            (Int32(truncatingIfNeeded: bits), Int32(truncatingIfNeeded: bits >> 32))
        }
        switch stored {
        case .null: tag = .null
        case .bool(let value): tag = .bool; op = value ? 1 : 0
        case .int(let value): tag = .int; (a, b) = split(UInt64(bitPattern: value))
        case .number(let value): tag = .number; (a, b) = split(value.bitPattern)
        case .string: tag = .string
        case .escapedString(let slot): tag = .escapedString; a = slot
        case .duration(let slot): tag = .duration; a = slot
        case .list(let first, let count): tag = .list; a = first; b = count
        case .path(let reference?): tag = .path; op = reference.namespace; a = reference.index; b = Int32(reference.property)
        case .path(nil): tag = .unresolvedPath
        case .unary(let unary, let operand): tag = .unary; op = unary == .not ? 0 : 1; a = operand
        case .binary(let binary, let lhs, let rhs): tag = .binary; op = binary.code; a = lhs; b = rhs
        case .matches(let subject, let slot): tag = .matches; a = subject; b = slot
        case .call(let function, let first, let count, let nameLength):
            tag = .call; op = function?.code ?? .max; a = first; b = count & 0xFFFF | Int32(nameLength) << 16
        }
    }

    var stored: Stored {
        switch tag {
        case .null: .null
        case .bool: .bool(op != 0)
        case .int: .int(Int64(bitPattern: bits))
        case .number: .number(Double(bitPattern: bits))
        case .string: .string
        case .escapedString: .escapedString(a)
        case .duration: .duration(a)
        case .list: .list(first: a, count: b)
        case .path: .path(PathReference(namespace: op, index: a, property: UInt8(truncatingIfNeeded: b)))
        case .unresolvedPath: .path(nil)
        case .unary: .unary(op == 0 ? .not : .negate, a)
        case .binary: .binary(BinaryOperator(code: op), a, b)
        case .matches: .matches(a, b)
        case .call:
            .call(op == .max ? nil : BuiltinFunction(code: op), first: a, count: b & 0xFFFF, nameLength: UInt16(truncatingIfNeeded: b >> 16))
        }
    }

    private var bits: UInt64 { UInt64(UInt32(bitPattern: a)) | UInt64(UInt32(bitPattern: b)) << 32 }

    /// UTF-8 byte offsets in the expression text (clamped to 65,535, beyond any expression's length).
    var range: Range<Int> { Int(lower)..<Int(upper) }
}

extension BinaryOperator {
    /// A number for a packed node.
    fileprivate var code: UInt8 {
        switch self {
        case .or: 0
        case .and: 1
        case .equal: 2
        case .notEqual: 3
        case .less: 4
        case .lessOrEqual: 5
        case .greater: 6
        case .greaterOrEqual: 7
        case .in: 8
        case .add: 9
        case .subtract: 10
        case .multiply: 11
        case .divide: 12
        }
    }

    fileprivate init(code: UInt8) {
        self = switch code {
        case 0: .or
        case 1: .and
        case 2: .equal
        case 3: .notEqual
        case 4: .less
        case 5: .lessOrEqual
        case 6: .greater
        case 7: .greaterOrEqual
        case 8: .in
        case 9: .add
        case 10: .subtract
        case 11: .multiply
        default: .divide
        }
    }
}

extension BuiltinFunction {
    /// A number for a packed node.
    fileprivate var code: UInt8 {
        switch self {
        case .has: 0
        case .size: 1
        case .contains: 2
        case .startsWith: 3
        case .endsWith: 4
        case .lower: 5
        case .upper: 6
        }
    }

    fileprivate init(code: UInt8) {
        self = switch code {
        case 0: .has
        case 1: .size
        case 2: .contains
        case 3: .startsWith
        case 4: .endsWith
        case 5: .lower
        default: .upper
        }
    }
}

/// Every node of one parsed expression, children before parents (the root last), in one
/// allocation; the text, list and call operands, and the rare parts (escaped strings, durations,
/// patterns) in the header. Immutable once parsed (or checked), so its views (``Expression``, ``Path``,
/// ``ExpressionList``) are `Sendable` (`ManagedBuffer` itself cannot be).
final class ExpressionTree: ManagedBuffer<ExpressionTree.Header, ExpressionNode> {
    struct Header {
        var text: String
        var count = 0
        /// The operands of lists and calls, as node indexes.
        var links: [Int32] = []
        /// The rare parts of nodes.
        var extras: [Extra] = []
    }

    enum Extra {
        case string(String)
        case duration(DurationValue)
        case regex(RegexLiteral)
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
        var text = text
        return text.withUTF8 { bytes in
            String(decoding: UnsafeBufferPointer(rebasing: bytes[range.clamped(to: 0..<bytes.count)]), as: UTF8.self)
        }
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

    func setType(_ index: Int32, _ type: ExprType?) {
        tree.withUnsafeMutablePointerToElements { $0[Int(index)].type = type }
    }

    func setPath(_ index: Int32, _ reference: PathReference?, _ type: ExprType?) {
        tree.withUnsafeMutablePointerToElements { nodes in
            nodes[Int(index)] = ExpressionNode(.path(reference), range: nodes[Int(index)].range, type: type)
        }
    }

    /// Stores the operand indexes of the next node; returns where they start (see
    /// ``ExpressionList``): nothing is stored when they are the nodes just before it.
    func link(_ operands: [Int32]) -> Int32 {
        let start = count - operands.count
        if operands.indices.allSatisfy({ operands[$0] == Int32(start + $0) }) { return Int32(-1 - start) }
        return tree.withUnsafeMutablePointerToHeader { header in
            let first = Int32(header.pointee.links.count)
            header.pointee.links.append(contentsOf: operands)
            return first
        }
    }

    /// Stores a node's rare part; returns its index.
    func add(_ extra: ExpressionTree.Extra) -> Int32 {
        tree.withUnsafeMutablePointerToHeader { header in
            header.pointee.extras.append(extra)
            return Int32(header.pointee.extras.count - 1)
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
