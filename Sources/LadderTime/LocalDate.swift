/// A day of the week, Monday first, named as in workflow files (`mon` .. `sun`).
public enum Weekday: Int, CaseIterable, Hashable, Comparable, Sendable, CustomStringConvertible {
    case mon = 0, tue, wed, thu, fri, sat, sun

    /// The name used in workflow files: `mon`, `tue`, ...
    public var name: String {
        switch self {
        case .mon: "mon"
        case .tue: "tue"
        case .wed: "wed"
        case .thu: "thu"
        case .fri: "fri"
        case .sat: "sat"
        case .sun: "sun"
        }
    }

    /// Three-letter English abbreviation for human-readable output: `Mon`, `Tue`, ...
    public var shortName: String {
        switch self {
        case .mon: "Mon"
        case .tue: "Tue"
        case .wed: "Wed"
        case .thu: "Thu"
        case .fri: "Fri"
        case .sat: "Sat"
        case .sun: "Sun"
        }
    }

    /// The weekday written exactly as `mon` .. `sun`; nil for anything else (see `parseDays` for
    /// errors with suggestions).
    public init?(name: String) {
        guard let day = Weekday.allCases.first(where: { $0.name == name }) else { return nil }
        self = day
    }

    /// The weekday of a day counted from 1970-01-01 (a Thursday).
    public init(daysSinceEpoch day: Int64) {
        self = Weekday(rawValue: Int(floorMod(day + 3, 7)))!
    }

    public var description: String { name }

    public static func < (a: Weekday, b: Weekday) -> Bool { a.rawValue < b.rawValue }
}

/// A calendar date without a time or zone, e.g. a holiday `2026-12-24`. Proleptic Gregorian.
public struct LocalDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The year, e.g. 2026 (proleptic Gregorian; 0 is 1 BC).
    public let year: Int
    /// The month, 1...12.
    public let month: Int
    /// The day of the month, 1...31.
    public let day: Int

    /// A validated date; nil if the month or day does not exist (`2026-02-29`, `2026-13-01`).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= LocalDate.daysIn(month: month, year: year),
              abs(year) <= 1_000_000
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// The date of a day counted from 1970-01-01 (day 0).
    public init(daysSinceEpoch days: Int64) {
        let (y, m, d) = Civil.date(fromDays: days)
        self.year = Int(y)
        self.month = Int(m)
        self.day = Int(d)
    }

    /// Days since 1970-01-01 (negative before it).
    public var daysSinceEpoch: Int64 { Civil.days(year: Int64(year), month: Int64(month), day: Int64(day)) }

    /// The day of the week of this date.
    public var weekday: Weekday { Weekday(daysSinceEpoch: daysSinceEpoch) }

    /// The next or previous date `n` days away.
    public func adding(days n: Int64) -> LocalDate { LocalDate(daysSinceEpoch: daysSinceEpoch + n) }

    /// Whether `year` has a February 29.
    public static func isLeap(_ year: Int) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    /// Number of days in a month (1...12) of a year.
    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Parses `YYYY-MM-DD` and checks that the date exists.
    public static func parse(_ text: String) -> Result<LocalDate, TimeParseError> {
        let bytes = Array(text.utf8)
        switch parseDate(bytes, at: 0) {
        case .failure(let error): return .failure(error)
        case .success(let date):
            guard bytes.count == 10 else {
                return .failure(TimeParseError(
                    message: "unexpected \(Bytes.character(bytes, at: 10)) after the date \"\(Bytes.text(bytes, 0..<10))\"",
                    offset: 10, hint: "write a date as YYYY-MM-DD, e.g. 2026-12-24"))
            }
            return .success(date)
        }
    }

    /// Parses `YYYY-MM-DD` starting at `index`, ignoring what follows.
    static func parseDate(_ bytes: [UInt8], at index: Int) -> Result<LocalDate, TimeParseError> {
        let shape = "write a date as YYYY-MM-DD, e.g. 2026-12-24"
        guard let year = Bytes.digits(bytes, index, 4) else {
            return .failure(TimeParseError(message: "expected a four-digit year at \(Bytes.character(bytes, at: firstNonDigit(bytes, index, 4)))",
                                           offset: firstNonDigit(bytes, index, 4), hint: shape))
        }
        guard index + 4 < bytes.count, bytes[index + 4] == UInt8(ascii: "-") else {
            return .failure(TimeParseError(message: "expected \"-\" after the year, found \(Bytes.character(bytes, at: index + 4))",
                                           offset: index + 4, hint: shape))
        }
        guard let month = Bytes.digits(bytes, index + 5, 2) else {
            return .failure(TimeParseError(message: "expected a two-digit month", offset: firstNonDigit(bytes, index + 5, 2), hint: shape))
        }
        guard index + 7 < bytes.count, bytes[index + 7] == UInt8(ascii: "-") else {
            return .failure(TimeParseError(message: "expected \"-\" after the month, found \(Bytes.character(bytes, at: index + 7))",
                                           offset: index + 7, hint: shape))
        }
        guard let day = Bytes.digits(bytes, index + 8, 2) else {
            return .failure(TimeParseError(message: "expected a two-digit day", offset: firstNonDigit(bytes, index + 8, 2), hint: shape))
        }
        guard (1...12).contains(month) else {
            return .failure(TimeParseError(message: "month \(month) does not exist; months are 01 to 12", offset: index + 5))
        }
        guard let date = LocalDate(year: year, month: month, day: day) else {
            let last = LocalDate.daysIn(month: month, year: year)
            return .failure(TimeParseError(
                message: "\(Bytes.text(bytes, index..<(index + 10))) does not exist: \(monthNames[month - 1]) \(year) has \(last) days",
                offset: index + 8))
        }
        return .success(date)
    }

    private static func firstNonDigit(_ bytes: [UInt8], _ index: Int, _ count: Int) -> Int {
        var i = index
        while i < bytes.count, i < index + count, Bytes.isDigit(bytes[i]) { i += 1 }
        return i
    }

    static let monthNames = ["January", "February", "March", "April", "May", "June", "July",
                             "August", "September", "October", "November", "December"]

    /// `2026-12-24`.
    public var description: String {
        let y = year < 0 ? "-" + pad(-year, 4) : pad(year, 4)
        return "\(y)-\(pad(month, 2))-\(pad(day, 2))"
    }

    public static func < (a: LocalDate, b: LocalDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }
}

/// Left-pads a non-negative number with zeros.
func pad(_ value: Int, _ width: Int) -> String {
    let s = String(value)
    return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
}

/// Proleptic Gregorian day arithmetic (H. Hinnant's `days_from_civil` / `civil_from_days`).
enum Civil {
    /// Days since 1970-01-01 of a date; month 1...12.
    @inline(__always)
    static func days(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = floorDiv(y, 400)
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The date of a day counted from 1970-01-01.
    @inline(__always)
    static func date(fromDays days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = floorDiv(z, 146_097)
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}
