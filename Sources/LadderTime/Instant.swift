import Foundation

/// A point in time: whole seconds since 1970-01-01T00:00:00Z (Unix time, no leap seconds).
///
/// All engine time is kept as instants; wall-clock views (dates, weekdays, opening hours) exist
/// only relative to a time zone.
public struct Instant: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Seconds since the Unix epoch, UTC.
    public var seconds: Int64

    /// The instant `seconds` after (negative: before) 1970-01-01T00:00:00Z.
    public init(seconds: Int64) {
        self.seconds = seconds
    }

    /// The Unix epoch, 1970-01-01T00:00:00Z.
    public static let epoch = Instant(seconds: 0)

    /// The instant at a wall-clock date and time with a fixed UTC offset (seconds east of UTC).
    public init(date: LocalDate, hour: Int = 0, minute: Int = 0, second: Int = 0, utcOffset: Int = 0) {
        seconds = date.daysSinceEpoch * 86_400 + Int64(hour) * 3600 + Int64(minute) * 60 + Int64(second) - Int64(utcOffset)
    }

    /// The instant at which clocks in `zone` show the given wall-clock time. A time skipped by a
    /// daylight-saving change (e.g. 02:30 on a spring-forward day) is read with the offset in force
    /// before the change, landing after it (03:30); a repeated time resolves to its first occurrence.
    public init(date: LocalDate, hour: Int = 0, minute: Int = 0, second: Int = 0, in zone: TimeZone) {
        let local = date.daysSinceEpoch * 86_400 + Int64(hour) * 3600 + Int64(minute) * 60 + Int64(second)
        // Candidate offsets: those in force a day around the wall time. Prefer the earliest instant
        // that round-trips; otherwise (a skipped time) use the offset before the gap.
        let before = Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(local - 86_400 - 43_200))))
        let after = Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(local + 86_400 + 43_200))))
        let candidates = [local - max(before, after), local - min(before, after)]
        for t in candidates where Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(t)))) == local - t {
            seconds = t
            return
        }
        seconds = local - before
    }

    /// This instant moved by a number of seconds.
    public func advanced(by seconds: Int64) -> Instant { Instant(seconds: self.seconds + seconds) }

    /// The instant `seconds` later.
    public static func + (a: Instant, seconds: Int64) -> Instant { Instant(seconds: a.seconds + seconds) }
    /// The instant `seconds` earlier.
    public static func - (a: Instant, seconds: Int64) -> Instant { Instant(seconds: a.seconds - seconds) }
    /// Seconds from `b` to `a`.
    public static func - (a: Instant, b: Instant) -> Int64 { a.seconds - b.seconds }

    public static func < (a: Instant, b: Instant) -> Bool { a.seconds < b.seconds }

    /// The Foundation date of this instant (for interoperation; not used in calendar arithmetic).
    public var date: Date { Date(timeIntervalSince1970: Double(seconds)) }

    /// The UTC offset of `zone` at this instant, in seconds east of UTC.
    public func utcOffset(in zone: TimeZone) -> Int {
        zone.secondsFromGMT(for: date)
    }

    // MARK: Formatting

    /// ISO 8601 / RFC 3339 in UTC: `2026-11-20T16:30:00Z`.
    public var description: String { iso8601() }

    /// ISO 8601 in UTC with a `Z` suffix: `2026-11-20T16:30:00Z`.
    public func iso8601() -> String {
        let (date, time) = split(offset: 0)
        return "\(date)T\(time)Z"
    }

    /// ISO 8601 in a zone, with the offset the zone has at this instant:
    /// `2026-11-20T17:30:00+01:00` (always a numeric offset, `+00:00` for UTC).
    public func iso8601(in zone: TimeZone) -> String {
        let offset = utcOffset(in: zone)
        let (date, time) = split(offset: Int64(offset))
        return "\(date)T\(time)\(Instant.formatOffset(offset))"
    }

    /// A compact form for traces: `Fri 2026-11-20 17:30 +01:00` (seconds shown only when not zero).
    public func compact(in zone: TimeZone) -> String {
        let offset = utcOffset(in: zone)
        let local = Instant.formattable(seconds) + Int64(offset)
        let day = floorDiv(local, 86_400)
        let secondOfDay = Int(local - day * 86_400)
        let date = LocalDate(daysSinceEpoch: day)
        var time = "\(pad(secondOfDay / 3600, 2)):\(pad(secondOfDay / 60 % 60, 2))"
        if secondOfDay % 60 != 0 { time += ":\(pad(secondOfDay % 60, 2))" }
        return "\(date.weekday.shortName) \(date) \(time) \(Instant.formatOffset(offset))"
    }

    /// The local date and `HH:MM:SS` at a fixed offset.
    private func split(offset: Int64) -> (LocalDate, String) {
        let local = Instant.formattable(seconds) + offset
        let day = floorDiv(local, 86_400)
        let secondOfDay = Int(local - day * 86_400)
        let time = "\(pad(secondOfDay / 3600, 2)):\(pad(secondOfDay / 60 % 60, 2)):\(pad(secondOfDay % 60, 2))"
        return (LocalDate(daysSinceEpoch: day), time)
    }

    /// Instants are formatted within ±2^60 seconds (±36 billion years) so adding an offset can
    /// never overflow; anything further out prints as that bound.
    private static func formattable(_ seconds: Int64) -> Int64 { min(max(seconds, -(1 << 60)), 1 << 60) }

    /// `+01:00`, `-05:00`, `+05:30`; `+hh:mm:ss` for historic offsets with seconds.
    static func formatOffset(_ offset: Int) -> String {
        let sign = offset < 0 ? "-" : "+"
        let magnitude = abs(offset)
        var text = "\(sign)\(pad(magnitude / 3600, 2)):\(pad(magnitude / 60 % 60, 2))"
        if magnitude % 60 != 0 { text += ":\(pad(magnitude % 60, 2))" }
        return text
    }

    // MARK: Parsing

    /// Parses an ISO 8601 date-time with an explicit offset:
    /// `2026-11-20T17:30:00+01:00`, `2026-11-20T16:30:00Z`, `2026-11-20T17:30:00+0100`,
    /// `2026-11-20T17:30+01:00` (seconds optional), `+01` (offset hours only),
    /// `2026-11-20T17:30:00.250+01:00` (fractional
    /// seconds accepted and dropped). A lowercase `t`/`z` or a space instead of `T` is accepted.
    /// A time without offset is refused: it would mean different instants in different zones.
    public static func parse(_ text: String) -> Result<Instant, TimeParseError> {
        let bytes = Array(text.utf8)
        let shape = "write an instant as YYYY-MM-DDTHH:MM:SS+01:00 or with Z for UTC, e.g. 2026-11-20T17:30:00+01:00"
        let date: LocalDate
        switch LocalDate.parseDate(bytes, at: 0) {
        case .failure(var error):
            if error.hint == nil || error.hint?.hasPrefix("write a date") == true { error.hint = shape }
            return .failure(error)
        case .success(let d): date = d
        }
        guard bytes.count > 10 else {
            return .failure(TimeParseError(message: "\"\(text)\" is a date, not an instant; add a time and an offset", offset: 10, hint: shape))
        }
        guard bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: "t") || bytes[10] == UInt8(ascii: " ") else {
            return .failure(TimeParseError(message: "expected \"T\" between date and time, found \(Bytes.character(bytes, at: 10))",
                                           offset: 10, hint: shape))
        }
        guard let hour = Bytes.digits(bytes, 11, 2) else {
            return .failure(TimeParseError(message: "expected a two-digit hour after \"T\"", offset: 11, hint: shape))
        }
        guard bytes.count > 13, bytes[13] == UInt8(ascii: ":"), let minute = Bytes.digits(bytes, 14, 2) else {
            return .failure(TimeParseError(message: "expected \":\" and two-digit minutes after the hour", offset: 13, hint: shape))
        }
        guard hour <= 23 else {
            return .failure(TimeParseError(message: "hour \(hour) does not exist; hours are 00 to 23", offset: 11))
        }
        guard minute <= 59 else {
            return .failure(TimeParseError(message: "minute \(minute) does not exist; minutes are 00 to 59", offset: 14))
        }
        var i = 16
        var second = 0
        if i < bytes.count, bytes[i] == UInt8(ascii: ":") {
            guard let s = Bytes.digits(bytes, i + 1, 2) else {
                return .failure(TimeParseError(message: "expected two-digit seconds after \":\"", offset: i + 1, hint: shape))
            }
            guard s <= 60 else {
                return .failure(TimeParseError(message: "second \(s) does not exist; seconds are 00 to 59", offset: i + 1))
            }
            second = min(s, 59)  // a leap second is read as the last second of its minute
            i += 3
            if i < bytes.count, bytes[i] == UInt8(ascii: ".") || bytes[i] == UInt8(ascii: ",") {
                let fractionStart = i + 1
                i += 1
                while i < bytes.count, Bytes.isDigit(bytes[i]) { i += 1 }
                guard i > fractionStart else {
                    return .failure(TimeParseError(message: "expected digits after the decimal point", offset: i, hint: shape))
                }
            }
        }
        guard i < bytes.count else {
            return .failure(TimeParseError(message: "\"\(text)\" has no UTC offset; a wall-clock time is ambiguous", offset: i,
                                           hint: "add Z for UTC or an offset such as +01:00"))
        }
        var offset = 0
        switch bytes[i] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            i += 1
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            let sign = bytes[i] == UInt8(ascii: "-") ? -1 : 1
            let offsetStart = i
            guard let oh = Bytes.digits(bytes, i + 1, 2) else {
                return .failure(TimeParseError(message: "expected a two-digit hour in the UTC offset", offset: i + 1, hint: shape))
            }
            i += 3
            var om = 0
            if i < bytes.count {
                let colon = bytes[i] == UInt8(ascii: ":")
                guard let m = Bytes.digits(bytes, colon ? i + 1 : i, 2) else {
                    return .failure(TimeParseError(message: "expected two-digit minutes in the UTC offset", offset: colon ? i + 1 : i, hint: shape))
                }
                om = m
                i += colon ? 3 : 2
            }
            guard oh <= 18, om <= 59, oh * 60 + om <= 18 * 60 else {
                return .failure(TimeParseError(message: "UTC offset \(Bytes.text(bytes, offsetStart..<i)) is out of range (at most ±18:00)",
                                               offset: offsetStart))
            }
            offset = sign * (oh * 3600 + om * 60)
        default:
            return .failure(TimeParseError(message: "expected a UTC offset (Z, +01:00) after the time, found \(Bytes.character(bytes, at: i))",
                                           offset: i, hint: shape))
        }
        guard i == bytes.count else {
            return .failure(TimeParseError(message: "unexpected \(Bytes.character(bytes, at: i)) after the instant", offset: i, hint: shape))
        }
        return .success(Instant(date: date, hour: hour, minute: minute, second: second, utcOffset: offset))
    }
}
