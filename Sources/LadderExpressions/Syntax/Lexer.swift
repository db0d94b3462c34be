import LadderTime

/// A token of the expression language: what it is and where. Tokens hold no text (no `String`,
/// no array), so they are plain bits to copy; the parser reads names and strings from the text
/// only when it builds a node from them.
struct Token: Equatable {
    /// The words the grammar gives a meaning to; any other word is a name.
    enum Keyword: UInt8 {
        case none, not, and, or, `in`, matches, `true`, `false`, null
    }

    enum Kind: Equatable {
        /// A single word: a keyword (`and`, `true`), a function name (`size`) or a one-segment path.
        case word(Keyword)
        /// A dotted name of two or more segments, `case.customer.tier`.
        case name(segments: Int)
        /// A quoted string; `escaped` when it holds a backslash (so it must be decoded).
        case string(escaped: Bool)
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

    /// The keyword of a single word (`.none` for a name, nil for anything else).
    var keyword: Keyword? {
        if case .word(let keyword) = kind { return keyword }
        return nil
    }
}

/// Splits expression text into tokens on demand, reading the text's UTF-8 in place (the caller
/// keeps the buffer alive while lexing). Once it has thrown, it stays failed.
struct Lexer {
    let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0
    /// Whether `next()` has thrown.
    private(set) var hasFailed = false

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// The next token; `.end` at the end of the text, and again after it.
    mutating func next() throws(ExpressionDiagnostic) -> Token {
        do {
            return try scan()
        } catch {
            hasFailed = true
            throw error
        }
    }

    /// The token after the next one would be, without consuming anything.
    mutating func peek() throws(ExpressionDiagnostic) -> Token {
        let saved = index
        defer { index = saved }
        return try next()
    }

    /// Lexes the rest of the text, throwing its first lexical error if it has one (and nothing if
    /// lexing has already failed): a lexical error anywhere in the text is reported before a
    /// grammar error earlier in it, as if the whole text were tokenised before parsing.
    mutating func finish() throws(ExpressionDiagnostic) {
        guard !hasFailed else { return }
        while try next().kind != .end {}
    }

    private mutating func scan() throws(ExpressionDiagnostic) -> Token {
        var index = self.index
        while index < bytes.count, Lexer.isSpace(bytes[index]) { index += 1 }
        self.index = index
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

    // Character classes as bit masks over ASCII: bit `b` of `low` is byte `b`, of `high` byte `b + 64`.
    private static let letterHigh: UInt64 = 0x07FF_FFFE_87FF_FFFE  // A-Z, _, a-z
    private static let digitLow: UInt64 = 0x03FF_0000_0000_0000  // 0-9

    static func isWordStart(_ byte: UInt8) -> Bool {
        byte >= 64 && byte < 128 && (letterHigh >> (byte &- 64)) & 1 != 0
    }

    static func isWordByte(_ byte: UInt8) -> Bool {
        byte < 64 ? (digitLow >> byte) & 1 != 0 : byte < 128 && (letterHigh >> (byte &- 64)) & 1 != 0
    }

    static func isDigit(_ byte: UInt8) -> Bool {
        byte >= 0x30 && byte <= 0x39
    }

    /// The text of a range (invalid UTF-8 repaired), for values and messages.
    func text(_ range: Range<Int>) -> String {
        let bytes = UnsafeBufferPointer(rebasing: self.bytes[range])
        // Short text is built in place: as a small string, ASCII needs no validation pass
        // (`String(decoding:)` checks it first); other bytes are repaired the same way.
        guard bytes.count <= 15, !bytes.isEmpty else { return String(decoding: bytes, as: UTF8.self) }
        return String(unsafeUninitializedCapacity: bytes.count) { buffer in
            _ = buffer.initialize(from: bytes)
            return bytes.count
        }
    }

    // MARK: - Words

    /// Up to eight bytes as one little-endian word, to compare a word with keywords at once.
    private static func packed(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> UInt64 {
        var word: UInt64 = 0
        var shift: UInt64 = 0
        for index in range {
            word |= UInt64(bytes[index]) << shift
            shift += 8
        }
        return word
    }

    /// The keyword a word spells, or `.none`. Spellings are packed little-endian: `or` is
    /// 0x726f ("r" 0x72, "o" 0x6f).
    private func keyword(_ range: Range<Int>) -> Token.Keyword {
        guard range.count >= 2, range.count <= 7 else { return .none }
        switch Lexer.packed(bytes, range) {
        case 0x74_6f6e: return .not
        case 0x64_6e61: return .and
        case 0x726f: return .or
        case 0x6e69: return .in
        case 0x73_6568_6374_616d: return .matches
        case 0x6575_7274: return .true
        case 0x65_736c_6166: return .false
        case 0x6c6c_756e: return .null
        default: return .none
        }
    }

    private mutating func name() throws(ExpressionDiagnostic) -> Token {
        // A local index (not the stored one) stays in a register through the loops.
        let start = self.index
        let count = bytes.count
        var index = start
        while index < count, Lexer.isWordByte(bytes[index]) { index += 1 }
        guard index < count, bytes[index] == UInt8(ascii: ".") else {
            self.index = index
            return Token(kind: .word(keyword(start..<index)), range: start..<index)
        }
        var segments = 1
        while index < count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard index < count, Lexer.isWordStart(bytes[index]) else {
                self.index = index
                throw ExpressionDiagnostic(
                    .syntax, "a path cannot end with \".\"; expected a name after \"\(text(start..<index))\"",
                    at: start..<index)
            }
            segments += 1
            while index < count, Lexer.isWordByte(bytes[index]) { index += 1 }
        }
        self.index = index
        return Token(kind: .name(segments: segments), range: start..<index)
    }

    /// The text of one word (a path segment or a function name). The usual first segment
    /// `case` is a literal, so it costs nothing to create.
    func word(_ range: Range<Int>) -> String {
        if range.count == 4, Lexer.packed(bytes, range) == 0x6573_6163 { return "case" }
        return text(range)
    }

    /// The segments of a `.name` token of `count` segments, in one array of that size.
    func segments(_ range: Range<Int>, count: Int) -> [String] {
        var segments: [String] = []
        segments.reserveCapacity(count)
        var index = range.lowerBound
        while true {
            let start = index
            while index < range.upperBound, bytes[index] != UInt8(ascii: ".") { index += 1 }
            segments.append(word(start..<index))
            guard index < range.upperBound else { return segments }
            index += 1
        }
    }

    // MARK: - Numbers

    private mutating func number() throws(ExpressionDiagnostic) -> Token {
        let start = index
        var value: Int64 = 0
        var overflow = false
        while index < bytes.count, Lexer.isDigit(bytes[index]) {
            let (times10, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(Int64(bytes[index] &- 0x30))
            value = sum
            overflow = overflow || o1 || o2
            index += 1
        }
        var isFraction = false
        if index + 1 < bytes.count, bytes[index] == UInt8(ascii: "."), Lexer.isDigit(bytes[index + 1]) {
            isFraction = true
            index += 1
            while index < bytes.count, Lexer.isDigit(bytes[index]) { index += 1 }
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
        if isFraction {
            let literal = text(start..<index)
            guard let value = Double(literal), value.isFinite else {
                throw ExpressionDiagnostic(.syntax, "number \(literal) is out of range", at: start..<index)
            }
            return Token(kind: .number(value), range: start..<index)
        }
        guard !overflow else {
            throw ExpressionDiagnostic(
                .syntax, "integer \(text(start..<index)) is too large (at most \(Int64.max))", at: start..<index)
        }
        return Token(kind: .int(value), range: start..<index)
    }

    // MARK: - Strings

    /// `"..."` or `'...'`: finds the closing quote (a backslash escapes the byte after it); the
    /// value is decoded by ``stringValue(_:)`` when the parser needs it.
    private mutating func string(quote: UInt8) throws(ExpressionDiagnostic) -> Token {
        let start = self.index
        var index = start + 1
        var escaped = false
        while index < bytes.count {
            let byte = bytes[index]
            if byte == quote {
                index += 1
                self.index = index
                return Token(kind: .string(escaped: escaped), range: start..<index)
            }
            if byte == UInt8(ascii: "\\"), index + 1 < bytes.count {
                escaped = true
                index += 2
                continue
            }
            index += 1
        }
        self.index = index
        let quoteText = quote == UInt8(ascii: "\"") ? "\"" : "'"
        throw ExpressionDiagnostic(
            .syntax, "string is not closed", at: start..<bytes.count,
            hint: "end it with \(quoteText)")
    }

    /// The value of a string token. The escapes `\" \' \\ \n \t` are decoded; any other backslash
    /// is kept with the character after it, so patterns such as `"^\d+$"` read as written.
    func stringValue(_ token: Token) -> String {
        let inner = token.range.lowerBound + 1..<token.range.upperBound - 1
        guard case .string(escaped: true) = token.kind else { return text(inner) }
        var decoded: [UInt8] = []
        decoded.reserveCapacity(inner.count)
        var index = inner.lowerBound
        while index < inner.upperBound {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\\"), index + 1 < inner.upperBound {
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
        return String(decoding: decoded, as: UTF8.self)
    }

    // MARK: - Symbols

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
