/// Why a piece of time syntax (a date, an instant, a time of day, a day key, an hours value) was
/// refused. Parsers in this module never crash on bad input; they return one of these.
///
/// The workflow decoder turns it into a diagnostic: `offset` is the byte offset inside the parsed
/// string (add the string's own position in the file), `hint` becomes the `hint:` line.
public struct TimeParseError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What is wrong, in a sentence a process owner understands.
    public var message: String
    /// Byte offset (UTF-8) in the parsed text where the problem starts.
    public var offset: Int
    /// A suggested fix, e.g. `did you mean "thu"?`.
    public var hint: String?

    /// An error at byte `offset` with an optional hint.
    public init(message: String, offset: Int, hint: String? = nil) {
        self.message = message
        self.offset = offset
        self.hint = hint
    }

    public var description: String {
        hint.map { "\(message) (\($0))" } ?? message
    }
}

/// Byte-level helpers shared by the parsers of this module.
enum Bytes {
    static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 }

    /// Reads exactly `count` digits at `index`; nil if any is missing.
    static func digits(_ bytes: [UInt8], _ index: Int, _ count: Int) -> Int? {
        guard index >= 0, index + count <= bytes.count else { return nil }
        var value = 0
        for i in index..<(index + count) {
            guard isDigit(bytes[i]) else { return nil }
            value = value * 10 + Int(bytes[i] - 0x30)
        }
        return value
    }

    /// The text of `bytes[range]`, for messages.
    static func text(_ bytes: [UInt8], _ range: Range<Int>) -> String {
        String(decoding: bytes[range], as: UTF8.self)
    }

    /// A short quoted rendering of the character at `index`, for messages.
    static func character(_ bytes: [UInt8], at index: Int) -> String {
        guard index < bytes.count else { return "end of text" }
        var end = index + 1
        while end < bytes.count, bytes[end] & 0xC0 == 0x80 { end += 1 }
        return "\"\(text(bytes, index..<end))\""
    }
}

/// Integer division and remainder rounding towards negative infinity.
@inline(__always)
func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
    let q = a / b
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
}

@inline(__always)
func floorMod(_ a: Int64, _ b: Int64) -> Int64 {
    a - floorDiv(a, b) * b
}
