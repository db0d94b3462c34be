import LadderTime

/// A token of the expression language.
struct Token: Equatable {
    enum Kind: Equatable {
        /// A single word: a keyword (`and`, `true`), a function name (`size`) or a one-segment path.
        case word(String)
        /// A dotted name of two or more segments, `case.customer.tier`.
        case name([String])
        case string(String)
        case int(Int64)
        case number(Double)
        case duration(DurationValue)
        case symbol(Symbol)
        case end
    }

    enum Symbol: String {
        case leftParen = "(", rightParen = ")", leftBracket = "[", rightBracket = "]", comma = ","
        case equal = "==", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
        case plus = "+", minus = "-", star = "*", slash = "/"
    }

    var kind: Kind
    var range: Range<Int>

    /// The word of a one-segment name, for keywords.
    var word: String? {
        if case .word(let word) = kind { return word }
        return nil
    }
}

/// Splits expression text into tokens, stopping at the first error. Reads the text's UTF-8 in
/// place (no copy of the bytes).
struct Lexer {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0

    private init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// Every token, ending with `.end`.
    static func tokens(of text: String) throws(ExpressionDiagnostic) -> [Token] {
        var text = text
        return try text.withUTF8 { buffer -> Result<[Token], ExpressionDiagnostic> in
            var lexer = Lexer(buffer)
            var tokens: [Token] = []
            tokens.reserveCapacity(buffer.count / 4 + 2)
            do throws(ExpressionDiagnostic) {
                while true {
                    let token = try lexer.next()
                    tokens.append(token)
                    if case .end = token.kind { return .success(tokens) }
                }
            } catch {
                return .failure(error)
            }
        }.get()
    }

    private mutating func next() throws(ExpressionDiagnostic) -> Token {
        while index < bytes.count, Lexer.isSpace(bytes[index]) { index += 1 }
        let start = index
        guard index < bytes.count else { return Token(kind: .end, range: start..<start) }
        let byte = bytes[index]
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "'"):
            return try string(quote: byte)
        case UInt8(ascii: "0")...UInt8(ascii: "9"):
            return try number()
        case _ where Lexer.isWordStart(byte):
            return try name()
        default:
            return try symbol()
        }
    }

    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    static func isWordStart(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || byte == UInt8(ascii: "_")
    }

    static func isWordByte(_ byte: UInt8) -> Bool {
        isWordStart(byte) || (byte >= 0x30 && byte <= 0x39)
    }

    private func text(_ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }

    private mutating func name() throws(ExpressionDiagnostic) -> Token {
        let start = index
        while index < bytes.count, Lexer.isWordByte(bytes[index]) { index += 1 }
        // A single word (keywords, most function names) needs no array.
        guard index < bytes.count, bytes[index] == UInt8(ascii: ".") else {
            return Token(kind: .word(text(start..<index)), range: start..<index)
        }
        // A dotted path: count its segments first, so the array is allocated once at its size.
        var count = 1
        var scan = index
        while scan < bytes.count, bytes[scan] == UInt8(ascii: ".") {
            count += 1
            scan += 1
            while scan < bytes.count, Lexer.isWordByte(bytes[scan]) { scan += 1 }
        }
        index = start
        var segments: [String] = []
        segments.reserveCapacity(count)
        while true {
            let segmentStart = index
            while index < bytes.count, Lexer.isWordByte(bytes[index]) { index += 1 }
            segments.append(text(segmentStart..<index))
            guard index < bytes.count, bytes[index] == UInt8(ascii: ".") else { break }
            index += 1
            guard index < bytes.count, Lexer.isWordStart(bytes[index]) else {
                throw ExpressionDiagnostic(
                    .syntax, "a path cannot end with \".\"; expected a name after \"\(text(start..<index))\"",
                    at: start..<index)
            }
        }
        return Token(kind: .name(segments), range: start..<index)
    }

    private mutating func number() throws(ExpressionDiagnostic) -> Token {
        let start = index
        while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 { index += 1 }
        var isFraction = false
        if index + 1 < bytes.count, bytes[index] == UInt8(ascii: "."), bytes[index + 1] >= 0x30, bytes[index + 1] <= 0x39 {
            isFraction = true
            index += 1
            while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 { index += 1 }
        }
        if index < bytes.count, Lexer.isWordStart(bytes[index]) {
            while index < bytes.count, Lexer.isWordByte(bytes[index]) { index += 1 }
            let literal = text(start..<index)
            if isFraction {
                throw ExpressionDiagnostic(
                    .syntax, "durations take whole numbers, \"\(literal)\" does not",
                    at: start..<index, hint: "combine units instead, e.g. 1h30m for an hour and a half")
            }
            switch DurationValue.parse(literal) {
            case .success(let duration):
                return Token(kind: .duration(duration), range: start..<index)
            case .failure(let error):
                throw ExpressionDiagnostic(.syntax, error.message, at: start..<index)
            }
        }
        let literal = text(start..<index)
        if isFraction {
            guard let value = Double(literal), value.isFinite else {
                throw ExpressionDiagnostic(.syntax, "number \(literal) is out of range", at: start..<index)
            }
            return Token(kind: .number(value), range: start..<index)
        }
        guard let value = Int64(literal) else {
            throw ExpressionDiagnostic(
                .syntax, "integer \(literal) is too large (at most \(Int64.max))", at: start..<index)
        }
        return Token(kind: .int(value), range: start..<index)
    }

    /// `"..."` or `'...'`. The escapes `\" \' \\ \n \t` are decoded; any other backslash is kept
    /// with the character after it, so patterns such as `"^\d+$"` read as written.
    private mutating func string(quote: UInt8) throws(ExpressionDiagnostic) -> Token {
        let start = index
        index += 1
        // Fast path: no escape before the closing quote.
        var end = index
        while end < bytes.count, bytes[end] != quote, bytes[end] != UInt8(ascii: "\\") { end += 1 }
        if end < bytes.count, bytes[end] == quote {
            let value = text(index..<end)
            index = end + 1
            return Token(kind: .string(value), range: start..<index)
        }
        var decoded: [UInt8] = []
        while index < bytes.count {
            let byte = bytes[index]
            if byte == quote {
                index += 1
                return Token(kind: .string(String(decoding: decoded, as: UTF8.self)), range: start..<index)
            }
            if byte == UInt8(ascii: "\\"), index + 1 < bytes.count {
                let escaped = bytes[index + 1]
                switch escaped {
                case UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "\\"): decoded.append(escaped)
                case UInt8(ascii: "n"): decoded.append(0x0A)
                case UInt8(ascii: "t"): decoded.append(0x09)
                default: decoded.append(contentsOf: [byte, escaped])
                }
                index += 2
                continue
            }
            decoded.append(byte)
            index += 1
        }
        let quoteText = quote == UInt8(ascii: "\"") ? "\"" : "'"
        throw ExpressionDiagnostic(
            .syntax, "string is not closed", at: start..<bytes.count,
            hint: "end it with \(quoteText)")
    }

    private mutating func symbol() throws(ExpressionDiagnostic) -> Token {
        let start = index
        let byte = bytes[index]
        let following: UInt8? = index + 1 < bytes.count ? bytes[index + 1] : nil
        func token(_ symbol: Token.Symbol, length: Int = 1) -> Token {
            index += length
            return Token(kind: .symbol(symbol), range: start..<index)
        }
        switch byte {
        case UInt8(ascii: "("): return token(.leftParen)
        case UInt8(ascii: ")"): return token(.rightParen)
        case UInt8(ascii: "["): return token(.leftBracket)
        case UInt8(ascii: "]"): return token(.rightBracket)
        case UInt8(ascii: ","): return token(.comma)
        case UInt8(ascii: "+"): return token(.plus)
        case UInt8(ascii: "-"): return token(.minus)
        case UInt8(ascii: "*"): return token(.star)
        case UInt8(ascii: "/"): return token(.slash)
        case UInt8(ascii: "<"): return following == UInt8(ascii: "=") ? token(.lessOrEqual, length: 2) : token(.less)
        case UInt8(ascii: ">"): return following == UInt8(ascii: "=") ? token(.greaterOrEqual, length: 2) : token(.greater)
        case UInt8(ascii: "="):
            if following == UInt8(ascii: "=") { return token(.equal, length: 2) }
            throw ExpressionDiagnostic(
                .syntax, "\"=\" is not an operator in expressions", at: start..<start + 1,
                hint: "write == to compare")
        case UInt8(ascii: "!"):
            if following == UInt8(ascii: "=") { return token(.notEqual, length: 2) }
            throw ExpressionDiagnostic(
                .syntax, "\"!\" is not an operator in expressions", at: start..<start + 1,
                hint: "write not, e.g. not stage.resolve.done")
        case UInt8(ascii: "&"), UInt8(ascii: "|"):
            let length = following == byte ? 2 : 1
            let word = byte == UInt8(ascii: "&") ? "and" : "or"
            throw ExpressionDiagnostic(
                .syntax, "\"\(text(start..<start + length))\" is not an operator in expressions",
                at: start..<start + length, hint: "write \(word)")
        case UInt8(ascii: "."):
            throw ExpressionDiagnostic(
                .syntax, "unexpected \".\"", at: start..<start + 1,
                hint: "paths are written without spaces, e.g. case.customer.tier; numbers as 0.5")
        default:
            let length = Lexer.scalarLength(leadingByte: byte, available: bytes.count - start)
            throw ExpressionDiagnostic(
                .syntax, "unexpected character \"\(text(start..<start + length))\"", at: start..<start + length)
        }
    }

    /// The byte length of the UTF-8 sequence starting with `leadingByte`, so ranges never split a character.
    static func scalarLength(leadingByte: UInt8, available: Int) -> Int {
        let length = switch leadingByte {
        case 0xF0...0xF7: 4
        case 0xE0...0xEF: 3
        case 0xC0...0xDF: 2
        default: 1
        }
        return min(length, available)
    }
}
