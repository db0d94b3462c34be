/// A runtime value of an expression.
///
/// Enum values are plain strings at runtime; their type lives only in the checker. Durations are
/// whole seconds (a `d` is 24 hours and a `w` 7 days in expressions) and times are seconds since
/// the Unix epoch (UTC). Any path may be `null` at runtime.
///
/// The synthesized `==` is structural (`.int(1) != .number(1)`); the expression operator `==`
/// compares numbers by value, see ``Operators``.
public enum Value: Hashable, Sendable {
    case null
    case bool(Bool)
    case int(Int64)
    case number(Double)
    case string(String)
    /// Whole seconds.
    case duration(Int64)
    /// Seconds since 1970-01-01T00:00:00Z.
    case time(Int64)
    case list([Value])

    /// Whether this is `null`.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// Whether this is `true`; `null` and everything else count as false in conditions.
    public var isTrue: Bool {
        if case .bool(true) = self { return true }
        return false
    }
}

extension Value: CustomStringConvertible {
    /// Readable text for traces: `null`, `true`, `42`, `1.5`, `"gold"`, `1h30m`,
    /// `2026-11-20T16:30:00Z`, `["P1", "P2"]`.
    public var description: String {
        switch self {
        case .null: "null"
        case .bool(let value): value ? "true" : "false"
        case .int(let value): String(value)
        case .number(let value): Value.format(number: value)
        case .string(let value): Value.quote(value)
        case .duration(let seconds): Value.format(duration: seconds)
        case .time(let seconds): Value.format(time: seconds)
        case .list(let values): "[" + values.map(\.description).joined(separator: ", ") + "]"
        }
    }

    /// Numbers without a needless `.0`: `100000`, `1.5`.
    static func format(number: Double) -> String {
        if number.isFinite, number == number.rounded(), abs(number) < 1e15 {
            return String(Int64(number))
        }
        return String(number)
    }

    /// A string literal that reads back as the same string.
    static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// Durations in the units a process owner writes: `1h30m`, `2d4h`, `-15m`, `0s`.
    static func format(duration seconds: Int64) -> String {
        if seconds == 0 { return "0s" }
        var out = seconds < 0 ? "-" : ""
        var rest = seconds.magnitude
        let parts: [(UInt64, String)] = [(86_400, "d"), (3600, "h"), (60, "m"), (1, "s")]
        for (size, unit) in parts where rest >= size {
            out += "\(rest / size)\(unit)"
            rest %= size
        }
        return out
    }

    /// Times as ISO 8601 in UTC, `2026-11-20T16:30:00Z`; outside years 0...9999, raw seconds.
    static func format(time seconds: Int64) -> String {
        // Years 0...9999 span about ±2.6e11 seconds around 1970; beyond that, don't pretend.
        guard seconds >= -62_167_219_200, seconds < 253_402_300_800 else { return "@\(seconds)" }
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = civil(fromDays: days)
        func two(_ n: Int64) -> String { n < 10 ? "0\(n)" : "\(n)" }
        var yearText = String(year)
        while yearText.count < 4 { yearText = "0" + yearText }
        return "\(yearText)-\(two(month))-\(two(day))T\(two(secondOfDay / 3600)):\(two(secondOfDay % 3600 / 60)):\(two(secondOfDay % 60))Z"
    }

    /// Proleptic Gregorian date of a day count since 1970-01-01 (Howard Hinnant's algorithm).
    static func civil(fromDays days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
