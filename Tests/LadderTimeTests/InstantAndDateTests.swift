import Foundation
import LadderTestSupport
import Testing
@testable import LadderTime

// MARK: Instant parsing

@Test func instantParsesOffsetsInEveryAcceptedSpelling() {
    let expected = Instant(seconds: 1_795_192_200)  // 2026-11-20T16:30:00Z
    for text in [
        "2026-11-20T17:30:00+01:00", "2026-11-20T16:30:00Z", "2026-11-20T17:30:00+0100",
        "2026-11-20T17:30+01:00", "2026-11-20T17:30:00.999+01:00", "2026-11-20t16:30:00z",
        "2026-11-20 11:30:00-05:00", "2026-11-20T22:00:00+05:30", "2026-11-20T17:30:00+01",
    ] {
        #expect(Instant.parse(text) == .success(expected), "\(text)")
    }
}

@Test func instantWithoutOffsetIsRefusedWithAHint() {
    guard case .failure(let error) = Instant.parse("2026-11-20T17:30:00") else {
        Issue.record("accepted a wall-clock time without offset"); return
    }
    #expect(error.offset == 19)
    #expect(error.message.contains("no UTC offset"))
    #expect(error.hint?.contains("+01:00") == true)
}

@Test func instantErrorsPointAtTheOffendingPart() {
    func offset(_ text: String) -> Int? {
        if case .failure(let error) = Instant.parse(text) { return error.offset }
        return nil
    }
    #expect(offset("2026-11-20T25:00:00Z") == 11)
    #expect(offset("2026-11-20T17:61:00Z") == 14)
    #expect(offset("2026-02-30T10:00:00Z") == 8)
    #expect(offset("2026-11-20") == 10)
    #expect(offset("2026-11-20X17:30:00Z") == 10)
    #expect(offset("2026-11-20T17:30:00+25:00") == 19)
    #expect(offset("2026-11-20T17:30:00Z junk") == 20)
    #expect(offset("20261120") != nil)
    #expect(offset("") == 0)
}

// MARK: Instant formatting

@Test func iso8601UsesTheOffsetOfTheZoneAtThatInstant() {
    let winter = at("2026-11-20T16:30:00Z")
    #expect(winter.iso8601(in: zone("Europe/Berlin")) == "2026-11-20T17:30:00+01:00")
    #expect(at("2026-07-01T10:00:00Z").iso8601(in: zone("Europe/Berlin")) == "2026-07-01T12:00:00+02:00")
    #expect(winter.iso8601(in: zone("America/New_York")) == "2026-11-20T11:30:00-05:00")
    #expect(winter.iso8601(in: zone("Asia/Kolkata")) == "2026-11-20T22:00:00+05:30")
    #expect(winter.iso8601(in: zone("UTC")) == "2026-11-20T16:30:00+00:00")
    #expect(winter.iso8601() == "2026-11-20T16:30:00Z")
    #expect(winter.description == "2026-11-20T16:30:00Z")
}

@Test func compactFormShowsWeekdayAndOffsetForTraces() {
    #expect(at("2026-11-20T16:30:00Z").compact(in: zone("Europe/Berlin")) == "Fri 2026-11-20 17:30 +01:00")
    #expect(at("2026-11-20T16:30:15Z").compact(in: zone("Europe/Berlin")) == "Fri 2026-11-20 17:30:15 +01:00")
}

@Test func formattingRoundTripsThroughParsing() {
    var rng = SplitMix64(seed: 7)
    for _ in 0..<200 {
        let t = Instant(seconds: Int64.random(in: -2_000_000_000...4_000_000_000, using: &rng))
        for id in ["Europe/Berlin", "Australia/Lord_Howe", "America/New_York"] {
            #expect(Instant.parse(t.iso8601(in: zone(id))) == .success(t))
        }
    }
}

@Test func wallClockTimeInAZoneResolvesGapsForwardAndOverlapsToTheFirstOccurrence() {
    let berlin = zone("Europe/Berlin")
    #expect(Instant(date: date("2026-11-20"), hour: 17, minute: 30, in: berlin) == at("2026-11-20T17:30:00+01:00"))
    #expect(Instant(date: date("2026-03-29"), hour: 2, minute: 30, in: berlin) == at("2026-03-29T03:30:00+02:00"))
    #expect(Instant(date: date("2026-10-25"), hour: 2, minute: 30, in: berlin) == at("2026-10-25T02:30:00+02:00"))
}

// MARK: Dates, weekdays, times of day

@Test func localDateParsesRealDatesAndKnowsTheirWeekday() {
    #expect(date("2026-12-24").weekday == .thu)
    #expect(date("2026-11-20").weekday == .fri)
    #expect(date("1970-01-01").weekday == .thu)
    #expect(date("2024-02-29").description == "2024-02-29")
    #expect(date("2000-02-29").adding(days: 1) == date("2000-03-01"))
    #expect(LocalDate(daysSinceEpoch: date("1969-12-31").daysSinceEpoch) == date("1969-12-31"))
    #expect(date("1969-12-31").daysSinceEpoch == -1)
}

@Test func localDateRefusesDaysThatDoNotExist() {
    guard case .failure(let error) = LocalDate.parse("2026-02-29") else { Issue.record("accepted 2026-02-29"); return }
    #expect(error.message.contains("February 2026 has 28 days"))
    #expect(error.offset == 8)
    #expect(LocalDate.parse("1900-02-29").isFailure)
    #expect(LocalDate.parse("2026-13-01").isFailure)
    #expect(LocalDate.parse("2026-12-24x").isFailure)
    #expect(LocalDate.parse("26-12-24").isFailure)
    #expect(LocalDate(year: 2026, month: 4, day: 31) == nil)
}

@Test func civilArithmeticAgreesWithALoopOverDays() {
    var day = LocalDate(year: 1899, month: 12, day: 25)!  // a Monday, 25 574 days before 1970
    #expect(day.weekday == .mon)
    var mismatches: [Int64] = []
    for n in Int64(-25_574)...Int64(30_000) {
        if day.daysSinceEpoch != n || LocalDate(daysSinceEpoch: n) != day { mismatches.append(n) }
        day = day.day < LocalDate.daysIn(month: day.month, year: day.year)
            ? LocalDate(year: day.year, month: day.month, day: day.day + 1)!
            : (day.month < 12 ? LocalDate(year: day.year, month: day.month + 1, day: 1)! : LocalDate(year: day.year + 1, month: 1, day: 1)!)
    }
    #expect(mismatches.isEmpty)
}

@Test func weekdaysParseFromTheirWorkflowNames() {
    #expect(Weekday.allCases.map(\.name) == ["mon", "tue", "wed", "thu", "fri", "sat", "sun"])
    #expect(Weekday(name: "sat") == .sat)
    #expect(Weekday(name: "Sat") == nil)
}

@Test func timeOfDayAcceptsOneDigitHoursAndTwentyFourOnlyAsAnEnd() {
    #expect(TimeOfDay.parse("08:00") == .success(TimeOfDay(hour: 8, minute: 0)!))
    #expect(TimeOfDay.parse("8:00") == .success(TimeOfDay(hour: 8, minute: 0)!))
    #expect(TimeOfDay.parse("24:00", allowEndOfDay: true) == .success(.endOfDay))
    #expect(TimeOfDay.parse("24:00").isFailure)
    #expect(TimeOfDay.parse("25:00").isFailure)
    #expect(TimeOfDay.parse("08:5").isFailure)
    #expect(TimeOfDay.parse("0800").isFailure)
    #expect(TimeOfDay(minutes: 1441) == nil)
    #expect(TimeOfDay(hour: 9, minute: 5)!.description == "09:05")
}

extension Result {
    var isFailure: Bool {
        if case .failure = self { return true }
        return false
    }
}
