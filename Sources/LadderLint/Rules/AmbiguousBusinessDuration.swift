import LadderDiagnostics
import LadderLanguage
import LadderTime

/// A `d` duration on a business calendar whose open days differ in length.
public struct AmbiguousBusinessDuration: LintRule {
    public static let id = "ambiguous-business-duration"
    public static let severity = Severity.warning
    public static let summary = "A `d` duration is used on a business calendar whose open days differ in length."
    public static let explanation = """
        On a business calendar `1d` is one full working day: the open time of the calendar's longest open \
        weekday. When the open weekdays differ in length (a Saturday half-day, a short Friday), that may not be \
        what was meant. Checked: SLA `target`s (each entry of a `by` table) and `warn … before` durations, on \
        every calendar the clock can run on, and stage clock targets on the stage's calendar. The message says \
        what the duration means there and how long the shorter days are. `w` is not reported: it is the \
        calendar's whole weekly open time, which does not depend on which day is meant. Durations in \
        expressions and `every` are exact (`1d` = 24h) and are not checked.
        """
    public static let badExample = """
        ladder: 1
        workflow: demo
        calendars:
          office:
            timezone: Europe/Berlin
            hours: { mon-fri: "08:00-18:00", sat: "09:00-13:00" }
        stages:
          handle: {}
        slas:
          resolution:
            stop: stage.handle.done
            target: 2d
            calendar: office
        """
    public static let goodExample = """
        ladder: 1
        workflow: demo
        calendars:
          office:
            timezone: Europe/Berlin
            hours: { mon-fri: "08:00-18:00", sat: "09:00-13:00" }
        stages:
          handle: {}
        slas:
          resolution:
            stop: stage.handle.done
            target: 20h
            calendar: office
        """
    public init() {}

    public func check(_ context: inout LintContext) {
        // Only durations with days can be ambiguous (`check` ignores the others): calendars are
        // looked up for those alone.
        for sla in context.workflow.slas {
            var calendars: [PossibleCalendar]?
            for target in sla.possibleTargets where target.duration.value.days != 0 {
                if calendars == nil { calendars = sla.possibleCalendars(context.compiled) }
                check(target.duration, on: calendars!, in: &context)
            }
            for warning in sla.warn {
                if case .before(let duration) = warning.value, duration.days != 0 {
                    if calendars == nil { calendars = sla.possibleCalendars(context.compiled) }
                    check(Located(duration, span: warning.span), on: calendars!, in: &context)
                }
            }
        }
        let stages = context.workflow.stages
        for index in stages.indices {
            guard let own = stages[index].sla, own.target.value.days != 0, let calendar = stages[index].slaCalendar(context.compiled) else { continue }
            check(own.target, on: [calendar], in: &context)
        }
    }

    func check(_ duration: Located<DurationValue>, on calendars: [PossibleCalendar], in context: inout LintContext) {
        guard duration.value.days != 0 else { return }
        let ambiguous = calendars.filter { $0.calendar.dayLengthIsAmbiguous }
        guard let first = ambiguous.first else { return }
        let calendar = first.calendar
        let lengths = Weekday.allCases.map { (day: $0, seconds: calendar.hours.openSeconds(on: $0)) }.filter { $0.seconds > 0 }
        let longest = lengths.map(\.seconds).max() ?? 0
        let longDays = AmbiguousBusinessDuration.days(lengths.filter { $0.seconds == longest }.map(\.day))
        var shorter: [(Int64, [Weekday])] = []
        for (day, seconds) in lengths where seconds != longest {
            if let index = shorter.firstIndex(where: { $0.0 == seconds }) { shorter[index].1.append(day) } else { shorter.append((seconds, [day])) }
        }
        let others = shorter.map { "\(AmbiguousBusinessDuration.days($0.1)) \($0.1.count == 1 ? "is" : "are") \(formatOpen($0.0))" }.joined(separator: ", ")
        let meaning = calendar.openSeconds(of: duration.value)
        let oneDay = duration.value.days == 1 && duration.value.weeks == 0 && duration.value.seconds == 0
        let subject = oneDay ? "`1d`" : "`\(duration.value)` (with `1d` = \(formatOpen(calendar.openSecondsPerDay)))"
        var notes: [Diagnostic.Note] = []
        if let span = first.span { notes.append(Diagnostic.Note("the calendar is named here", span: span)) }
        if ambiguous.count > 1 {
            notes.append(Diagnostic.Note("also ambiguous on: \(ambiguous.dropFirst().map(\.id).joined(separator: ", "))"))
        }
        context.report(
            AmbiguousBusinessDuration.self,
            "\(subject) means \(formatOpen(meaning)) of open time on \(first.id) (its longest day: \(longDays)); \(others)",
            at: duration.span, notes: notes,
            hint: "write the open time in hours, e.g. `\(formatOpen(meaning))`, so that it does not depend on the day")
    }

    /// `mon-fri, sat`: consecutive days as ranges.
    static func days(_ days: [Weekday]) -> String {
        let sorted = days.sorted()
        var parts: [String] = []
        var index = 0
        while index < sorted.count {
            var end = index
            while end + 1 < sorted.count, sorted[end + 1].rawValue == sorted[end].rawValue + 1 { end += 1 }
            parts.append(end == index ? sorted[index].name : end == index + 1 ? "\(sorted[index].name), \(sorted[end].name)" : "\(sorted[index].name)-\(sorted[end].name)")
            index = end + 1
        }
        return parts.joined(separator: ", ")
    }
}
