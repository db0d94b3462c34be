/// Why a regular expression was refused.
public struct RegexSyntaxError: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// The syntax tree of a regular expression.
indirect enum RegexNode: Equatable {
    case empty
    case scalar(UInt32)
    /// `.`: any character but a newline.
    case any
    case set(ScalarSet)
    case concatenation([RegexNode])
    case alternation([RegexNode])
    /// `max == nil` means unbounded.
    case repetition(RegexNode, min: Int, max: Int?)
    case textStart
    case textEnd
}

/// A character class: ranges of scalars, possibly negated.
struct ScalarSet: Equatable, Sendable {
    var ranges: [ClosedRange<UInt32>] = []
    var negated = false

    /// Whether the ranges cover `scalar`, before any negation.
    func covers(_ scalar: UInt32) -> Bool {
        for range in ranges where range.contains(scalar) { return true }
        return false
    }

    static let digits = ScalarSet(ranges: [0x30...0x39])
    static let word = ScalarSet(ranges: [0x30...0x39, 0x41...0x5A, 0x5F...0x5F, 0x61...0x7A])
    static let space = ScalarSet(ranges: [0x09...0x0D, 0x20...0x20])
}

/// Parses the supported syntax: literals, `.`, `[a-z0-9_-]`, `[^...]`, `\d \w \s \D \W \S`,
/// escaped punctuation, `\n \t \r`, `* + ?` (a trailing `?` for laziness is accepted and changes
/// nothing, since only whether a match exists matters), `{m}` `{m,}` `{m,n}`, `|`, `(...)`,
/// `(?:...)`, `^`, `$`, and a leading `(?i)` for ASCII case-insensitive matching.
struct RegexParser {
    static let maximumGroupNesting = 32
    static let maximumRepeat = 1000

    private let scalars: [UInt32]
    private var index = 0
    private var nesting = 0

    private init(_ pattern: String) {
        scalars = pattern.unicodeScalars.map(\.value)
    }

    static func parse(_ pattern: String) throws(RegexSyntaxError) -> (node: RegexNode, caseInsensitive: Bool) {
        var parser = RegexParser(pattern)
        var caseInsensitive = false
        if parser.scalars.starts(with: "(?i)".unicodeScalars.map(\.value)) {
            caseInsensitive = true
            parser.index = 4
        }
        let node = try parser.alternation()
        if parser.index < parser.scalars.count {
            // Only an unmatched ")" stops an alternation early.
            throw RegexSyntaxError(message: "unmatched \")\"")
        }
        return (node, caseInsensitive)
    }

    private var current: UInt32? { index < scalars.count ? scalars[index] : nil }

    private func character(_ value: UInt32) -> String {
        Unicode.Scalar(value).map { String(Character($0)) } ?? "?"
    }

    private mutating func alternation() throws(RegexSyntaxError) -> RegexNode {
        var branches = [try concatenation()]
        while current == ascii("|") {
            index += 1
            branches.append(try concatenation())
        }
        return branches.count == 1 ? branches[0] : .alternation(branches)
    }

    private mutating func concatenation() throws(RegexSyntaxError) -> RegexNode {
        var items: [RegexNode] = []
        while let scalar = current, scalar != ascii("|"), scalar != ascii(")") {
            items.append(try repetition())
        }
        switch items.count {
        case 0: return .empty
        case 1: return items[0]
        default: return .concatenation(items)
        }
    }

    private mutating func repetition() throws(RegexSyntaxError) -> RegexNode {
        let atom = try self.atom()
        guard let bounds = try quantifier() else { return atom }
        switch atom {
        case .textStart, .textEnd, .empty:
            throw RegexSyntaxError(message: "nothing to repeat before \"\(character(scalars[index - 1]))\"")
        default:
            break
        }
        if current == ascii("?") { index += 1 }  // lazy: same answer for "is there a match"
        if let next = current, next == ascii("*") || next == ascii("+") || next == ascii("?") || next == ascii("{") && quantifierFollows() {
            throw RegexSyntaxError(message: "two quantifiers in a row (\"\(character(next))\"); put the first in a group")
        }
        return .repetition(atom, min: bounds.min, max: bounds.max)
    }

    private func quantifierFollows() -> Bool {
        var probe = self
        return (try? probe.quantifier()) != nil
    }

    /// `*`, `+`, `?`, `{m}`, `{m,}`, `{m,n}`; a `{` that starts none of these is a literal.
    private mutating func quantifier() throws(RegexSyntaxError) -> (min: Int, max: Int?)? {
        guard let scalar = current else { return nil }
        switch scalar {
        case ascii("*"): index += 1; return (0, nil)
        case ascii("+"): index += 1; return (1, nil)
        case ascii("?"): index += 1; return (0, 1)
        case ascii("{"):
            var probe = index + 1
            func number() -> Int? {
                let start = probe
                var value = 0
                while probe < scalars.count, scalars[probe] >= 0x30, scalars[probe] <= 0x39, probe - start < 6 {
                    value = value * 10 + Int(scalars[probe] - 0x30)
                    probe += 1
                }
                return probe > start ? value : nil
            }
            guard let minimum = number() else { return nil }
            var maximum: Int? = minimum
            if probe < scalars.count, scalars[probe] == ascii(",") {
                probe += 1
                maximum = number()
            }
            guard probe < scalars.count, scalars[probe] == ascii("}") else { return nil }
            index = probe + 1
            if minimum > RegexParser.maximumRepeat || (maximum ?? 0) > RegexParser.maximumRepeat {
                throw RegexSyntaxError(message: "repetition count above \(RegexParser.maximumRepeat)")
            }
            if let maximum, maximum < minimum {
                throw RegexSyntaxError(message: "repetition {\(minimum),\(maximum)} has its maximum below its minimum")
            }
            return (minimum, maximum)
        default:
            return nil
        }
    }

    private mutating func atom() throws(RegexSyntaxError) -> RegexNode {
        guard let scalar = current else { return .empty }
        index += 1
        switch scalar {
        case ascii("."): return .any
        case ascii("^"): return .textStart
        case ascii("$"): return .textEnd
        case ascii("["): return .set(try set())
        case ascii("\\"): return try escape(inSet: false)
        case ascii("*"), ascii("+"), ascii("?"):
            throw RegexSyntaxError(message: "nothing to repeat before \"\(character(scalar))\"")
        case ascii("("):
            if current == ascii("?") {
                guard index + 1 < scalars.count, scalars[index + 1] == ascii(":") else {
                    throw RegexSyntaxError(message: "unsupported group \"(?\"; only (?:...) and a leading (?i) are supported")
                }
                index += 2
            }
            nesting += 1
            if nesting > RegexParser.maximumGroupNesting {
                throw RegexSyntaxError(message: "groups nested more than \(RegexParser.maximumGroupNesting) deep")
            }
            let inner = try alternation()
            guard current == ascii(")") else { throw RegexSyntaxError(message: "missing \")\"") }
            index += 1
            nesting -= 1
            return inner
        default:
            return .scalar(scalar)
        }
    }

    /// After a backslash.
    private mutating func escape(inSet: Bool) throws(RegexSyntaxError) -> RegexNode {
        guard let scalar = current else { throw RegexSyntaxError(message: "pattern ends with a lone backslash") }
        index += 1
        switch scalar {
        case ascii("d"): return .set(.digits)
        case ascii("w"): return .set(.word)
        case ascii("s"): return .set(.space)
        case ascii("D"), ascii("W"), ascii("S"):
            if inSet { throw RegexSyntaxError(message: "\\\(character(scalar)) is not supported inside [...]") }
            var set: ScalarSet = scalar == ascii("D") ? .digits : scalar == ascii("W") ? .word : .space
            set.negated = true
            return .set(set)
        case ascii("n"): return .scalar(0x0A)
        case ascii("t"): return .scalar(0x09)
        case ascii("r"): return .scalar(0x0D)
        default:
            let isAlphanumeric = (scalar >= 0x30 && scalar <= 0x39) || (scalar >= 0x41 && scalar <= 0x5A) || (scalar >= 0x61 && scalar <= 0x7A)
            if isAlphanumeric {
                throw RegexSyntaxError(message: "unsupported escape \\\(character(scalar))")
            }
            return .scalar(scalar)
        }
    }

    /// After `[`.
    private mutating func set() throws(RegexSyntaxError) -> ScalarSet {
        var result = ScalarSet()
        if current == ascii("^") {
            result.negated = true
            index += 1
        }
        var first = true
        while true {
            guard let scalar = current else { throw RegexSyntaxError(message: "missing \"]\"") }
            if scalar == ascii("]"), !first {
                index += 1
                return result
            }
            first = false
            index += 1
            var low = scalar
            if scalar == ascii("\\") {
                switch try escape(inSet: true) {
                case .scalar(let value): low = value
                case .set(let shorthand):
                    result.ranges += shorthand.ranges
                    continue
                default: throw RegexSyntaxError(message: "unsupported escape in [...]")
                }
            }
            // A range `a-z`, unless the `-` is last (`[a-]`).
            if current == ascii("-"), index + 1 < scalars.count, scalars[index + 1] != ascii("]") {
                index += 1
                var high = scalars[index]
                index += 1
                if high == ascii("\\") {
                    guard case .scalar(let value) = try escape(inSet: true) else {
                        throw RegexSyntaxError(message: "a class shorthand cannot end a range")
                    }
                    high = value
                }
                guard low <= high else {
                    throw RegexSyntaxError(message: "range \(character(low))-\(character(high)) is backwards")
                }
                result.ranges.append(low...high)
            } else {
                result.ranges.append(low...low)
            }
        }
    }
}

@inline(__always)
func ascii(_ character: Unicode.Scalar) -> UInt32 { character.value }
