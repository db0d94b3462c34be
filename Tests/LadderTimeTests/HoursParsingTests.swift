import Testing
@testable import LadderTime

private func dayError(_ text: String) -> TimeParseError? {
    if case .failure(let error) = Weekday.parseDays(text) { return error }
    return nil
}

private func hoursError(_ text: String) -> TimeParseError? {
    if case .failure(let error) = OpenRange.parseList(text) { return error }
    return nil
}

// MARK: Day keys

@Test func dayKeysNameSingleDaysRangesAndLists() {
    #expect(Weekday.parseDays("mon") == .success([.mon]))
    #expect(Weekday.parseDays("mon-fri") == .success([.mon, .tue, .wed, .thu, .fri]))
    #expect(Weekday.parseDays("sat-sun") == .success([.sat, .sun]))
    #expect(Weekday.parseDays("mon, wed-fri") == .success([.mon, .wed, .thu, .fri]))
    #expect(Weekday.parseDays("sun,mon") == .success([.mon, .sun]))
    #expect(Weekday.parseDays(" mon - wed ") == .success([.mon, .tue, .wed]))
    #expect(Weekday.parseDays("fri-fri") == .success([.fri]))
}

@Test func reversedDayRangeIsAnErrorWithAWeekendHint() {
    let error = dayError("mon, fri-mon")
    #expect(error?.offset == 5)
    #expect(error?.message == "day range \"fri-mon\" runs backwards")
    #expect(error?.hint?.contains("\"fri-sun, mon\"") == true)
    #expect(dayError("sun-tue")?.hint?.contains("\"sun, mon-tue\"") == true)
}

@Test func unknownDayNamesGetADidYouMean() {
    #expect(dayError("mon, thurs")?.offset == 5)
    #expect(dayError("mon, thurs")?.message == "unknown day \"thurs\"")
    #expect(dayError("mon, thurs")?.hint?.hasPrefix("did you mean \"thu\"?") == true)
    #expect(dayError("Monday")?.hint?.hasPrefix("did you mean \"mon\"?") == true)
    #expect(dayError("mon-fir")?.hint?.hasPrefix("did you mean \"fri\"?") == true)
    #expect(dayError("Sat")?.hint?.hasPrefix("did you mean \"sat\"?") == true)
    #expect(dayError("weekdays")?.hint == "days are mon, tue, wed, thu, fri, sat, sun")
}

@Test func malformedDayKeysAreErrorsWithOffsets() {
    #expect(dayError("")?.message == "empty day key")
    #expect(dayError("mon;tue")?.offset == 3)
    #expect(dayError("mon,")?.offset == 4)
    #expect(dayError("mon-")?.offset == 4)
    #expect(dayError("mon, mon-fri")?.message.contains("mon is named twice") == true)
    #expect(dayError("mon, mon-fri")?.offset == 5)
}

// MARK: Hours values

@Test func hoursValuesParseSingleSplitWholeDayAndClosed() {
    #expect(OpenRange.parseList("08:00-18:00") == .success(ranges("08:00-18:00")))
    #expect(try! OpenRange.parseList("08:00-12:00, 13:00-17:00").get().map(\.description) == ["08:00-12:00", "13:00-17:00"])
    #expect(OpenRange.parseList("00:00-24:00") == .success([.wholeDay]))
    #expect(OpenRange.parseList("closed") == .success([]))
    #expect(OpenRange.parseList("") == .success([]))
    #expect(OpenRange.parseList("   ") == .success([]))
    #expect(OpenRange.parseList("8:00-12:00") == OpenRange.parseList("08:00-12:00"))
    #expect(try! OpenRange.parseList("13:00-17:00,08:00-12:00").get().map(\.description) == ["08:00-12:00", "13:00-17:00"])
    #expect(try! OpenRange.parseList("08:00-12:00, 12:00-17:00").get().count == 2)
}

@Test func badTimesInHoursAreErrorsWithOffsets() {
    #expect(hoursError("25:00-26:00")?.offset == 0)
    #expect(hoursError("25:00-26:00")?.message.contains("hour 25 does not exist") == true)
    #expect(hoursError("08:00-25:00")?.offset == 6)
    #expect(hoursError("08:60-09:00")?.offset == 3)
    #expect(hoursError("24:00-24:00")?.message == "24:00 can only end a range")
    #expect(hoursError("08:00")?.offset == 5)
    #expect(hoursError("08:00-12:00 13:00-17:00")?.offset == 12)
    #expect(hoursError("08:00-12:00,")?.offset == 12)
    #expect(hoursError("open")?.message == "\"open\" is not an hours value")
    #expect(hoursError("08.00-12.00")?.offset == 2)
}

@Test func rangeEndingBeforeItStartsIsAnError() {
    let error = hoursError("18:00-08:00")
    #expect(error?.message == "range 18:00-08:00 ends before it starts")
    #expect(error?.offset == 6)
    #expect(error?.hint?.contains("cannot cross midnight") == true)
    #expect(hoursError("09:00-09:00")?.message == "range 09:00-09:00 ends before it starts")
    #expect(hoursError("22:00-00:00")?.hint == "the end of the day is written 24:00")
}

@Test func overlappingRangesOnOneDayAreAnError() {
    let error = hoursError("08:00-12:00, 11:00-17:00")
    #expect(error?.message == "ranges 08:00-12:00 and 11:00-17:00 overlap")
    #expect(error?.offset == 13)
}

// MARK: The hours mapping

@Test func hoursMappingBuildsWeeklyHours() {
    let (hours, issues) = WeeklyHours.parse([("mon-fri", "08:00-18:00"), ("sat", "09:00-13:00")])
    #expect(issues.isEmpty)
    #expect(hours[.wed] == ranges("08:00-18:00"))
    #expect(hours[.sat] == ranges("09:00-13:00"))
    #expect(hours[.sun].isEmpty)
    #expect(hours.weeklyOpenSeconds == 54 * 3600)
    #expect(hours.description == "mon-fri 08:00-18:00; sat 09:00-13:00")
}

@Test func dayListedInTwoKeysIsAnErrorNamingTheDay() {
    let (hours, issues) = WeeklyHours.parse([("mon-fri", "08:00-18:00"), ("sat, fri", "09:00-12:00")])
    #expect(issues.count == 1)
    let issue = issues.first
    #expect(issue?.entry == 1)
    #expect(issue?.part == .days)
    #expect(issue?.error.offset == 5)
    #expect(issue?.error.message == "fri is given hours twice, in \"mon-fri\" and in \"sat, fri\"; its ranges 08:00-18:00 and 09:00-12:00 overlap")
    #expect(hours[.fri] == ranges("08:00-18:00"))
    #expect(hours[.sat] == ranges("09:00-12:00"))
}

@Test func dayListedTwiceWithoutOverlapIsStillAnError() {
    let (_, issues) = WeeklyHours.parse([("mon", "08:00-12:00"), ("mon", "13:00-17:00")])
    #expect(issues.map(\.error.message) == ["mon is given hours twice, in \"mon\" and in \"mon\""])
}

@Test func hoursMappingReportsEveryBadEntry() {
    let (hours, issues) = WeeklyHours.parse([("mon-fir", "08:00-18:00"), ("sat", "9:00-25:00"), ("sun", "10:00-12:00")])
    #expect(issues.map(\.entry) == [0, 1])
    #expect(issues.map(\.part) == [.days, .hours])
    #expect(issues[1].error.offset == 5)
    #expect(hours[.sun] == ranges("10:00-12:00"))
}

@Test func weeklyHoursInitializerMergesOverlapsInsteadOfCrashing() {
    let hours = WeeklyHours([.mon: ranges("13:00-17:00") + ranges("08:00-14:00")])
    #expect(hours[.mon] == ranges("08:00-17:00"))
}
