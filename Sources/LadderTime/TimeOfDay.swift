/// A wall-clock time of day at minute resolution, `00:00` ... `24:00`.
///
/// `24:00` (1440 minutes) is the end of the day; it is only accepted as the end of an open range.
public struct TimeOfDay: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Minutes since midnight, 0...1440.
    public let minutes: Int

    /// The end of the day, `24:00`.
    public static let endOfDay = TimeOfDay(uncheckedMinutes: 1440)
    /// Midnight at the start of the day, `00:00`.
    public static let midnight = TimeOfDay(uncheckedMinutes: 0)

    /// A time from minutes since midnight; nil outside 0...1440.
    public init?(minutes: Int) {
        guard (0...1440).contains(minutes) else { return nil }
        self.minutes = minutes
    }

    /// A time from hour (0...24) and minute (0...59); `24:00` is the only time with hour 24.
    public init?(hour: Int, minute: Int) {
        guard (0...24).contains(hour), (0...59).contains(minute), hour < 24 || minute == 0 else { return nil }
        self.minutes = hour * 60 + minute
    }

    init(uncheckedMinutes: Int) { self.minutes = uncheckedMinutes }

    /// Seconds since midnight.
    public var secondsSinceMidnight: Int64 { Int64(minutes) * 60 }

    /// `08:00`, `24:00`.
    public var description: String { "\(pad(minutes / 60, 2)):\(pad(minutes % 60, 2))" }

    public static func < (a: TimeOfDay, b: TimeOfDay) -> Bool { a.minutes < b.minutes }

    /// Parses `HH:MM`. A one-digit hour is accepted (`8:00` is `08:00`); minutes need two digits.
    /// `24:00` is accepted only when `allowEndOfDay` is true (the end of a range).
    public static func parse(_ text: String, allowEndOfDay: Bool = false) -> Result<TimeOfDay, TimeParseError> {
        let bytes = Array(text.utf8)
        switch parse(bytes, at: 0, allowEndOfDay: allowEndOfDay) {
        case .failure(let error): return .failure(error)
        case .success(let (time, end)):
            guard end == bytes.count else {
                return .failure(TimeParseError(message: "unexpected \(Bytes.character(bytes, at: end)) after the time \(time)",
                                               offset: end, hint: "write a time as HH:MM, e.g. 08:00"))
            }
            return .success(time)
        }
    }

    /// Parses `H:MM` or `HH:MM` at `index`; returns the time and the index after it.
    static func parse(_ bytes: [UInt8], at index: Int, allowEndOfDay: Bool) -> Result<(TimeOfDay, Int), TimeParseError> {
        let shape = "write a time as HH:MM, e.g. 08:00"
        var i = index
        var hour = 0
        while i < bytes.count, Bytes.isDigit(bytes[i]), i - index < 3 {
            hour = hour * 10 + Int(bytes[i] - 0x30)
            i += 1
        }
        let hourDigits = i - index
        guard hourDigits > 0 else {
            return .failure(TimeParseError(message: "expected a time, found \(Bytes.character(bytes, at: index))", offset: index, hint: shape))
        }
        guard hourDigits <= 2 else {
            return .failure(TimeParseError(message: "\"\(Bytes.text(bytes, index..<i))\" is not an hour", offset: index, hint: shape))
        }
        guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else {
            let found = Bytes.character(bytes, at: i)
            return .failure(TimeParseError(message: "expected \":\" after the hour \(hour), found \(found)", offset: i, hint: shape))
        }
        guard let minute = Bytes.digits(bytes, i + 1, 2) else {
            return .failure(TimeParseError(message: "expected two digits of minutes after \"\(Bytes.text(bytes, index..<(i + 1)))\"",
                                           offset: i + 1, hint: shape))
        }
        let end = i + 3
        if end < bytes.count, Bytes.isDigit(bytes[end]) {
            return .failure(TimeParseError(message: "too many digits in the minutes of \"\(Bytes.text(bytes, index..<(end + 1)))\"",
                                           offset: end, hint: shape))
        }
        guard hour <= 24 else {
            return .failure(TimeParseError(message: "hour \(hour) does not exist; hours are 00 to 23 (24:00 ends a day)", offset: index))
        }
        guard minute <= 59 else {
            return .failure(TimeParseError(message: "minute \(pad(minute, 2)) does not exist; minutes are 00 to 59", offset: i + 1))
        }
        if hour == 24 {
            guard minute == 0 else {
                return .failure(TimeParseError(message: "24:\(pad(minute, 2)) does not exist; the day ends at 24:00", offset: index))
            }
            guard allowEndOfDay else {
                return .failure(TimeParseError(message: "24:00 can only end a range", offset: index,
                                               hint: "a range starting at midnight starts at 00:00"))
            }
        }
        return .success((TimeOfDay(uncheckedMinutes: hour * 60 + minute), end))
    }
}

/// A half-open range of wall-clock time within one day, `[start, end)`, e.g. `08:00-18:00`.
/// `00:00-24:00` is the whole day. Always `start < end`.
public struct OpenRange: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The first open minute.
    public let start: TimeOfDay
    /// The end, exclusive; `24:00` for the end of the day.
    public let end: TimeOfDay

    /// A range; nil unless `start < end`.
    public init?(start: TimeOfDay, end: TimeOfDay) {
        guard start < end else { return nil }
        self.start = start
        self.end = end
    }

    /// The whole day, `00:00-24:00`.
    public static let wholeDay = OpenRange(start: .midnight, end: .endOfDay)!

    /// Length in seconds.
    public var seconds: Int64 { Int64(end.minutes - start.minutes) * 60 }

    /// Whether the two ranges share at least one minute (touching ranges do not overlap).
    public func overlaps(_ other: OpenRange) -> Bool {
        start < other.end && other.start < end
    }

    /// `08:00-18:00`.
    public var description: String { "\(start)-\(end)" }

    public static func < (a: OpenRange, b: OpenRange) -> Bool {
        (a.start, a.end) < (b.start, b.end)
    }

    /// Parses an hours value: `"08:00-18:00"`, `"08:00-12:00, 13:00-17:00"`, `"00:00-24:00"`;
    /// `closed` or an empty/blank value means no open time.
    ///
    /// Ranges may be written in any order and are returned sorted; touching ranges
    /// (`08:00-12:00, 12:00-17:00`) are fine, overlapping ones are an error.
    public static func parseList(_ text: String) -> Result<[OpenRange], TimeParseError> {
        switch parseListWithOffsets(text) {
        case .success(let list): return .success(list.map(\.range))
        case .failure(let error): return .failure(error)
        }
    }

    /// Like `parseList`, keeping the byte offset of each range in the text.
    static func parseListWithOffsets(_ text: String) -> Result<[(range: OpenRange, offset: Int)], TimeParseError> {
        let bytes = Array(text.utf8)
        var i = 0
        func skipSpaces() { while i < bytes.count, Bytes.isSpace(bytes[i]) { i += 1 } }
        skipSpaces()
        if i == bytes.count { return .success([]) }
        if Bytes.text(bytes, i..<bytes.count).trimmingTrailingSpaces() == "closed" { return .success([]) }
        let shape = "write hours as HH:MM-HH:MM, several separated by commas, e.g. \"08:00-12:00, 13:00-17:00\", or closed"
        var result: [(range: OpenRange, offset: Int)] = []
        while true {
            skipSpaces()
            let rangeStart = i
            if i == bytes.count {
                return .failure(TimeParseError(message: "expected a range after \",\"", offset: i, hint: shape))
            }
            let start: TimeOfDay
            switch TimeOfDay.parse(bytes, at: i, allowEndOfDay: false) {
            case .failure(var error):
                if error.hint == nil || error.hint?.hasPrefix("write a time") == true { error.hint = shape }
                if result.isEmpty, i == rangeStart, !bytes.isEmpty, !Bytes.isDigit(bytes[i]) {
                    error.message = "\"\(text)\" is not an hours value"
                }
                return .failure(error)
            case .success(let (time, next)):
                start = time
                i = next
            }
            skipSpaces()
            guard i < bytes.count, bytes[i] == UInt8(ascii: "-") else {
                return .failure(TimeParseError(message: "expected \"-\" and an end time after \(start), found \(Bytes.character(bytes, at: i))",
                                               offset: i, hint: shape))
            }
            i += 1
            skipSpaces()
            let endOffset = i
            let end: TimeOfDay
            switch TimeOfDay.parse(bytes, at: i, allowEndOfDay: true) {
            case .failure(var error):
                if error.hint?.hasPrefix("write a time") == true { error.hint = shape }
                return .failure(error)
            case .success(let (time, next)):
                end = time
                i = next
            }
            guard let range = OpenRange(start: start, end: end) else {
                return .failure(TimeParseError(
                    message: "range \(start)-\(end) ends before it starts",
                    offset: endOffset,
                    hint: end.minutes == 0
                        ? "the end of the day is written 24:00"
                        : "a range cannot cross midnight; split it, e.g. \(start)-24:00 on one day and 00:00-\(end) on the next"))
            }
            for earlier in result where earlier.range.overlaps(range) {
                return .failure(TimeParseError(message: "ranges \(earlier.range) and \(range) overlap", offset: rangeStart,
                                               hint: "give each range once; touching ranges like 08:00-12:00, 12:00-17:00 are fine"))
            }
            result.append((range, rangeStart))
            skipSpaces()
            if i == bytes.count { break }
            guard bytes[i] == UInt8(ascii: ",") else {
                return .failure(TimeParseError(message: "expected \",\" between ranges, found \(Bytes.character(bytes, at: i))",
                                               offset: i, hint: shape))
            }
            i += 1
        }
        result.sort { $0.range < $1.range }
        return .success(result)
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var s = Substring(self)
        while let last = s.last, last == " " || last == "\t" { s.removeLast() }
        return String(s)
    }
}
