import Foundation
import LadderTestSupport
import Testing
@testable import LadderTime

/// A calendar from `hours:` entries as a workflow would write them.
func calendar(
    _ entries: [(days: String, hours: String)], zone identifier: String = "Europe/Berlin", holidays: [String] = []
) -> BusinessCalendar {
    let (hours, issues) = WeeklyHours.parse(entries)
    #expect(issues.isEmpty, "\(issues)")
    return BusinessCalendar(name: "test", timeZone: zone(identifier), hours: hours, holidays: Set(holidays.map(date)))
}

let hour: Int64 = 3600

private let office = calendar([("mon-fri", "09:00-17:00")])

// MARK: Reaching a target

@Test func p1OpenedFridayAtClosingIsDueMondayNotFridayNight() {
    let start = at("2026-11-20T17:00:00+01:00")  // a Friday
    #expect(office.add(4 * hour, to: start) == at("2026-11-23T13:00:00+01:00"))
    #expect(office.elapsed(from: start, to: at("2026-11-23T13:00:00+01:00")) == 4 * hour)
}

@Test func eightHourTargetStartedAtOpeningIsReachedAtClosingTheSameDay() {
    let start = at("2026-11-23T09:00:00+01:00")
    #expect(office.add(8 * hour, to: start) == at("2026-11-23T17:00:00+01:00"))
}

@Test func addingNothingReturnsTheStartEvenWhenClosed() {
    let saturday = at("2026-11-21T12:00:00+01:00")
    #expect(office.add(0, to: saturday) == saturday)
    #expect(office.add(-5, to: saturday) == saturday)
}

@Test func clockStartedBeforeOpeningCountsFromOpening() {
    let start = at("2026-11-23T07:30:00+01:00")
    #expect(office.add(1 * hour, to: start) == at("2026-11-23T10:00:00+01:00"))
    #expect(office.elapsed(from: start, to: at("2026-11-23T09:30:00+01:00")) == 1800)
}

@Test func clockStartedOnSundayCountsFromMondayOpening() {
    #expect(office.add(30 * 60, to: at("2026-11-22T23:59:00+01:00")) == at("2026-11-23T09:30:00+01:00"))
}

@Test func targetLongerThanADayCarriesOverNights() {
    let start = at("2026-11-23T15:00:00+01:00")
    #expect(office.add(10 * hour, to: start) == at("2026-11-24T17:00:00+01:00"))
    #expect(office.add(10 * hour + 1, to: start) == at("2026-11-25T09:00:01+01:00"))
}

@Test func holidaysAreClosedAllDay() {
    let cal = calendar([("mon-fri", "09:00-17:00")], holidays: ["2026-12-24", "2026-12-25"])
    // Wed 16:00: one hour on Wednesday, Thu/Fri holidays, weekend, rest on Monday 28th.
    #expect(cal.add(2 * hour, to: at("2026-12-23T16:00:00+01:00")) == at("2026-12-28T10:00:00+01:00"))
    #expect(cal.elapsed(from: at("2026-12-23T00:00:00+01:00"), to: at("2026-12-29T00:00:00+01:00")) == 16 * hour)
    #expect(!cal.isOpen(at: at("2026-12-24T10:00:00+01:00")))
    // A target filling Wednesday is reached at Wednesday's closing, not after the holidays.
    #expect(cal.add(1 * hour, to: at("2026-12-23T16:00:00+01:00")) == at("2026-12-23T17:00:00+01:00"))
    #expect(cal.nextOpen(atOrAfter: at("2026-12-24T10:00:00+01:00")) == at("2026-12-28T09:00:00+01:00"))
}

@Test func holidayOnAClosedWeekdayChangesNothing() {
    let cal = calendar([("mon-fri", "09:00-17:00")], holidays: ["2026-11-21"])  // a Saturday
    let start = at("2026-11-20T16:00:00+01:00")
    #expect(cal.add(2 * hour, to: start) == office.add(2 * hour, to: start))
}

@Test func splitHoursSkipTheLunchBreak() {
    let cal = calendar([("mon-fri", "08:00-12:00, 13:00-17:00")])
    #expect(cal.add(2 * hour, to: at("2026-11-23T11:00:00+01:00")) == at("2026-11-23T14:00:00+01:00"))
    #expect(cal.add(1 * hour, to: at("2026-11-23T11:00:00+01:00")) == at("2026-11-23T12:00:00+01:00"))
    #expect(cal.elapsed(from: at("2026-11-23T11:30:00+01:00"), to: at("2026-11-23T13:30:00+01:00")) == 1 * hour)
    #expect(!cal.isOpen(at: at("2026-11-23T12:30:00+01:00")))
}

@Test func elapsedIsZeroForEmptyOrReversedIntervals() {
    let t = at("2026-11-23T10:00:00+01:00")
    #expect(office.elapsed(from: t, to: t) == 0)
    #expect(office.elapsed(from: t, to: t - 60) == 0)
}

@Test func rangesAcrossMidnightJoinIntoOneOpenStretch() {
    let cal = calendar([("mon", "22:00-24:00"), ("tue", "00:00-02:00")])
    let monday = at("2026-11-23T23:00:00+01:00")
    #expect(cal.add(2 * hour, to: monday) == at("2026-11-24T01:00:00+01:00"))
    #expect(cal.nextChange(after: monday) == at("2026-11-24T02:00:00+01:00"))
}

// MARK: Time zones and daylight saving time

private let berlinAllDay = calendar([("mon-sun", "00:00-24:00")], holidays: ["2020-01-01"])

@Test func wholeDayCalendarCountsTwentyThreeHoursOnSpringForwardDay() {
    let from = at("2026-03-29T00:00:00+01:00"), to = at("2026-03-30T00:00:00+02:00")
    #expect(berlinAllDay.elapsed(from: from, to: to) == 23 * hour)
    let always = calendar([("mon-sun", "00:00-24:00")])
    #expect(always.elapsed(from: from, to: to) == 23 * hour)
}

@Test func wholeDayCalendarCountsTwentyFiveHoursOnFallBackDay() {
    let from = at("2026-10-25T00:00:00+02:00"), to = at("2026-10-26T00:00:00+01:00")
    #expect(berlinAllDay.elapsed(from: from, to: to) == 25 * hour)
    #expect(berlinAllDay.add(25 * hour, to: from) == to)
}

@Test func skippedHourIsNotCountedWhenHoursSpanTheSpringForwardGap() {
    let cal = calendar([("sun", "01:00-04:00")])
    let day = at("2026-03-29T00:00:00+01:00")
    #expect(cal.elapsed(from: day, to: day + 24 * hour) == 2 * hour)
    // 01:00-02:00 CET, then the clocks jump to 03:00 CEST.
    #expect(cal.add(90 * 60, to: day) == at("2026-03-29T03:30:00+02:00"))
    #expect(cal.add(1 * hour, to: day) == at("2026-03-29T02:00:00+01:00"))
    #expect(cal.isOpen(at: at("2026-03-29T03:00:00+02:00")))
    #expect(cal.nextChange(after: day) == at("2026-03-29T01:00:00+01:00"))
    #expect(cal.nextChange(after: at("2026-03-29T01:00:00+01:00")) == at("2026-03-29T04:00:00+02:00"))
}

@Test func repeatedHourCountsTwiceWhenHoursSpanTheFallBackOverlap() {
    let cal = calendar([("sun", "01:00-04:00")])
    let day = at("2026-10-25T00:00:00+02:00")
    #expect(cal.elapsed(from: day, to: day + 24 * hour) == 4 * hour)
    #expect(cal.isOpen(at: at("2026-10-25T02:30:00+02:00")))
    #expect(cal.isOpen(at: at("2026-10-25T02:30:00+01:00")))
    #expect(cal.add(150 * 60, to: day) == at("2026-10-25T02:30:00+01:00"))
}

@Test func holidayOnDaylightSavingDayClosesTheWholeLocalDay() {
    let cal = calendar([("mon-sun", "00:00-24:00")], holidays: ["2026-10-25"])
    let from = at("2026-10-24T12:00:00+02:00"), to = at("2026-10-26T12:00:00+01:00")
    #expect(cal.elapsed(from: from, to: to) == 24 * hour)
    #expect(cal.nextClosed(atOrAfter: from) == at("2026-10-25T00:00:00+02:00"))
    #expect(cal.nextChange(after: at("2026-10-25T00:00:00+02:00")) == at("2026-10-26T00:00:00+01:00"))
}

@Test func openHoursAreReadInTheCalendarsZone() {
    let newYork = calendar([("mon-fri", "09:00-17:00")], zone: "America/New_York")
    #expect(newYork.add(4 * hour, to: at("2026-11-20T17:00:00-05:00")) == at("2026-11-23T13:00:00-05:00"))
    let kolkata = calendar([("mon-fri", "09:30-18:30")], zone: "Asia/Kolkata")
    #expect(kolkata.isOpen(at: at("2026-11-23T04:00:00Z")))  // 09:30 IST
    #expect(!kolkata.isOpen(at: at("2026-11-23T03:59:59Z")))
}

@Test func lordHoweHalfHourShiftIsHandled() {
    // Lord Howe Island moves from +10:30 to +11:00 on 2026-10-04 at 02:00 local.
    let cal = calendar([("sun", "01:00-04:00")], zone: "Australia/Lord_Howe")
    let day = at("2026-10-04T00:00:00+10:30")
    #expect(cal.elapsed(from: day, to: day + 24 * hour) == 150 * 60)
    #expect(cal.add(1 * hour + 60, to: day) == at("2026-10-04T02:31:00+11:00"))
}

// MARK: Open and closed

@Test func nextOpenAndNextChangeFollowTheHours() {
    let friday = at("2026-11-20T18:00:00+01:00")
    #expect(office.nextOpen(atOrAfter: friday) == at("2026-11-23T09:00:00+01:00"))
    #expect(office.nextChange(after: friday) == at("2026-11-23T09:00:00+01:00"))
    let monday = at("2026-11-23T09:00:00+01:00")
    #expect(office.nextOpen(atOrAfter: monday) == monday)
    #expect(office.nextChange(after: monday) == at("2026-11-23T17:00:00+01:00"))
    #expect(office.nextChange(after: at("2026-11-23T16:59:59+01:00")) == at("2026-11-23T17:00:00+01:00"))
}

@Test func alwaysCalendarIsOpenAndNeverChanges() {
    let t = at("2026-11-20T18:00:00+01:00")
    #expect(BusinessCalendar.always.isOpen(at: t))
    #expect(BusinessCalendar.always.nextChange(after: t) == nil)
    #expect(BusinessCalendar.always.add(4 * hour, to: t) == t + 4 * hour)
    #expect(BusinessCalendar.always.elapsed(from: t, to: t + 7) == 7)
    #expect(BusinessCalendar.always.timeZone.secondsFromGMT() == 0)
}

@Test func calendarWithoutOpenTimeNeverReachesATarget() {
    let closed = BusinessCalendar(name: "never", timeZone: zone("Europe/Berlin"), hours: WeeklyHours())
    let t = at("2026-11-20T18:00:00+01:00")
    #expect(!closed.hasOpenTime)
    #expect(closed.add(1, to: t) == nil)
    #expect(closed.add(0, to: t) == t)
    #expect(closed.nextOpen(atOrAfter: t) == nil)
    #expect(closed.nextChange(after: t) == nil)
    #expect(closed.elapsed(from: t, to: t + 1_000_000) == 0)
    #expect(!closed.isOpen(at: t))
}

@Test func farFutureTargetsTerminateAndStayConsistent() {
    let cal = calendar([("wed", "10:00-11:00")], zone: "America/New_York", holidays: ["2300-01-07"])
    let start = at("2026-01-01T00:00:00Z")
    // 100 years of open time at one hour a week is about 876 000 weeks, i.e. ~16 800 years away.
    let hundredYears = DurationValue.maximumSeconds
    let end = cal.add(hundredYears, to: start)
    #expect(end != nil)
    if let end { #expect(cal.elapsed(from: start, to: end) == hundredYears) }
    // 400+ years ahead: a simple target still lands in opening hours.
    let far = at("2426-03-01T00:00:00Z")
    if let due = cal.add(1800, to: far) {
        #expect(cal.elapsed(from: far, to: due) == 1800)
        #expect(due.compact(in: zone("America/New_York")).hasPrefix("Wed 2426-03-04 10:30"))
    } else {
        Issue.record("no due instant 400 years ahead")
    }
    // Beyond the horizon: nil, not a loop.
    #expect(cal.add(Int64.max, to: start) == nil)
    let allOpen = BusinessCalendar(name: "x", timeZone: zone("Europe/Berlin"), hours: .allDay, holidays: [date("2026-01-01")])
    #expect(allOpen.nextClosed(atOrAfter: at("2027-01-01T00:00:00Z")) == nil)
}

// MARK: What d and w mean

@Test func dayIsTheLongestOpenWeekdayAndWeekIsTheWeeklyOpenTime() {
    let weekdays = calendar([("mon-fri", "08:00-18:00")])
    #expect(weekdays.openSeconds(of: try! DurationValue.parse("1d").get()) == 10 * hour)
    #expect(weekdays.openSeconds(of: try! DurationValue.parse("1w").get()) == 50 * hour)
    #expect(weekdays.openSeconds(of: try! DurationValue.parse("1w2d3h").get()) == 73 * hour)
    #expect(!weekdays.dayLengthIsAmbiguous)

    let withSaturday = calendar([("mon-fri", "08:00-18:00"), ("sat", "09:00-13:00")])
    #expect(withSaturday.openSeconds(of: try! DurationValue.parse("1w").get()) == 54 * hour)
    #expect(withSaturday.openSeconds(of: try! DurationValue.parse("1d").get()) == 10 * hour)
    #expect(withSaturday.dayLengthIsAmbiguous)
}

@Test func dayIsTwentyFourHoursOnTheAlwaysCalendar() {
    let always = BusinessCalendar.always
    #expect(always.openSeconds(of: try! DurationValue.parse("2d").get()) == 48 * hour)
    #expect(always.openSeconds(of: try! DurationValue.parse("1w").get()) == 168 * hour)
    #expect(always.openSeconds(of: try! DurationValue.parse("1h30m").get()) == 5400)
    #expect(always.hasOpenTime && !always.dayLengthIsAmbiguous)
}

@Test func oneDayTargetOnABusinessCalendarFillsOneWorkingDay() {
    let weekdays = calendar([("mon-fri", "08:00-18:00")])
    let oneDay = weekdays.openSeconds(of: try! DurationValue.parse("1d").get())
    #expect(weekdays.add(oneDay, to: at("2026-11-20T13:00:00+01:00")) == at("2026-11-23T13:00:00+01:00"))
}

@Test func calendarsCompareByDefinition() {
    let a = calendar([("mon-fri", "09:00-17:00")])
    let b = calendar([("mon", "09:00-17:00"), ("tue-fri", "09:00-17:00")])
    #expect(a == b)
    #expect(a != calendar([("mon-fri", "09:00-17:00")], zone: "UTC"))
    #expect(a.description == "test (Europe/Berlin): mon-fri 09:00-17:00")
}

@Test func extremeInstantsAndAmountsNeverTrap() {
    let calendars = [
        BusinessCalendar.always, office,
        calendar([("mon-sun", "00:00-24:00")], zone: "Australia/Lord_Howe", holidays: ["2026-01-01"]),
        calendar([("sat", "23:59-24:00")], zone: "America/New_York", holidays: ["2030-06-01"]),
        BusinessCalendar(name: "never", timeZone: zone("UTC"), hours: WeeklyHours()),
    ]
    let instants = [Int64.min, -(1 << 42) - 1, -(1 << 42), -1, 0, 1 << 42, (1 << 42) + 1, Int64.max].map(Instant.init(seconds:))
    let amounts: [Int64] = [.min, -1, 0, 1, 3600, DurationValue.maximumSeconds, 1 << 44, .max]
    for cal in calendars {
        for a in instants {
            _ = cal.isOpen(at: a)
            _ = cal.nextOpen(atOrAfter: a)
            _ = cal.nextChange(after: a)
            _ = cal.nextClosed(atOrAfter: a)
            for b in instants { _ = cal.elapsed(from: a, to: b) }
            for d in amounts {
                if let t = cal.add(d, to: a), d > 0, a.seconds >= -(1 << 42) {
                    #expect(cal.elapsed(from: a, to: t) == d)
                }
            }
        }
        #expect(cal.openSeconds(of: DurationValue(seconds: .max, days: 1, weeks: 1)) == .max)
    }
    #expect(!Instant(seconds: .max).iso8601(in: zone("Asia/Kolkata")).isEmpty)
    #expect(!Instant(seconds: .min).compact(in: zone("America/New_York")).isEmpty)
}

@Test func farFutureCountsSkippingWholeCyclesMatchCountingEveryOffsetChange() {
    var rng = SplitMix64(seed: 2440)
    let calendars = [
        calendar([("mon-fri", "09:00-17:00"), ("sun", "01:00-04:00")], zone: "Europe/Berlin", holidays: ["2100-12-25"]),
        calendar([("wed", "10:00-11:00")], zone: "America/New_York"),
        calendar([("sat-sun", "00:30-03:30")], zone: "Australia/Lord_Howe", holidays: ["2026-12-25"]),
    ]
    let cycle: Int64 = 146_097 * 86_400
    for cal in calendars {
        for _ in 0..<4 {
            let s = Instant(seconds: Int64.random(in: 0...(40_000_000_000), using: &rng))
            let t = s + Int64.random(in: (2 * cycle)...(4 * cycle), using: &rng)
            #expect(cal.elapsed(from: s, to: t) == cal.elapsedByStretches(s.seconds, t.seconds))
            let d = Int64.random(in: (1 << 31)...(1 << 33), using: &rng)
            if let due = cal.add(d, to: s) {
                #expect(cal.elapsedByStretches(s.seconds, due.seconds) == d)
                #expect(cal.elapsedByStretches(s.seconds, due.seconds - 1) < d)
            } else {
                Issue.record("no due instant for \(d)s from \(s)")
            }
        }
    }
}
