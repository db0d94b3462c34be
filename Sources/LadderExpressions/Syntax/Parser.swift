/// Limits that keep every stage bounded whatever the input.
public enum ExpressionLimits {
    /// Longest expression text, in UTF-8 bytes.
    public static let maximumLength = 10_000
    /// Deepest nesting of parentheses, brackets, calls and prefix operators.
    public static let maximumNesting = 64
    /// Tallest syntax tree (a chain `a + b + c ...` grows it by one per operator); the checker,
    /// compiler and evaluator recurse over the tree, so this bounds their stack use.
    public static let maximumHeight = 256
}

/// A parsed expression and the text it came from.
public struct ParsedExpression: Hashable, Sendable {
    public var text: String
    public var root: Expression
}

/// Sees each node as the parser completes it, children before parents (the type checker, to
/// check while parsing instead of rebuilding the tree afterwards). Paths and binary operators,
/// the most common nodes, are typed before their node is stored.
protocol NodeFinisher {
    /// Whether literals get their types (a literal's type is its kind: nothing to check).
    static var typesLiterals: Bool { get }
    /// Whether nodes get types at all (else ``type(of:)`` is not called).
    static var typesNodes: Bool { get }
    /// The type of a completed node (not a literal, a path or a binary operator) whose children are typed.
    mutating func type(of node: Expression) -> ExprType?
    /// Resolves the path of `segments` at `range`: its reference and type.
    mutating func resolve(_ segments: [String], at range: Range<Int>) -> (reference: PathReference?, type: ExprType?)
    /// The type of `lhs op rhs`, given its typed operands.
    mutating func binaryType(_ op: BinaryOperator, _ lhs: Expression, _ rhs: Expression) -> ExprType?
}

/// Leaves nodes as parsed.
struct UncheckedNodes: NodeFinisher {
    static var typesLiterals: Bool { false }
    static var typesNodes: Bool { false }
    func type(of node: Expression) -> ExprType? { nil }
    func resolve(_ segments: [String], at range: Range<Int>) -> (reference: PathReference?, type: ExprType?) { (nil, nil) }
    func binaryType(_ op: BinaryOperator, _ lhs: Expression, _ rhs: Expression) -> ExprType? { nil }
}

/// A precedence climbing parser pulling tokens from the ``Lexer`` as it goes, stopping at the
/// first error.
///
/// Loosest first: `or`, `and`, `not`, comparisons (non-associative), `in`, `matches`, `+ -`,
/// `* /`, unary `-`, then literals, paths, calls, lists and parentheses.
struct Parser<Finisher: NodeFinisher> {
    private enum Precedence: Int, Comparable {
        case or = 1, and, not, comparison, `in`, matches, additive, multiplicative, prefix

        static func < (a: Precedence, b: Precedence) -> Bool { a.rawValue < b.rawValue }

        var tighter: Precedence { Precedence(rawValue: rawValue + 1) ?? .prefix }
    }

    /// A node's index in the tree being built, the height of its tree, and its text including
    /// any parentheses around it (which a parent's range must cover).
    private typealias Node = (index: Int32, height: Int, range: Range<Int>)

    private enum Infix {
        case binary(BinaryOperator)
        case matches
    }

    private var lexer: Lexer
    /// The token being looked at (lexed, not yet consumed).
    private var current: Token
    /// Where the last consumed token ends.
    private var previousEnd = 0
    private var nesting = 0
    private var builder: TreeBuilder
    /// The caller's finisher, used in place: a copy would retain and release everything it holds.
    private let finisher: UnsafeMutablePointer<Finisher>

    private init(lexer: Lexer, current: Token, finisher: UnsafeMutablePointer<Finisher>, builder: consuming TreeBuilder) {
        self.lexer = lexer
        self.current = current
        self.finisher = finisher
        self.builder = builder
    }

    /// Parses `text`, handing every completed node to `finisher` (which may change it, e.g. set
    /// its type) before it becomes part of its parent.
    static func parse(_ text: String, finisher: inout Finisher) throws(ExpressionDiagnostic) -> Expression {
        let length = text.utf8.count
        guard length <= ExpressionLimits.maximumLength else {
            throw ExpressionDiagnostic(
                .syntax, "expression is too long (\(length) bytes, at most \(ExpressionLimits.maximumLength))",
                at: ExpressionLimits.maximumLength..<length,
                hint: "split the condition into smaller rules or stages")
        }
        var utf8 = text
        return try withUnsafeMutablePointer(to: &finisher) { finisher in
            utf8.withUTF8 { bytes in parse(bytes, text: text, finisher: finisher) }
        }.get()
    }

    private static func parse(
        _ bytes: UnsafeBufferPointer<UInt8>, text: String, finisher: UnsafeMutablePointer<Finisher>
    ) -> Result<Expression, ExpressionDiagnostic> {
        let length = bytes.count
        var lexer = Lexer(bytes)
        let first: Token
        do throws(ExpressionDiagnostic) {
            first = try lexer.next()
        } catch {
            return .failure(error)
        }
        if first.kind == .end {
            return .failure(ExpressionDiagnostic(.syntax, "expression is empty", at: 0..<length))
        }
        // About one node for every four bytes of a condition; the tree is trimmed when done.
        let builder = TreeBuilder(text: text, capacity: length / 4 + 2)
        var parser = Parser(lexer: lexer, current: first, finisher: finisher, builder: builder)
        do throws(ExpressionDiagnostic) {
            let root = try parser.expression(.or)
            try parser.expectEnd()
            return .success(Expression(parser.builder.finish(), root.index))
        } catch {
            // A lexical error later in the text takes precedence over this one.
            do throws(ExpressionDiagnostic) {
                try parser.lexer.finish()
            } catch {
                return .failure(error)
            }
            return .failure(error)
        }
    }

    // MARK: - Tokens

    // The helpers reading tokens are static: a non-mutating method called from a mutating one
    // may copy the whole parser (checker included) to call it.

    /// Whether `token` is `symbol`.
    private static func isSymbol(_ token: Token, _ symbol: Token.Symbol) -> Bool {
        if case .symbol(let found) = token.kind { return found == symbol }
        return false
    }

    /// Consumes the current token and returns it; at the end, stays there.
    private mutating func advance() throws(ExpressionDiagnostic) -> Token {
        let token = current
        if case .end = token.kind {} else {
            previousEnd = token.range.upperBound
            current = try lexer.next()
        }
        return token
    }

    private func source(_ range: Range<Int>) -> String {
        lexer.text(range)
    }

    private func describe(_ token: Token) -> String {
        token.kind == .end ? "the end of the expression" : "\"\(source(token.range))\""
    }

    private static func infix(_ token: Token) -> (Infix, Precedence)? {
        switch token.kind {
        case .word(let keyword):
            switch keyword {
            case .or: return (.binary(.or), .or)
            case .and: return (.binary(.and), .and)
            case .in: return (.binary(.in), .in)
            case .matches: return (.matches, .matches)
            default: return nil
            }
        case .symbol(let symbol):
            switch symbol {
            case .equal: return (.binary(.equal), .comparison)
            case .notEqual: return (.binary(.notEqual), .comparison)
            case .less: return (.binary(.less), .comparison)
            case .lessOrEqual: return (.binary(.lessOrEqual), .comparison)
            case .greater: return (.binary(.greater), .comparison)
            case .greaterOrEqual: return (.binary(.greaterOrEqual), .comparison)
            case .plus: return (.binary(.add), .additive)
            case .minus: return (.binary(.subtract), .additive)
            case .star: return (.binary(.multiply), .multiplicative)
            case .slash: return (.binary(.divide), .multiplicative)
            default: return nil
            }
        default:
            return nil
        }
    }

    // MARK: - Limits

    private mutating func enterNesting(at range: Range<Int>) throws(ExpressionDiagnostic) {
        nesting += 1
        if nesting > ExpressionLimits.maximumNesting {
            throw ExpressionDiagnostic(
                .syntax, "expression is nested too deeply (more than \(ExpressionLimits.maximumNesting) levels)",
                at: range, hint: "split it into simpler conditions")
        }
    }

    private static func checkHeight(_ height: Int, _ range: Range<Int>) throws(ExpressionDiagnostic) {
        if height > ExpressionLimits.maximumHeight {
            throw ExpressionDiagnostic(
                .syntax, "expression has too many operators in a row (more than \(ExpressionLimits.maximumHeight))",
                at: range, hint: "split it into simpler conditions")
        }
    }

    private mutating func make(_ stored: consuming ExpressionNode.Stored, _ range: Range<Int>, childHeight: Int = 0) throws(ExpressionDiagnostic) -> Node {
        let height = 1 + childHeight
        try Self.checkHeight(height, range)
        let index = builder.append(ExpressionNode(stored, range: range))
        if Finisher.typesNodes {
            let type = finisher.pointee.type(of: builder.view(index))
            builder.setType(index, type)
        }
        return (index, height, range)
    }

    // MARK: - Grammar

    private mutating func expression(_ minimum: Precedence) throws(ExpressionDiagnostic) -> Node {
        var (lhs, lhsHeight, lhsRange) = try prefix(minimum)
        var lastWasComparison = false
        while let (op, precedence) = Self.infix(current), precedence >= minimum {
            let operatorToken = try advance()
            if precedence == .comparison, lastWasComparison {
                throw ExpressionDiagnostic(
                    .syntax, "comparisons cannot be chained", at: operatorToken.range,
                    hint: "compare twice and join with and, e.g. a < b and b < c")
            }
            lastWasComparison = precedence == .comparison
            switch op {
            case .matches:
                let pattern = try regexLiteral(after: operatorToken)
                (lhs, lhsHeight, lhsRange) = try make(
                    .matches(lhs, builder.add(.regex(pattern))), lhsRange.lowerBound..<pattern.range.upperBound, childHeight: lhsHeight)
            case .binary(let binary):
                let (rhs, rhsHeight, rhsRange) = try expression(precedence.tighter)
                let range = lhsRange.lowerBound..<rhsRange.upperBound
                lhsHeight = 1 + max(lhsHeight, rhsHeight)
                try Self.checkHeight(lhsHeight, range)
                let type = finisher.pointee.binaryType(binary, builder.view(lhs), builder.view(rhs))
                lhs = builder.append(ExpressionNode(.binary(binary, lhs, rhs), range: range, type: type))
                lhsRange = range
            }
        }
        return (lhs, lhsHeight, lhsRange)
    }

    private mutating func regexLiteral(after operatorToken: Token) throws(ExpressionDiagnostic) -> RegexLiteral {
        let token = current
        guard case .string = token.kind else {
            throw ExpressionDiagnostic(
                .syntax, "matches needs a quoted regular expression on its right, found \(describe(token))",
                at: token.kind == .end ? operatorToken.range : token.range,
                hint: "write e.g. case.customer.email matches \"@example\\.com$\"")
        }
        _ = try advance()
        do {
            return RegexLiteral(regex: try RegularExpression(lexer.stringValue(token)), range: token.range)
        } catch {
            throw ExpressionDiagnostic(.syntax, "invalid regular expression: \(error.message)", at: token.range)
        }
    }

    private mutating func prefix(_ minimum: Precedence) throws(ExpressionDiagnostic) -> Node {
        let token = current
        if token.kind == .word(.not) {
            guard minimum <= .not else {
                throw ExpressionDiagnostic(
                    .syntax, "\"not\" cannot stand here without parentheses", at: token.range,
                    hint: "write (not ...)")
            }
            _ = try advance()
            try enterNesting(at: token.range)
            let (operand, height, range) = try expression(.not)
            nesting -= 1
            return try make(.unary(.not, operand), token.range.lowerBound..<range.upperBound, childHeight: height)
        }
        if token.kind == .symbol(.minus) {
            _ = try advance()
            try enterNesting(at: token.range)
            let (operand, height, range) = try expression(.prefix)
            nesting -= 1
            return try make(.unary(.negate, operand), token.range.lowerBound..<range.upperBound, childHeight: height)
        }
        return try primary()
    }

    private mutating func primary() throws(ExpressionDiagnostic) -> Node {
        let token = try advance()
        switch token.kind {
        case .string(let escaped):
            return literal(escaped ? .escapedString(builder.add(.string(lexer.stringValue(token)))) : .string, .string, token.range)
        case .int(let value): return literal(.int(value), .int, token.range)
        case .number(let value): return literal(.number(value), .number, token.range)
        case .duration(let value): return literal(.duration(builder.add(.duration(value))), .duration, token.range)
        case .word(let keyword):
            switch keyword {
            case .true: return literal(.bool(true), .bool, token.range)
            case .false: return literal(.bool(false), .bool, token.range)
            case .null: return literal(.null, .null, token.range)
            case .and, .or, .in, .matches:
                throw ExpressionDiagnostic(.syntax, "expected a value before \"\(source(token.range))\"", at: token.range)
            case .none, .not: break
            }
            let word = lexer.word(token.range)
            if Self.isSymbol(current, .leftParen) {
                return try call(name: token, word)
            }
            return try makePath([word], token.range)
        case .name(let count):
            if Self.isSymbol(current, .leftParen) {
                throw ExpressionDiagnostic(
                    .syntax, "\"\(source(token.range))\" is a path and cannot be called", at: token.range,
                    hint: "functions are called as e.g. size(case.threats)")
            }
            return try makePath(lexer.segments(token.range, count: count), token.range)
        case .symbol(.leftParen):
            try enterNesting(at: token.range)
            let (inner, height, _) = try expression(.or)
            let close = try expect(.rightParen, closing: token)
            nesting -= 1
            return (inner, height, token.range.lowerBound..<close.range.upperBound)
        case .symbol(.leftBracket):
            try enterNesting(at: token.range)
            var elements: [Int32] = []
            var height = 0
            while !Self.isSymbol(current, .rightBracket) {
                let (element, elementHeight, _) = try expression(.or)
                elements.append(element)
                height = max(height, elementHeight)
                guard Self.isSymbol(current, .comma) else { break }
                _ = try advance()
            }
            let close = try expect(.rightBracket, closing: token, hint: "separate list elements with commas")
            nesting -= 1
            let first = builder.link(elements)
            return try make(.list(first: first, count: Int32(elements.count)), token.range.lowerBound..<close.range.upperBound, childHeight: height)
        case .end:
            throw ExpressionDiagnostic(.syntax, "expression ends early; expected a value", at: previousEnd..<previousEnd)
        default:
            throw ExpressionDiagnostic(.syntax, "expected a value, found \(describe(token))", at: token.range)
        }
    }

    /// A literal node, typed without a call to the finisher.
    private mutating func literal(_ literal: consuming ExpressionNode.Stored, _ type: ExprType, _ range: Range<Int>) -> Node {
        (builder.append(ExpressionNode(literal, range: range, type: Finisher.typesLiterals ? type : nil)), 1, range)
    }

    private mutating func makePath(_ segments: [String], _ range: Range<Int>) throws(ExpressionDiagnostic) -> Node {
        try Self.checkHeight(1, range)
        let (reference, type) = finisher.pointee.resolve(segments, at: range)
        return (builder.append(ExpressionNode(.path(reference), range: range, type: type)), 1, range)
    }

    private mutating func call(name: Token, _ word: String) throws(ExpressionDiagnostic) -> Node {
        let open = try advance()
        try enterNesting(at: open.range)
        var arguments: [Int32] = []
        var height = 0
        while !Self.isSymbol(current, .rightParen) {
            let (argument, argumentHeight, _) = try expression(.or)
            arguments.append(argument)
            height = max(height, argumentHeight)
            guard Self.isSymbol(current, .comma) else { break }
            _ = try advance()
        }
        let close = try expect(.rightParen, closing: open, hint: "separate arguments with commas")
        nesting -= 1
        let first = builder.link(arguments)
        let stored = ExpressionNode.Stored.call(
            BuiltinFunction(rawValue: word), first: first, count: Int32(arguments.count), nameLength: UInt16(clamping: name.range.count))
        return try make(stored, name.range.lowerBound..<close.range.upperBound, childHeight: height)
    }

    @discardableResult
    private mutating func expect(_ symbol: Token.Symbol, closing open: Token, hint: String? = nil) throws(ExpressionDiagnostic) -> Token {
        let token = current
        guard token.kind == .symbol(symbol) else {
            let opener = source(open.range)
            throw ExpressionDiagnostic(
                .syntax, "expected \"\(symbol.rawValue)\" to close the \"\(opener)\" at offset \(open.range.lowerBound), found \(describe(token))",
                at: token.kind == .end ? open.range : token.range,
                hint: token.kind == .end ? nil : hint)
        }
        return try advance()
    }

    private mutating func expectEnd() throws(ExpressionDiagnostic) {
        let token = current
        guard token.kind != .end else { return }
        if token.kind == .word(.not) {
            let next = try lexer.peek()
            if next.kind == .word(.in) {
                throw ExpressionDiagnostic(
                    .syntax, "\"not in\" is not an operator", at: token.range.lowerBound..<next.range.upperBound,
                    hint: "write not (x in [...])")
            }
        }
        if token.kind == .symbol(.rightParen) || token.kind == .symbol(.rightBracket) {
            throw ExpressionDiagnostic(.syntax, "\(describe(token)) has no matching opening bracket", at: token.range)
        }
        throw ExpressionDiagnostic(
            .syntax, "unexpected \(describe(token)) after a complete expression", at: token.range,
            hint: "join conditions with and / or; compare with == != < <= > >=")
    }
}

extension Parser where Finisher == UncheckedNodes {
    /// Parses `text` into an unchecked tree.
    static func parse(_ text: String) throws(ExpressionDiagnostic) -> Expression {
        var finisher = UncheckedNodes()
        return try parse(text, finisher: &finisher)
    }
}
