import Foundation
import LadderTestSupport
import Testing
@testable import LadderTime

// A brute-force reference for business calendars, written independently of the implementation:
// it asks Foundation for the UTC offset of every minute of a window (`secondsFromGMT(for:)` only),
// converts to a local day and minute with plain arithmetic, and decides open/closed from the raw
// ranges. All zones used have minute-aligned offsets and transitions, so every second of a minute
// shares its minute's state, which lets the oracle answer at second resolution.

/// Plain, loop-based Gregorian arithmetic, deliberately unlike the implementation's.
private enum PlainDates {
    static func isLeap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }
    static func monthLengths(_ y: Int) -> [Int] { [31, isLeap(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] }

    /// Days since 1970-01-01 (years 1970 and later).
    static func dayNumber(year: Int, month: Int, day: Int) -> Int64 {
        var n = 0
        for y in 1970..<year { n += isLeap(y) ? 366 : 365 }
        for m in 0..<(month - 1) { n += monthLengths(year)[m] }
        return Int64(n + day - 1)
    }

    /// (year, month, day) of a day number (>= 0).
    static func date(ofDay n: Int64) -> (Int, Int, Int) {
        var rest = Int(n)
        var y = 1970
        while rest >= (isLeap(y) ? 366 : 365) { rest -= isLeap(y) ? 366 : 365; y += 1 }
        var m = 0
        while rest >= monthLengths(y)[m] { rest -= monthLengths(y)[m]; m += 1 }
        return (y, m + 1, rest + 1)
    }
}

/// A randomly generated calendar in the reference's own terms.
private struct Spec: CustomStringConvertible {
    var zoneID: String
    /// Per weekday (Monday = 0), ranges in minutes [start, end).
    var weekly: [[(Int, Int)]]
    /// Holidays as (year, month, day).
    var holidays: [(Int, Int, Int)]

    var description: String {
        let days = weekly.enumerated().map { d, rs in "\(d):" + rs.map { "\($0.0)-\($0.1)" }.joined(separator: ",") }
        return "\(zoneID) [\(days.joined(separator: " "))] holidays \(holidays)"
    }

    func makeCalendar() -> BusinessCalendar {
        var table: [Weekday: [OpenRange]] = [:]
        for (index, list) in weekly.enumerated() {
            table[Weekday(rawValue: index)!] = list.map {
                OpenRange(start: TimeOfDay(minutes: $0.0)!, end: TimeOfDay(minutes: $0.1)!)!
            }
        }
        return BusinessCalendar(
            name: "random", timeZone: TimeZone(identifier: zoneID)!, hours: WeeklyHours(table),
            holidays: Set(holidays.map { LocalDate(year: $0.0, month: $0.1, day: $0.2)! }))
    }
}

/// Minute-by-minute open/closed state of a window, from Foundation offsets.
private struct Reference {
    let windowStart: Int64  // minute-aligned
    let open: [Bool]        // one per minute
    let prefix: [Int64]     // open minutes before index i

    init(spec: Spec, windowStart: Int64, minutes: Int) {
        let zone = TimeZone(identifier: spec.zoneID)!
        let holidayDays = Set(spec.holidays.map { PlainDates.dayNumber(year: $0.0, month: $0.1, day: $0.2) })
        var open: [Bool] = []
        open.reserveCapacity(minutes)
        for i in 0..<minutes {
            let t = windowStart + Int64(i) * 60
            let local = t + Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(t))))
            let day = local >= 0 ? local / 86_400 : -((-local + 86_399) / 86_400)
            let minuteOfDay = Int((local - day * 86_400) / 60)
            let weekday = Int(((day % 7) + 7 + 3) % 7)  // 1970-01-01 was a Thursday (index 3)
            open.append(!holidayDays.contains(day) && spec.weekly[weekday].contains { minuteOfDay >= $0.0 && minuteOfDay < $0.1 })
        }
        var prefix: [Int64] = [0]
        for o in open { prefix.append(prefix.last! + (o ? 1 : 0)) }
        self.windowStart = windowStart
        self.open = open
        self.prefix = prefix
    }

    var windowEnd: Int64 { windowStart + Int64(open.count) * 60 }
    func minute(_ t: Int64) -> Int { Int((t - windowStart) / 60) }

    func isOpen(_ t: Int64) -> Bool { open[minute(t)] }

    /// Open seconds in [a, b), both inside the window.
    func elapsed(_ a: Int64, _ b: Int64) -> Int64 {
        guard b > a else { return 0 }
        var total: Int64 = 0
        var t = a
        while t < b {
            let k = minute(t)
            let minuteEnd = windowStart + Int64(k + 1) * 60
            if k + 1 < open.count, t == windowStart + Int64(k) * 60, b >= minuteEnd {
                // Whole minutes up to b: use the prefix sums.
                let last = minute(b)
                total += (prefix[last] - prefix[k]) * 60
                t = windowStart + Int64(last) * 60
                continue
            }
            let stop = min(minuteEnd, b)
            if open[k] { total += stop - t }
            t = stop
        }
        return total
    }

    /// Earliest t >= a with elapsed(a, t) == d, walking minute by minute; nil past the window.
    func add(_ d: Int64, _ a: Int64) -> Int64? {
        if d <= 0 { return a }
        var remaining = d
        var t = a
        var k = minute(a)
        while k < open.count {
            let minuteEnd = windowStart + Int64(k + 1) * 60
            if open[k] {
                if remaining <= minuteEnd - t { return t + remaining }
                remaining -= minuteEnd - t
            }
            t = minuteEnd
            k += 1
        }
        return nil
    }

    /// First instant > t whose state differs from t's, if inside the window.
    func nextChange(after t: Int64) -> Int64? {
        let k = minute(t)
        var j = k + 1
        while j < open.count, open[j] == open[k] { j += 1 }
        return j < open.count ? windowStart + Int64(j) * 60 : nil
    }

    /// A random instant after t where an open minute is followed by a closed one.
    func randomClosing(after t: Int64, using rng: inout SplitMix64) -> Int64? {
        let closings = ((minute(t) + 1)..<open.count).filter { open[$0 - 1] && !open[$0] }
        return closings.randomElement(using: &rng).map { windowStart + Int64($0) * 60 }
    }

    /// First open instant >= t, if inside the window.
    func nextOpen(atOrAfter t: Int64) -> Int64? {
        var k = minute(t)
        if open[k] { return t }
        k += 1
        while k < open.count, !open[k] { k += 1 }
        return k < open.count ? windowStart + Int64(k) * 60 : nil
    }
}

private let zones = ["Europe/Berlin", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe", "UTC"]

private func randomSpec(_ rng: inout SplitMix64, windowStartDay: Int64, windowDays: Int) -> Spec {
    let zoneID = zones[Int.random(in: 0..<zones.count, using: &rng)]
    var weekly: [[(Int, Int)]] = []
    let shape = Int.random(in: 0..<100, using: &rng)
    for _ in 0..<7 {
        if shape < 4 { weekly.append([]); continue }                 // never open
        if shape < 10 { weekly.append([(0, 1440)]); continue }       // open all week
        let roll = Int.random(in: 0..<10, using: &rng)
        if roll < 2 { weekly.append([]); continue }
        if roll == 2 { weekly.append([(0, 1440)]); continue }
        if roll == 3 { weekly.append([(60, 240)]); continue }        // spans the usual DST hours
        let step = [1, 15, 30, 60][Int.random(in: 0..<4, using: &rng)]
        let count = Int.random(in: 1...3, using: &rng)
        var cuts = Set<Int>()
        while cuts.count < 2 * count { cuts.insert(Int.random(in: 0...(1440 / step), using: &rng) * step) }
        let sorted = cuts.sorted()
        weekly.append(stride(from: 0, to: sorted.count, by: 2).map { (sorted[$0], sorted[$0 + 1]) })
    }
    var holidays: [(Int, Int, Int)] = []
    for _ in 0..<Int.random(in: 0...3, using: &rng) {
        holidays.append(PlainDates.date(ofDay: windowStartDay + Int64.random(in: -1...Int64(windowDays), using: &rng)))
    }
    return Spec(zoneID: zoneID, weekly: weekly, holidays: holidays)
}

/// A window start, often close to a daylight-saving change of one of the zones.
private func randomWindowStart(_ rng: inout SplitMix64) -> Int64 {
    let year = Int.random(in: 1995...2045, using: &rng)
    let month = Int.random(in: 0..<10, using: &rng) < 6
        ? [3, 4, 9, 10, 11][Int.random(in: 0..<5, using: &rng)]
        : Int.random(in: 1...12, using: &rng)
    let day = Int.random(in: 1...28, using: &rng)
    let minute = Int64.random(in: 0..<1440, using: &rng)
    return PlainDates.dayNumber(year: year, month: month, day: day) * 86_400 + minute * 60 - 86_400
}

/// A random calendar over a random window of 1–12 days, with its minute-by-minute reference.
private func randomRound(_ rng: inout SplitMix64) -> (start: Int64, spec: Spec, cal: BusinessCalendar, ref: Reference) {
    let start = randomWindowStart(&rng)
    let days = Int.random(in: 1...12, using: &rng)
    let spec = randomSpec(&rng, windowStartDay: start / 86_400, windowDays: days)
    return (start, spec, spec.makeCalendar(), Reference(spec: spec, windowStart: start, minutes: days * 1440))
}

@Test func calendarAgreesWithMinuteByMinuteReference() {
    var rng = SplitMix64(seed: 0x1ADD_E12)
    var failures: [String] = []
    var checks = 0
    for round in 0..<320 {
        let (start, spec, cal, ref) = randomRound(&rng)
        func fail(_ what: String) {
            if failures.count < 20 { failures.append("round \(round) \(spec) window \(Instant(seconds: start)): \(what)") }
        }
        func randomSecond() -> Int64 { Int64.random(in: ref.windowStart..<ref.windowEnd, using: &rng) }

        for _ in 0..<6 {
            let a = randomSecond(), b = randomSecond()
            let (from, to) = (min(a, b), max(a, b))
            checks += 1
            let got = cal.elapsed(from: Instant(seconds: from), to: Instant(seconds: to))
            let want = ref.elapsed(from, to)
            if got != want { fail("elapsed(\(Instant(seconds: from)), \(Instant(seconds: to))) = \(got), want \(want)") }
            if cal.elapsed(from: Instant(seconds: to), to: Instant(seconds: from)) != 0 { fail("reversed elapsed not 0") }
        }
        for _ in 0..<6 {
            let s = randomSecond()
            let available = ref.elapsed(s, ref.windowEnd)
            guard available > 0 else { continue }
            var d = Int64.random(in: 0...available, using: &rng)
            if Bool.random(using: &rng), let close = ref.randomClosing(after: s, using: &rng) {
                d = ref.elapsed(s, close)  // a target reached exactly at a closing time
            }
            checks += 1
            let got = cal.add(d, to: Instant(seconds: s))?.seconds
            let want = ref.add(d, s)
            if got != want { fail("add(\(d), \(Instant(seconds: s))) = \(got.map { "\(Instant(seconds: $0))" } ?? "nil"), want \(want.map { "\(Instant(seconds: $0))" } ?? "nil")") }
        }
        for _ in 0..<6 {
            let t = randomSecond()
            checks += 1
            if cal.isOpen(at: Instant(seconds: t)) != ref.isOpen(t) { fail("isOpen(\(Instant(seconds: t))) = \(!ref.isOpen(t))") }
        }
        for _ in 0..<3 {
            let t = ref.windowStart + Int64.random(in: 0..<Int64(ref.open.count), using: &rng) * 60
            checks += 1
            let got = cal.nextChange(after: Instant(seconds: t))?.seconds
            if let want = ref.nextChange(after: t) {
                if got != want { fail("nextChange(after: \(Instant(seconds: t))) = \(got.map { "\(Instant(seconds: $0))" } ?? "nil"), want \(Instant(seconds: want))") }
            } else if let got, got < ref.windowEnd {
                fail("nextChange(after: \(Instant(seconds: t))) = \(Instant(seconds: got)), want none in window")
            }
            let s = randomSecond()
            let gotOpen = cal.nextOpen(atOrAfter: Instant(seconds: s))?.seconds
            if let want = ref.nextOpen(atOrAfter: s) {
                if gotOpen != want { fail("nextOpen(atOrAfter: \(Instant(seconds: s))) = \(gotOpen.map { "\(Instant(seconds: $0))" } ?? "nil"), want \(Instant(seconds: want))") }
            } else if let gotOpen, gotOpen < ref.windowEnd {
                fail("nextOpen(atOrAfter: \(Instant(seconds: s))) = \(Instant(seconds: gotOpen)), want none in window")
            }
        }
    }
    #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
    #expect(checks > 5_000)
}

@Test func addAndElapsedAreInverses() {
    var rng = SplitMix64(seed: 42)
    var failures: [String] = []
    for round in 0..<400 {
        let start = randomWindowStart(&rng)
        let spec = randomSpec(&rng, windowStartDay: start / 86_400, windowDays: 30)
        let cal = spec.makeCalendar()
        for _ in 0..<10 {
            let s = Instant(seconds: start + Int64.random(in: 0..<(30 * 86_400), using: &rng))
            let d = Int64.random(in: 0...(Int.random(in: 0..<4, using: &rng) == 0 ? 400 * 3600 : 20 * 3600), using: &rng)
            if let t = cal.add(d, to: s) {
                if t < s { failures.append("round \(round): add(\(d), \(s)) = \(t) is before the start") }
                if cal.elapsed(from: s, to: t) != d { failures.append("round \(round): elapsed(s, add(\(d), \(s))) = \(cal.elapsed(from: s, to: t))") }
                if d > 0, cal.elapsed(from: s, to: t - 1) >= d { failures.append("round \(round): add(\(d), \(s)) = \(t) is not the earliest") }
            } else if cal.hasOpenTime {
                failures.append("round \(round): add(\(d), \(s)) = nil on \(spec)")
            }
            let u = s + Int64.random(in: 0...(40 * 86_400), using: &rng)
            let e = cal.elapsed(from: s, to: u)
            if let back = cal.add(e, to: s), back > u {
                failures.append("round \(round): add(elapsed(\(s), \(u)) = \(e)) = \(back) is after \(u)")
            }
            let mid = s + Int64.random(in: 0...(u - s), using: &rng)
            if cal.elapsed(from: s, to: mid) + cal.elapsed(from: mid, to: u) != e {
                failures.append("round \(round): elapsed is not additive at \(mid)")
            }
        }
        if failures.count > 20 { break }
    }
    #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
}

@Test func zoneTableAgreesWithFoundationIncludingTheRepeatingFarFuture() {
    var rng = SplitMix64(seed: 99)
    var failures: [String] = []
    for id in zones + ["Europe/London", "America/Sao_Paulo", "Pacific/Chatham"] {
        let zone = TimeZone(identifier: id)!
        let rules = ZoneRules.rules(for: zone)
        for _ in 0..<2_000 {
            // 1950 .. 3000
            let t = Int64.random(in: -631_152_000...32_503_680_000, using: &rng)
            let want = Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(t))))
            let (offset, end) = rules.span(at: t)
            if offset != want { failures.append("\(id) offset at \(Instant(seconds: t)): \(offset), Foundation \(want)") }
            if end <= t { failures.append("\(id) span end \(end) not after \(t)") }
            if end != .max, end < 40_000_000_000 {
                let before = Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(end - 1))))
                let after = Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(end))))
                if before != offset || after == offset { failures.append("\(id) span end \(Instant(seconds: end)) is not a change") }
            }
        }
    }
    #expect(failures.isEmpty, "\(failures.prefix(10).joined(separator: "\n"))")
}

/// The window answers (`BusinessCalendar.Window`) are the calendar's own and the reference's,
/// for a caller that keeps one window while time moves forward (as the engine does per
/// calendar), with queries reaching back before the window and ahead across daylight-saving
/// changes and holidays, and with the window's own edges as instants.
@Test func windowAnswersAgreeWithTheCalendarAndTheReference() {
    var rng = SplitMix64(seed: 0x5EED_0F_3A11)
    var failures: [String] = []
    var checks = 0
    var hits = 0
    for round in 0..<240 {
        let (start, spec, cal, ref) = randomRound(&rng)
        func fail(_ what: String) {
            if failures.count < 20 { failures.append("round \(round) \(spec) window \(Instant(seconds: start)): \(what)") }
        }
        var window = BusinessCalendar.Window()
        var now = ref.windowStart
        while now < ref.windowEnd {
            let before = window
            let t = Instant(seconds: now)
            let earlier = Int64.random(in: ref.windowStart...now, using: &rng)
            checks += 1
            let elapsed = cal.elapsed(from: Instant(seconds: earlier), to: t, window: &window)
            if elapsed != ref.elapsed(earlier, now) || elapsed != cal.elapsed(from: Instant(seconds: earlier), to: t) {
                fail("elapsed(\(Instant(seconds: earlier)), \(t)) through \(before) = \(elapsed), want \(ref.elapsed(earlier, now))")
            }
            if before.start <= earlier && now <= before.end { hits += 1 }
            let open = cal.isOpen(at: t, window: &window)
            if open != ref.isOpen(now) { fail("isOpen(\(t)) through the window = \(open)") }
            let available = ref.elapsed(now, ref.windowEnd)
            if available > 0 {
                var d = Int64.random(in: 0...min(available, Int64.random(in: 1...(4 * 3600), using: &rng)), using: &rng)
                if Bool.random(using: &rng), window.contains(now), window.isOpen {
                    d = max(0, min(available, window.end - now + Int64.random(in: -1...1, using: &rng)))  // around the window's end
                } else if Bool.random(using: &rng), window.contains(now), !window.isOpen, window.reopenEnd > window.end {
                    // Around the end of the open stretch after a closed window.
                    d = max(0, min(available, window.reopenEnd - window.end + Int64.random(in: -1...1, using: &rng)))
                }
                let got = cal.add(d, to: t, window: &window)?.seconds
                if got != ref.add(d, now) || got != cal.add(d, to: t)?.seconds {
                    fail("add(\(d), \(t)) through the window = \(got.map { "\(Instant(seconds: $0))" } ?? "nil"), want \(ref.add(d, now).map { "\(Instant(seconds: $0))" } ?? "nil")")
                }
            }
            let opens = cal.nextOpen(atOrAfter: t, window: &window)?.seconds
            if let want = ref.nextOpen(atOrAfter: now) {
                if opens != want { fail("nextOpen(atOrAfter: \(t)) through the window = \(opens.map { "\(Instant(seconds: $0))" } ?? "nil")") }
            } else if opens != cal.nextOpen(atOrAfter: t)?.seconds {
                fail("nextOpen(atOrAfter: \(t)) through the window differs from the calendar's")
            }
            // The window is exact: open (or closed) throughout, and its state changes at its end.
            if window.contains(now), window.end < ref.windowEnd {
                if ref.elapsed(window.start, window.end) != (window.isOpen ? window.end - window.start : 0) { fail("window \(window) is not uniform") }
                if ref.isOpen(window.end) == window.isOpen { fail("window \(window) does not end at a change") }
                if !window.isOpen, window.reopenEnd < ref.windowEnd {
                    if ref.elapsed(window.end, window.reopenEnd) != window.reopenEnd - window.end { fail("window \(window) is not open until reopenEnd") }
                    if ref.isOpen(window.reopenEnd) { fail("window \(window): the open stretch does not end at reopenEnd") }
                }
            }
            // Forward, in steps from a second to a few hours, sometimes to the window's end exactly.
            if Int.random(in: 0..<4, using: &rng) == 0, window.end > now, window.end < ref.windowEnd {
                now = window.end - Int64.random(in: 0...1, using: &rng)
                if now <= t.seconds { now = t.seconds + 1 }
            } else {
                now += [1, 59, 600, 3599, 4 * 3600][Int.random(in: 0..<5, using: &rng)]
            }
        }
        if failures.count >= 20 { break }
    }
    #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
    #expect(checks > 5_000)
    #expect(hits > checks / 4)
}
