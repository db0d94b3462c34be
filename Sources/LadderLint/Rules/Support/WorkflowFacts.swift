import LadderDiagnostics
import LadderLanguage
import LadderTime

extension SourceFile {
    /// The text under a span.
    func text(of span: SourceSpan) -> String {
        let start = max(0, min(span.start.offset, bytes.count))
        let end = max(start, min(span.end.offset, bytes.count))
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }
}

/// A duration a clock may get as its target, with where it is written and what selects it.
struct PossibleTarget {
    var duration: Located<DurationValue>
    /// `P1`, `default`, or nil for a fixed target.
    var key: String?

    /// `the P1 target` / `the target`.
    var label: String { key.map { "the `\($0)` target" } ?? "the target" }
}

/// A calendar a clock may run on.
struct PossibleCalendar {
    var id: String
    var calendar: BusinessCalendar
    /// Where it is named, nil for the default `always`.
    var span: SourceSpan?
}

extension SLA {
    var possibleTargets: [PossibleTarget] {
        switch target {
        case .fixed(let duration): [PossibleTarget(duration: duration, key: nil)]
        case .table(let table):
            table.entries.map { PossibleTarget(duration: $0.result, key: $0.key.value) }
                + (table.defaultResult.map { [PossibleTarget(duration: $0, key: "default")] } ?? [])
        }
    }

    /// The calendars the clock may run on; unknown names are left out.
    func possibleCalendars(_ compiled: CompiledWorkflow) -> [PossibleCalendar] {
        guard let calendar else { return [PossibleCalendar(id: "always", calendar: .always, span: nil)] }
        return calendar.allResults.compactMap { compiled.possibleCalendar($0) }
    }
}

extension CompiledWorkflow {
    func possibleCalendar(_ name: Located<String>) -> PossibleCalendar? {
        guard let index = calendarIndex[name.value], calendars.indices.contains(index) else { return nil }
        return PossibleCalendar(id: name.value, calendar: calendars[index].calendar, span: name.span)
    }
}

extension Stage {
    /// The calendar of the stage's own clock (`always` when not given).
    func slaCalendar(_ compiled: CompiledWorkflow) -> PossibleCalendar? {
        guard let named = sla?.calendar else { return PossibleCalendar(id: "always", calendar: .always, span: nil) }
        return compiled.possibleCalendar(named)
    }
}

/// `4h`, `1h30m`, `0s` for open seconds.
func formatOpen(_ seconds: Int64) -> String {
    seconds == .max ? "more than 100 years" : DurationValue.format(seconds: seconds)
}
