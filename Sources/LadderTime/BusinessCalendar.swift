import Foundation

/// Business hours in a time zone: the clock that SLA timers run on.
///
/// Open time is given in local wall-clock time (`WeeklyHours`); holidays close whole local days.
/// A calendar counts REAL seconds that fall in open time: on a spring-forward day the skipped local
/// hour does not exist and is not counted, and on a fall-back day a repeated local hour is counted
/// twice if it is open (a `00:00-24:00` calendar has 23 and 25 hour days).
///
/// All methods are pure, allocation-free and bounded: they work in stretches of constant UTC offset
/// using precomputed tables (no Foundation calls after `init`), never minute by minute or day by
/// day. Computation is defined for instants within `BusinessCalendar.horizon` (about ±139 000 years
/// around 1970); instants outside it are clamped, and results beyond it are reported as `nil`.
/// Time zone offsets come from Foundation for 1900-2440 and repeat the zone's 400-year cycle
/// after that; before 1900 the 1900 offset is used.
public struct BusinessCalendar: Hashable, Sendable, CustomStringConvertible {
    /// The calendar's identifier in the workflow file.
    public let name: String
    /// The zone whose wall clock the open hours and holidays are read in.
    public let timeZone: TimeZone
    /// Open hours per weekday, local time.
    public let hours: WeeklyHours
    /// Dates closed all day (local time), whatever the weekly hours say.
    public let holidays: Set<LocalDate>

    let zone: ZoneRules
    let table: OpenTimeTable
    /// Open every second of every local week and no holidays: open time is real time.
    let isAlwaysOpen: Bool
    /// From this instant on, UTC offsets repeat every 400 years (a whole number of weeks) and no
    /// holiday lies ahead, so every 400-year cycle holds the same open time. Used to skip cycles
    /// when counting far into the future.
    let cycleStart: Int64

    /// The range of instants the calendar computes on: ±2^42 seconds around 1970.
    public static let horizon: ClosedRange<Instant> = Instant(seconds: -(1 << 42))...Instant(seconds: 1 << 42)
    private static let lowest: Int64 = -(1 << 42)
    private static let highest: Int64 = 1 << 42

    /// A calendar. Building one reads the zone's offset table from Foundation once per zone and
    /// process (cached); everything else is precomputed here too.
    public init(name: String, timeZone: TimeZone, hours: WeeklyHours, holidays: Set<LocalDate> = []) {
        self.name = name
        self.timeZone = timeZone
        self.hours = hours
        self.holidays = holidays
        self.table = OpenTimeTable(hours: hours, holidays: holidays)
        self.isAlwaysOpen = table.weekly == OpenTimeTable.week && holidays.isEmpty
        // Offsets repeat from ZoneRules.cycleStart; a holiday's local day ends at most a day
        // (the largest offset) after its UTC midnight.
        let afterHolidays = table.holidays.last.map { ($0 + 3) * OpenTimeTable.day } ?? .min
        self.cycleStart = max(ZoneRules.cycleStart, afterHolidays)
        // A calendar that is open all the time never needs the offsets.
        self.zone = isAlwaysOpen || table.weekly == 0
            ? ZoneRules(initialOffset: 0, times: [], offsets: [])
            : ZoneRules.rules(for: timeZone)
    }

    /// The built-in `always` calendar: open 24x7, UTC, no holidays. The default for SLA clocks.
    public static let always = BusinessCalendar(
        name: "always", timeZone: TimeZone(identifier: "UTC") ?? TimeZone(secondsFromGMT: 0)!, hours: .allDay)

    /// Calendars are equal when name, zone identifier, hours and holidays are.
    public static func == (a: BusinessCalendar, b: BusinessCalendar) -> Bool {
        a.name == b.name && a.timeZone.identifier == b.timeZone.identifier && a.hours == b.hours && a.holidays == b.holidays
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(name)
        hasher.combine(timeZone.identifier)
        hasher.combine(hours)
        hasher.combine(holidays)
    }

    /// `emea_office (Europe/Berlin): mon-fri 08:00-18:00; sat 09:00-13:00, 4 holidays`.
    public var description: String {
        var text = "\(name) (\(timeZone.identifier)): \(hours)"
        if !holidays.isEmpty { text += ", \(holidays.count) holiday\(holidays.count == 1 ? "" : "s")" }
        return text
    }

    // MARK: Properties of the calendar

    /// Whether the calendar is ever open. A calendar without open time never reaches a target:
    /// `add` and `nextOpen` return nil.
    public var hasOpenTime: Bool { table.weekly > 0 }

    /// Open seconds in a nominal week (the meaning of `1w` on this calendar).
    public var openSecondsPerWeek: Int64 { table.weekly }

    /// Open seconds of the longest open weekday (the meaning of `1d` on this calendar).
    public var openSecondsPerDay: Int64 { table.longestDay }

    /// True when the open weekdays have different lengths, so `d` (which means the longest one)
    /// may not be what the author had in mind; the linter warns about `d` on such calendars.
    public var dayLengthIsAmbiguous: Bool {
        Set(table.dayLength.filter { $0 > 0 }).count > 1
    }

    /// The open seconds a duration stands for on this calendar.
    ///
    /// - `s`, `m`, `h` are open seconds, minutes and hours: `4h` is 4 hours of open time.
    /// - `1d` is one full working day: the open time of the calendar's longest open weekday
    ///   (10h for `mon-fri: 08:00-18:00`; on `always`, 24h). Holidays and daylight saving do not
    ///   change it. When weekdays differ in length, `dayLengthIsAmbiguous` is true.
    /// - `1w` is the calendar's total weekly open time (50h for `mon-fri: 08:00-18:00`, 54h with
    ///   `sat: 09:00-13:00` added; on `always`, 7 x 24h).
    ///
    /// On a calendar without open time `d` and `w` are 0. Saturates at `Int64.max`.
    public func openSeconds(of duration: DurationValue) -> Int64 {
        let (days, o1) = duration.days.multipliedReportingOverflow(by: openSecondsPerDay)
        let (weeks, o2) = duration.weeks.multipliedReportingOverflow(by: openSecondsPerWeek)
        let (sum, o3) = duration.seconds.addingReportingOverflow(days)
        let (total, o4) = sum.addingReportingOverflow(weeks)
        return (o1 || o2 || o3 || o4) ? .max : total
    }

    // MARK: Clock arithmetic

    @inline(__always)
    private static func clamp(_ t: Int64) -> Int64 { min(max(t, lowest), highest) }

    /// Whether the calendar is open during the second starting at `instant`.
    public func isOpen(at instant: Instant) -> Bool {
        if isAlwaysOpen { return true }
        if table.weekly == 0 { return false }
        let t = BusinessCalendar.clamp(instant.seconds)
        return table.isOpen(local: t + zone.offset(at: t))
    }

    /// Open seconds in `[from, to)`; 0 when `to <= from`.
    public func elapsed(from: Instant, to: Instant) -> Int64 {
        var t = BusinessCalendar.clamp(from.seconds)
        let end = BusinessCalendar.clamp(to.seconds)
        guard end > t else { return 0 }
        if isAlwaysOpen { return end - t }
        if table.weekly == 0 { return 0 }
        var total: Int64 = 0
        if end - t > 3 * ZoneRules.cycle {
            // Far future: count whole 400-year cycles at once (see `cycleStart`).
            let pivot = max(t, cycleStart)
            if end - pivot > 2 * ZoneRules.cycle {
                total = elapsedByStretches(t, pivot)
                let k = (end - pivot) / ZoneRules.cycle - 1
                total += k * elapsedByStretches(pivot, pivot + ZoneRules.cycle)
                t = pivot + k * ZoneRules.cycle
            }
        }
        return total + elapsedByStretches(t, end)
    }

    /// Open seconds in `[t, end)`, one stretch of constant UTC offset at a time.
    func elapsedByStretches(_ start: Int64, _ end: Int64) -> Int64 {
        var t = start
        guard end > t else { return 0 }
        var total: Int64 = 0
        while true {
            let (offset, next) = zone.span(at: t)
            let stop = min(next, end)
            total += table.cumulative(stop + offset) - table.cumulative(t + offset)
            if stop == end { return total }
            t = stop
        }
    }

    /// The earliest instant `t >= start` with `elapsed(from: start, to: t) == openSeconds`: the
    /// moment a clock started at `start` has counted `openSeconds` of open time.
    ///
    /// The target is reached at the END of the last open second it needs, so 8h from 09:00 on a
    /// 09:00-17:00 calendar is 17:00 the same day, not 09:00 the next day; 4h from Friday 17:00 on
    /// `mon-fri 09:00-17:00` is Monday 13:00. `add(0, to: s) == s` (also for negative amounts).
    ///
    /// Returns nil when the target is never reached: the calendar has no open time, or the result
    /// lies beyond `horizon`. Work is O(log n) per stretch of constant UTC offset crossed (two a year
    /// in zones with daylight saving time); far ahead, whole 400-year cycles are skipped at once, so
    /// even a century of open time on a one-hour-a-week calendar takes about 0.1 ms.
    public func add(_ openSeconds: Int64, to start: Instant) -> Instant? {
        guard openSeconds > 0 else { return start }
        guard start.seconds < BusinessCalendar.highest else { return nil }
        // More open time than the whole horizon holds can never be reached.
        guard openSeconds <= 2 * BusinessCalendar.highest else { return nil }
        var t = BusinessCalendar.clamp(start.seconds)
        if isAlwaysOpen {
            let result = t + openSeconds
            return result <= BusinessCalendar.highest ? Instant(seconds: result) : nil
        }
        guard table.weekly > 0 else { return nil }
        var remaining = openSeconds
        var skippedCycles = false
        while true {
            if remaining > 1 << 30, !skippedCycles, t >= cycleStart {
                // Far future: skip whole 400-year cycles, each holding the same open time.
                skippedCycles = true
                let perCycle = elapsedByStretches(t, t + ZoneRules.cycle)
                if perCycle > 0, remaining > 2 * perCycle {
                    let k = remaining / perCycle - 1
                    t += k * ZoneRules.cycle
                    remaining -= k * perCycle
                    if t > BusinessCalendar.highest { return nil }
                }
            }
            let (offset, next) = zone.span(at: t)
            let startCount = table.cumulative(t + offset)
            if next > BusinessCalendar.highest {
                let result = table.earliest(reaching: startCount + remaining) - offset
                return result <= BusinessCalendar.highest ? Instant(seconds: result) : nil
            }
            // Reached within this stretch if the earliest local time reaching the target lies
            // before the stretch ends (cumulative counts are monotone).
            let local = table.earliest(reaching: startCount + remaining)
            if local <= next + offset { return Instant(seconds: local - offset) }
            remaining -= table.cumulative(next + offset) - startCount
            t = next
        }
    }

    /// The first instant at or after `instant` at which the calendar is open (`instant` itself if
    /// open); nil if it never opens again within `horizon`.
    public func nextOpen(atOrAfter instant: Instant) -> Instant? {
        if isAlwaysOpen { return instant }
        // The first open second ends at add(1); it starts one second earlier.
        return add(1, to: instant).map { $0 - 1 }
    }

    /// The first instant after `instant` at which `isOpen` differs from `isOpen(at: instant)`:
    /// when an open calendar closes or a closed one opens. nil if the state never changes again
    /// within `horizon` (e.g. on `always`).
    public func nextChange(after instant: Instant) -> Instant? {
        guard instant.seconds < BusinessCalendar.highest else { return nil }
        let next = instant + 1
        return isOpen(at: instant) ? nextClosed(atOrAfter: next) : nextOpen(atOrAfter: next)
    }

    /// The first instant at or after `instant` at which the calendar is closed; nil if it stays
    /// open within `horizon`.
    public func nextClosed(atOrAfter instant: Instant) -> Instant? {
        if isAlwaysOpen { return nil }
        if table.weekly == 0 { return instant }
        guard instant.seconds <= BusinessCalendar.highest else { return nil }
        var t = BusinessCalendar.clamp(instant.seconds)
        while true {
            let (offset, next) = zone.span(at: t)
            if table.weekly == OpenTimeTable.week {
                // Open all week: only a holiday closes it. Jump to two days before the next one
                // (offsets are under a day), instead of walking the offset changes in between.
                let i = table.firstHoliday(atOrAfter: floorDiv(t + offset, OpenTimeTable.day))
                guard i < table.holidays.count else { return nil }
                let jump = (table.holidays[i] - 2) * OpenTimeTable.day
                if jump > t {
                    if jump > BusinessCalendar.highest { return nil }
                    t = jump
                    continue
                }
            }
            let closed = table.nextClosed(atOrAfter: t + offset)
            if closed != .max, closed - offset < next {
                let result = closed - offset
                return result <= BusinessCalendar.highest ? Instant(seconds: result) : nil
            }
            // Open for the rest of this stretch. If open all week and no holiday lies ahead, no
            // offset change can close it either.
            if closed == .max || next > BusinessCalendar.highest { return nil }
            t = next
        }
    }
}

// MARK: - Windows

extension BusinessCalendar {
    /// A stretch of real time `[start, end)` over which the calendar is open every second, or
    /// closed every second. A caller that keeps the last window (per calendar, as time moves
    /// forward) gets questions about that stretch answered without the tables: how much of an
    /// interval inside it is open, whether it is open, a target reached before it ends. The
    /// answers are exactly the calendar's own; only the work differs.
    public struct Window: Sendable, Hashable {
        public private(set) var start: Int64
        public private(set) var end: Int64
        public private(set) var isOpen: Bool
        /// For a closed window that ends (the calendar opens at `end`): the end of that open
        /// stretch, so that a target counted from inside the closed window and reached within
        /// the stretch is `end` plus the target. `end` otherwise (nothing known beyond `end`).
        public private(set) var reopenEnd: Int64

        /// An empty window: it contains no instant.
        public init() {
            start = 0
            end = 0
            isOpen = false
            reopenEnd = 0
        }

        init(start: Int64, end: Int64, isOpen: Bool, reopenEnd: Int64) {
            self.start = start
            self.end = end
            self.isOpen = isOpen
            self.reopenEnd = reopenEnd
        }

        /// Whether the second starting at `t` lies in the window.
        @inline(__always)
        public func contains(_ t: Int64) -> Bool { start <= t && t < end }

        // The answers the window alone gives (nil: ask the calendar). A caller holding the
        // calendar where reaching it costs something (a copy of the calendar) asks these first.

        /// `elapsed(from:to:)` when `[from, to)` lies in the window.
        @inline(__always)
        public func elapsed(from: Instant, to: Instant) -> Int64? {
            let a = from.seconds, b = to.seconds
            guard start <= a, b <= end else { return nil }
            return b > a && isOpen ? b - a : 0
        }

        /// `add(_:to:)` when the start lies in an open window that holds the whole amount, or in
        /// a closed one whose following open stretch holds it.
        @inline(__always)
        public func add(_ openSeconds: Int64, to start: Instant) -> Instant? {
            let t = start.seconds
            guard openSeconds > 0, contains(t) else { return nil }
            if isOpen { return openSeconds <= end - t ? Instant(seconds: t + openSeconds) : nil }
            // Closed until `end`, then open throughout `[end, reopenEnd)`.
            return openSeconds <= reopenEnd - end ? Instant(seconds: end + openSeconds) : nil
        }

        /// `isOpen(at:)` when the instant lies in the window.
        @inline(__always)
        public func isOpen(at instant: Instant) -> Bool? { contains(instant.seconds) ? isOpen : nil }

        /// `nextOpen(atOrAfter:)` when the instant lies in the window: itself in an open window,
        /// the window's end in a closed one (where the calendar opens).
        @inline(__always)
        public func nextOpen(atOrAfter instant: Instant) -> Instant? {
            guard contains(instant.seconds) else { return nil }
            if isOpen { return instant }
            return end < BusinessCalendar.highest ? Instant(seconds: end) : nil
        }
    }

    /// The window from `instant` to the calendar's next change (or the end of `horizon`).
    public func window(at instant: Instant) -> Window {
        let t = BusinessCalendar.clamp(instant.seconds)
        let open = isOpen(at: Instant(seconds: t))
        let change = nextChange(after: Instant(seconds: t))?.seconds ?? BusinessCalendar.highest
        let end = min(change, BusinessCalendar.highest)
        var reopenEnd = end
        if !open, end < BusinessCalendar.highest {
            // The calendar opens at `end` (its state changes there) and stays open until its next change.
            reopenEnd = min(nextChange(after: Instant(seconds: end))?.seconds ?? BusinessCalendar.highest, BusinessCalendar.highest)
        }
        return Window(start: t, end: end, isOpen: open, reopenEnd: reopenEnd)
    }

    /// `elapsed(from:to:)`, answered from `window` when the interval lies in it. When `to` is
    /// past the window (time moved on), the window is replaced by the one at `to`.
    @inline(__always)
    public func elapsed(from: Instant, to: Instant, window: inout Window) -> Int64 {
        if let known = window.elapsed(from: from, to: to) { return known }
        if to.seconds >= window.end { window = self.window(at: to) }
        return elapsed(from: from, to: to)
    }

    /// `add(_:to:)`, answered from `window` when it can (see `Window.add(_:to:)`). When the
    /// start is past the window, the window is replaced by the one there.
    @inline(__always)
    public func add(_ openSeconds: Int64, to start: Instant, window: inout Window) -> Instant? {
        if start.seconds >= window.end { window = self.window(at: start) }
        if let known = window.add(openSeconds, to: start) { return known }
        return add(openSeconds, to: start)
    }

    /// `isOpen(at:)`, answered from `window` (replaced by the one at `instant` when it is past it).
    @inline(__always)
    public func isOpen(at instant: Instant, window: inout Window) -> Bool {
        if instant.seconds >= window.end { window = self.window(at: instant) }
        if let known = window.isOpen(at: instant) { return known }
        return isOpen(at: instant)
    }

    /// `nextOpen(atOrAfter:)`, answered from `window` (replaced by the one at `instant` when it
    /// is past it): the instant itself in an open window, the window's end in a closed one.
    @inline(__always)
    public func nextOpen(atOrAfter instant: Instant, window: inout Window) -> Instant? {
        if instant.seconds >= window.end { window = self.window(at: instant) }
        if let known = window.nextOpen(atOrAfter: instant) { return known }
        return nextOpen(atOrAfter: instant)
    }
}
