/// The open time of a calendar on its LOCAL timeline (wall-clock seconds, as if the zone had a
/// fixed offset), as tables that answer in O(log n) without loops over days:
///
/// - `cumulative(L)`: open local seconds from a fixed origin up to local second `L` (negative
///   before the origin), counting weekly hours and subtracting holidays;
/// - `earliest(reaching:)`: its inverse, the earliest `L` where the cumulative count reaches a value;
/// - `nextClosed(atOrAfter:)`: the first closed local second at or after `L`.
///
/// Local seconds are `instant + offset`. `BusinessCalendar` splits real time into stretches of
/// constant offset and applies these per stretch, which is what makes a skipped hour (spring
/// forward) absent and a repeated hour (fall back) count twice.
struct OpenTimeTable: Sendable {
    static let day: Int64 = 86_400
    static let week: Int64 = 604_800
    /// Local day 0 (1970-01-01) is a Thursday; weeks are counted from Monday 1969-12-29.
    static let mondayShift: Int64 = 3 * 86_400

    /// Open seconds in a week.
    let weekly: Int64
    /// Open seconds per weekday, Monday first.
    let dayLength: [Int64]
    /// Open seconds of the longest weekday (0 without open time).
    let longestDay: Int64
    /// `dayPrefix[d]`: open seconds of the week before weekday `d` (8 entries).
    let dayPrefix: [Int64]
    /// Ranges of all weekdays in week order, in seconds since the start of their day.
    let rangeStart: [Int64]
    let rangeEnd: [Int64]
    /// `dayFirstRange[d] ..< dayFirstRange[d + 1]` are the ranges of weekday `d` (8 entries).
    let dayFirstRange: [Int]
    /// Start of each range in seconds since Monday 00:00, and open seconds of the week before it.
    let weekStart: [Int64]
    let weekCumulative: [Int64]
    /// Maximal open stretches over two consecutive weeks, seconds since the first Monday 00:00.
    let stretchStart: [Int64]
    let stretchEnd: [Int64]
    /// Holidays as local day numbers (days since 1970-01-01), ascending.
    let holidays: [Int64]
    /// `holidayPrefix[i]`: open seconds of the weekly hours that fall on `holidays[0..<i]`.
    let holidayPrefix: [Int64]
    /// `holidayStartCount[i]`: `cumulative` at the start of `holidays[i]` (computed once: the
    /// search in `earliest(reaching:)` reads it instead of computing it per probe).
    private(set) var holidayStartCount: [Int64] = []

    init(hours: WeeklyHours, holidays holidayDates: Set<LocalDate>) {
        var dayLength: [Int64] = []
        var dayPrefix: [Int64] = [0]
        var rangeStart: [Int64] = []
        var rangeEnd: [Int64] = []
        var dayFirstRange: [Int] = [0]
        var weekStart: [Int64] = []
        var weekCumulative: [Int64] = []
        var total: Int64 = 0
        for day in Weekday.allCases {
            var length: Int64 = 0
            for range in hours[day] {
                let a = range.start.secondsSinceMidnight
                let b = range.end.secondsSinceMidnight
                rangeStart.append(a)
                rangeEnd.append(b)
                weekStart.append(Int64(day.rawValue) * OpenTimeTable.day + a)
                weekCumulative.append(total + length)
                length += b - a
            }
            dayLength.append(length)
            total += length
            dayPrefix.append(total)
            dayFirstRange.append(rangeStart.count)
        }
        var stretchStart: [Int64] = []
        var stretchEnd: [Int64] = []
        for copy in 0..<2 {
            for k in weekStart.indices {
                let a = weekStart[k] + Int64(copy) * OpenTimeTable.week
                let b = a + (rangeEnd[k] - rangeStart[k])
                if let last = stretchEnd.last, last >= a {
                    stretchEnd[stretchEnd.count - 1] = max(last, b)
                } else {
                    stretchStart.append(a)
                    stretchEnd.append(b)
                }
            }
        }
        let holidays = holidayDates.map(\.daysSinceEpoch).sorted()
        var holidayPrefix: [Int64] = [0]
        for day in holidays {
            holidayPrefix.append(holidayPrefix.last! + dayLength[Weekday(daysSinceEpoch: day).rawValue])
        }
        self.weekly = total
        self.dayLength = dayLength
        self.longestDay = dayLength.max() ?? 0
        self.dayPrefix = dayPrefix
        self.rangeStart = rangeStart
        self.rangeEnd = rangeEnd
        self.dayFirstRange = dayFirstRange
        self.weekStart = weekStart
        self.weekCumulative = weekCumulative
        self.stretchStart = stretchStart
        self.stretchEnd = stretchEnd
        self.holidays = holidays
        self.holidayPrefix = holidayPrefix
        holidayStartCount = holidays.indices.map { weeklyCumulative(holidays[$0] * OpenTimeTable.day) - holidayPrefix[$0] }
    }

    /// Open seconds of weekday `day` in `[00:00, s)` of that day.
    @inline(__always)
    func openWithinDay(_ day: Int, before s: Int64) -> Int64 {
        var sum: Int64 = 0
        var k = dayFirstRange[day]
        let end = dayFirstRange[day + 1]
        while k < end {
            let a = rangeStart[k]
            if a >= s { break }
            sum += min(s, rangeEnd[k]) - a
            k += 1
        }
        return sum
    }

    /// Whether local second `L` (the second starting at `L`) falls in the weekly hours, ignoring holidays.
    @inline(__always)
    func weeklyHoursContain(_ local: Int64) -> Bool {
        let dayNumber = floorDiv(local, OpenTimeTable.day)
        let s = local - dayNumber * OpenTimeTable.day
        let day = Int(floorMod(dayNumber + 3, 7))
        var k = dayFirstRange[day]
        let end = dayFirstRange[day + 1]
        while k < end {
            if s < rangeStart[k] { return false }
            if s < rangeEnd[k] { return true }
            k += 1
        }
        return false
    }

    /// Whether local day `dayNumber` is a holiday.
    @inline(__always)
    func isHoliday(_ dayNumber: Int64) -> Bool {
        guard !holidays.isEmpty else { return false }
        let i = firstHoliday(atOrAfter: dayNumber)
        return i < holidays.count && holidays[i] == dayNumber
    }

    /// Index of the first holiday on or after local day `dayNumber`.
    @inline(__always)
    func firstHoliday(atOrAfter dayNumber: Int64) -> Int {
        var low = 0
        var high = holidays.count
        while low < high {
            let mid = (low + high) >> 1
            if holidays[mid] < dayNumber { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// Whether local second `L` is open (weekly hours and not a holiday).
    @inline(__always)
    func isOpen(local: Int64) -> Bool {
        weeklyHoursContain(local) && !isHoliday(floorDiv(local, OpenTimeTable.day))
    }

    /// Open seconds of the weekly hours in local `[origin, L)`, holidays not subtracted.
    @inline(__always)
    func weeklyCumulative(_ local: Int64) -> Int64 {
        let u = local + OpenTimeTable.mondayShift
        let weekIndex = floorDiv(u, OpenTimeTable.week)
        let inWeek = u - weekIndex * OpenTimeTable.week
        let day = Int(inWeek / OpenTimeTable.day)
        let s = inWeek - Int64(day) * OpenTimeTable.day
        return weekIndex * weekly + dayPrefix[day] + openWithinDay(day, before: s)
    }

    /// Open seconds in local `[origin, L)`, holidays subtracted.
    @inline(__always)
    func cumulative(_ local: Int64) -> Int64 {
        let base = weeklyCumulative(local)
        if holidays.isEmpty { return base }
        let dayNumber = floorDiv(local, OpenTimeTable.day)
        let i = firstHoliday(atOrAfter: dayNumber)
        var closed = holidayPrefix[i]
        if i < holidays.count, holidays[i] == dayNumber {
            let day = Int(floorMod(dayNumber + 3, 7))
            closed += openWithinDay(day, before: local - dayNumber * OpenTimeTable.day)
        }
        return base - closed
    }

    /// The earliest local second `L` with `weeklyCumulative(L) == value`. Requires `weekly > 0`.
    @inline(__always)
    func weeklyEarliest(reaching value: Int64) -> Int64 {
        // The open second numbered value - 1 (0-based from the origin) ends at the answer.
        let q = value - 1
        let weekIndex = floorDiv(q, weekly)
        let rest = q - weekIndex * weekly
        var low = 0
        var high = weekCumulative.count
        while high - low > 1 {
            let mid = (low + high) >> 1
            if weekCumulative[mid] <= rest { low = mid } else { high = mid }
        }
        let position = weekStart[low] + (rest - weekCumulative[low])
        return weekIndex * OpenTimeTable.week + position + 1 - OpenTimeTable.mondayShift
    }

    /// The earliest local second `L` with `cumulative(L) == value`. Requires `weekly > 0`.
    @inline(__always)
    func earliest(reaching value: Int64) -> Int64 {
        if holidays.isEmpty { return weeklyEarliest(reaching: value) }
        // Count the holidays whose start the value lies beyond; between that holiday and the next
        // one, cumulative == weeklyCumulative - holidayPrefix[count].
        var low = 0
        var high = holidays.count
        while low < high {
            let mid = (low + high) >> 1
            if holidayStartCount[mid] < value {
                low = mid + 1
            } else {
                high = mid
            }
        }
        return weeklyEarliest(reaching: value + holidayPrefix[low])
    }

    /// The first closed local second at or after `L`; `Int64.max` if open from `L` on forever.
    func nextClosed(atOrAfter local: Int64) -> Int64 {
        let dayNumber = floorDiv(local, OpenTimeTable.day)
        let i = firstHoliday(atOrAfter: dayNumber)
        if i < holidays.count, holidays[i] == dayNumber { return local }
        let nextHoliday = i < holidays.count ? holidays[i] * OpenTimeTable.day : .max
        if weekly == OpenTimeTable.week { return nextHoliday }
        let u = local + OpenTimeTable.mondayShift
        let inWeek = u - floorDiv(u, OpenTimeTable.week) * OpenTimeTable.week
        // Last stretch starting at or before inWeek.
        var low = 0
        var high = stretchStart.count
        while low < high {
            let mid = (low + high) >> 1
            if stretchStart[mid] <= inWeek { low = mid + 1 } else { high = mid }
        }
        let k = low - 1
        guard k >= 0, stretchEnd[k] > inWeek else { return local }
        return min(local - inWeek + stretchEnd[k], nextHoliday)
    }
}
