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
/// check while parsing instead of rebuilding the tree afterwards).
protocol NodeFinisher {
    mutating func finish(_ node: Expression) -> Expression
}

/// Leaves nodes as parsed.
struct UncheckedNodes: NodeFinisher {
    func finish(_ node: Expression) -> Expression { node }
}

/// A precedence climbing parser over the tokens, stopping at the first error.
///
/// Loosest first: `or`, `and`, `not`, comparisons (non-associative), `in`, `matches`, `+ -`,
/// `* /`, unary `-`, then literals, paths, calls, lists and parentheses.
struct Parser<Finisher: NodeFinisher> {
    private enum Precedence: Int, Comparable {
        case or = 1, and, not, comparison, `in`, matches, additive, multiplicative, prefix

        static func < (a: Precedence, b: Precedence) -> Bool { a.rawValue < b.rawValue }

        var tighter: Precedence { Precedence(rawValue: rawValue + 1) ?? .prefix }
    }

    /// A node, the height of its tree, and its text including any parentheses around it
    /// (which a parent's range must cover).
    private struct Node {
        var expression: Expression
        var height: Int
        var range: Range<Int>
    }

    private enum Infix {
        case binary(BinaryOperator)
        case matches
    }

    private let tokens: [Token]
    private let text: String
    private var index = 0
    private var nesting = 0
    private var finisher: Finisher

    private init(tokens: [Token], text: String, finisher: Finisher) {
        self.tokens = tokens
        self.text = text
        self.finisher = finisher
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
        var parser = Parser(tokens: try Lexer.tokens(of: text), text: text, finisher: finisher)
        if parser.current.kind == .end {
            throw ExpressionDiagnostic(.syntax, "expression is empty", at: 0..<length)
        }
        let root = try parser.expression(.or)
        try parser.expectEnd()
        finisher = parser.finisher
        return root.expression
    }

    // MARK: - Tokens

    private var current: Token { tokens[index] }

    /// Whether the current token is `symbol` (without copying the token).
    private func isAt(_ symbol: Token.Symbol) -> Bool {
        if case .symbol(let found) = tokens[index].kind { return found == symbol }
        return false
    }

    private mutating func advance() -> Token {
        let token = tokens[index]
        if index < tokens.count - 1 { index += 1 }
        return token
    }

    private func source(_ range: Range<Int>) -> String {
        let utf8 = Array(text.utf8)
        return String(decoding: utf8[range], as: UTF8.self)
    }

    private func describe(_ token: Token) -> String {
        token.kind == .end ? "the end of the expression" : "\"\(source(token.range))\""
    }

    private func infix(_ token: Token) -> (Infix, Precedence)? {
        switch token.kind {
        case .word:
            switch token.word {
            case "or": return (.binary(.or), .or)
            case "and": return (.binary(.and), .and)
            case "in": return (.binary(.in), .in)
            case "matches": return (.matches, .matches)
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

    private mutating func make(_ kind: Expression.Kind, _ range: Range<Int>, childHeight: Int = 0) throws(ExpressionDiagnostic) -> Node {
        let height = 1 + childHeight
        if height > ExpressionLimits.maximumHeight {
            throw ExpressionDiagnostic(
                .syntax, "expression has too many operators in a row (more than \(ExpressionLimits.maximumHeight))",
                at: range, hint: "split it into simpler conditions")
        }
        return Node(expression: finisher.finish(Expression(kind, range: range)), height: height, range: range)
    }

    // MARK: - Grammar

    private mutating func expression(_ minimum: Precedence) throws(ExpressionDiagnostic) -> Node {
        var lhs = try prefix(minimum)
        var lastWasComparison = false
        while let (op, precedence) = infix(current), precedence >= minimum {
            let operatorToken = advance()
            if precedence == .comparison, lastWasComparison {
                throw ExpressionDiagnostic(
                    .syntax, "comparisons cannot be chained", at: operatorToken.range,
                    hint: "compare twice and join with and, e.g. a < b and b < c")
            }
            lastWasComparison = precedence == .comparison
            switch op {
            case .matches:
                let pattern = try regexLiteral(after: operatorToken)
                lhs = try make(.matches(lhs.expression, pattern), lhs.range.lowerBound..<pattern.range.upperBound, childHeight: lhs.height)
            case .binary(let binary):
                let rhs = try expression(precedence.tighter)
                lhs = try make(.binary(binary, lhs.expression, rhs.expression), lhs.range.lowerBound..<rhs.range.upperBound, childHeight: max(lhs.height, rhs.height))
            }
        }
        return lhs
    }

    private mutating func regexLiteral(after operatorToken: Token) throws(ExpressionDiagnostic) -> RegexLiteral {
        let token = current
        guard case .string(let pattern) = token.kind else {
            throw ExpressionDiagnostic(
                .syntax, "matches needs a quoted regular expression on its right, found \(describe(token))",
                at: token.kind == .end ? operatorToken.range : token.range,
                hint: "write e.g. case.customer.email matches \"@example\\.com$\"")
        }
        _ = advance()
        do {
            return RegexLiteral(regex: try RegularExpression(pattern), range: token.range)
        } catch {
            throw ExpressionDiagnostic(.syntax, "invalid regular expression: \(error.message)", at: token.range)
        }
    }

    private mutating func prefix(_ minimum: Precedence) throws(ExpressionDiagnostic) -> Node {
        let token = current
        if token.word == "not" {
            guard minimum <= .not else {
                throw ExpressionDiagnostic(
                    .syntax, "\"not\" cannot stand here without parentheses", at: token.range,
                    hint: "write (not ...)")
            }
            _ = advance()
            try enterNesting(at: token.range)
            let operand = try expression(.not)
            nesting -= 1
            return try make(.unary(.not, operand.expression), token.range.lowerBound..<operand.range.upperBound, childHeight: operand.height)
        }
        if token.kind == .symbol(.minus) {
            _ = advance()
            try enterNesting(at: token.range)
            let operand = try expression(.prefix)
            nesting -= 1
            return try make(.unary(.negate, operand.expression), token.range.lowerBound..<operand.range.upperBound, childHeight: operand.height)
        }
        return try primary()
    }

    private mutating func primary() throws(ExpressionDiagnostic) -> Node {
        let token = advance()
        switch token.kind {
        case .string(let value): return try make(.literal(.string(value)), token.range)
        case .int(let value): return try make(.literal(.int(value)), token.range)
        case .number(let value): return try make(.literal(.number(value)), token.range)
        case .duration(let value): return try make(.literal(.duration(value)), token.range)
        case .word(let word):
            switch word {
            case "true": return try make(.literal(.bool(true)), token.range)
            case "false": return try make(.literal(.bool(false)), token.range)
            case "null": return try make(.literal(.null), token.range)
            case "and", "or", "in", "matches":
                throw ExpressionDiagnostic(.syntax, "expected a value before \"\(word)\"", at: token.range)
            default: break
            }
            if isAt(.leftParen) {
                return try call(name: token, segments: [word])
            }
            return try make(.path(Path(segments: [word])), token.range)
        case .name(let segments):
            if isAt(.leftParen) {
                return try call(name: token, segments: segments)
            }
            return try make(.path(Path(segments: segments)), token.range)
        case .symbol(.leftParen):
            try enterNesting(at: token.range)
            var inner = try expression(.or)
            let close = try expect(.rightParen, closing: token)
            nesting -= 1
            inner.range = token.range.lowerBound..<close.range.upperBound
            return inner
        case .symbol(.leftBracket):
            try enterNesting(at: token.range)
            var elements: [Node] = []
            while !isAt(.rightBracket) {
                elements.append(try expression(.or))
                guard isAt(.comma) else { break }
                _ = advance()
            }
            let close = try expect(.rightBracket, closing: token, hint: "separate list elements with commas")
            nesting -= 1
            return try make(.list(elements.map(\.expression)), token.range.lowerBound..<close.range.upperBound, childHeight: elements.reduce(0) { max($0, $1.height) })
        case .end:
            let previous = index > 0 ? tokens[index - 1] : token
            throw ExpressionDiagnostic(.syntax, "expression ends early; expected a value", at: previous.range.upperBound..<previous.range.upperBound)
        default:
            throw ExpressionDiagnostic(.syntax, "expected a value, found \(describe(token))", at: token.range)
        }
    }

    private mutating func call(name: Token, segments: [String]) throws(ExpressionDiagnostic) -> Node {
        guard segments.count == 1 else {
            throw ExpressionDiagnostic(
                .syntax, "\"\(segments.joined(separator: "."))\" is a path and cannot be called", at: name.range,
                hint: "functions are called as e.g. size(case.threats)")
        }
        let open = advance()
        try enterNesting(at: open.range)
        var arguments: [Node] = []
        while !isAt(.rightParen) {
            arguments.append(try expression(.or))
            guard isAt(.comma) else { break }
            _ = advance()
        }
        let close = try expect(.rightParen, closing: open, hint: "separate arguments with commas")
        nesting -= 1
        let call = Call(name: segments[0], nameRange: name.range, arguments: arguments.map(\.expression))
        return try make(.call(call), name.range.lowerBound..<close.range.upperBound, childHeight: arguments.reduce(0) { max($0, $1.height) })
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
        return advance()
    }

    private mutating func expectEnd() throws(ExpressionDiagnostic) {
        let token = current
        guard token.kind != .end else { return }
        if token.word == "not", tokens[index + 1].word == "in" {
            throw ExpressionDiagnostic(
                .syntax, "\"not in\" is not an operator", at: token.range.lowerBound..<tokens[index + 1].range.upperBound,
                hint: "write not (x in [...])")
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
