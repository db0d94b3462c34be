/// A duration as written in a workflow: `30s`, `15m`, `4h`, `2d`, `1w`, `1h30m`.
///
/// Seconds, minutes and hours are exact amounts. Days and weeks are kept apart because on a
/// business calendar they mean open days and open weeks (see `BusinessCalendar.openSeconds(of:)`);
/// on the 24x7 `always` calendar and in expressions, a day is 24 hours and a week 7 days.
public struct DurationValue: Hashable, Sendable, CustomStringConvertible {
    /// The exact part: seconds + minutes + hours, in seconds.
    public var seconds: Int64
    public var days: Int64
    public var weeks: Int64

    public init(seconds: Int64 = 0, days: Int64 = 0, weeks: Int64 = 0) {
        self.seconds = seconds
        self.days = days
        self.weeks = weeks
    }

    public static let zero = DurationValue()

    /// Whether the duration uses `d` or `w`, whose meaning depends on the calendar.
    public var usesCalendarUnits: Bool { days != 0 || weeks != 0 }

    /// The duration in seconds with a day of 24 hours and a week of 7 days.
    public var wallSeconds: Int64 {
        let (d, o1) = days.multipliedReportingOverflow(by: 86_400)
        let (w, o2) = weeks.multipliedReportingOverflow(by: 604_800)
        let (a, o3) = seconds.addingReportingOverflow(d)
        let (b, o4) = a.addingReportingOverflow(w)
        return (o1 || o2 || o3 || o4) ? Int64.max : b
    }

    /// Largest amount accepted in a literal (about 100 years), so arithmetic never overflows.
    public static let maximumSeconds: Int64 = 100 * 366 * 86_400

    /// The reason a literal was refused.
    public struct ParseError: Error, Equatable, Sendable, CustomStringConvertible {
        public var message: String
        /// Byte offset in the literal where the problem is.
        public var offset: Int
        public var description: String { message }
    }

    /// Parses `1h30m`, `2d`, `90s`, `1w2d`. Units: `s`, `m`, `h`, `d`, `w`; each at most once, largest first.
    public static func parse(_ text: String) -> Result<DurationValue, ParseError> {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty else {
            return .failure(ParseError(message: "empty duration; write e.g. 30m, 4h, 2d or 1h30m", offset: 0))
        }
        var index = 0
        var result = DurationValue()
        var lastRank = Int.max
        while index < bytes.count {
            let numberStart = index
            var number: Int64 = 0
            while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 {
                number = number &* 10 &+ Int64(bytes[index] - 0x30)
                if number > maximumSeconds || index - numberStart > 12 {
                    return .failure(ParseError(message: "duration \"\(text)\" is too large (at most 100 years)", offset: numberStart))
                }
                index += 1
            }
            guard index > numberStart else {
                return .failure(ParseError(message: "\"\(text)\" is not a duration; write a number followed by a unit (s, m, h, d, w), e.g. 30m or 1h30m", offset: index))
            }
            guard index < bytes.count else {
                return .failure(ParseError(message: "duration \"\(text)\" is missing a unit after \(number); use s, m, h, d or w", offset: index))
            }
            let rank: Int
            switch bytes[index] {
            case UInt8(ascii: "w"): rank = 4; result.weeks = number
            case UInt8(ascii: "d"): rank = 3; result.days = number
            case UInt8(ascii: "h"): rank = 2; result.seconds += number * 3600
            case UInt8(ascii: "m"): rank = 1; result.seconds += number * 60
            case UInt8(ascii: "s"): rank = 0; result.seconds += number
            default:
                let unit = String(decoding: bytes[index...].prefix { !($0 >= 0x30 && $0 <= 0x39) }, as: UTF8.self)
                return .failure(ParseError(message: "unknown duration unit \"\(unit)\" in \"\(text)\"; use s, m, h, d or w", offset: index))
            }
            guard rank < lastRank else {
                return .failure(ParseError(message: "duration \"\(text)\" repeats a unit or lists a smaller unit before a larger one; write e.g. 1h30m", offset: index))
            }
            lastRank = rank
            index += 1
        }
        guard result.wallSeconds <= maximumSeconds else {
            return .failure(ParseError(message: "duration \"\(text)\" is too large (at most 100 years)", offset: 0))
        }
        return .success(result)
    }

    /// Canonical text: `1w2d3h4m5s`, `0s` for zero.
    public var description: String {
        var out = ""
        if weeks != 0 { out += "\(weeks)w" }
        if days != 0 { out += "\(days)d" }
        out += DurationValue.format(seconds: seconds, zero: out.isEmpty ? "0s" : "")
        return out
    }

    /// Formats an exact number of seconds as `2h30m`, `45s`, `-15m`.
    public static func format(seconds value: Int64, zero: String = "0s") -> String {
        if value == 0 { return zero }
        var out = value < 0 ? "-" : ""
        var rest = value.magnitude
        let h = rest / 3600; rest %= 3600
        let m = rest / 60; rest %= 60
        if h != 0 { out += "\(h)h" }
        if m != 0 { out += "\(m)m" }
        if rest != 0 { out += "\(rest)s" }
        return out
    }
}
