import Foundation
import LadderDiagnostics
import LadderTime
import LadderYAML

/// Decodes `calendars.<id>`: an IANA time zone, weekly hours and holidays.
enum CalendarDecoder {
    static func decode(id: Located<String>, node: YAMLNode, reader: inout NodeReader) -> CalendarDefinition? {
        var context: String { "calendar `\(id.value)`" }  // for messages only: built when one is needed
        guard let keys = reader.mapping(node, in: context, allowed: Keys.calendar, required: ["timezone", "hours"]) else { return nil }
        var zone: TimeZone?
        var zoneSpan: SourceSpan?
        if let zoneNode = keys.value("timezone"), let name = reader.locatedText(zoneNode, in: "the time zone of \(context)") {
            zoneSpan = name.span
            if let found = TimeZone(identifier: name.value), name.value.contains("/") || name.value == "UTC" {
                zone = found
            } else {
                let suggestion = Suggestions.closest(to: name.value, in: TimeZone.knownTimeZoneIdentifiers)
                reader.bag.error("invalid-value", "unknown time zone \"\(name.value)\" in \(context)", at: name.span,
                                 notes: [Diagnostic.Note("time zones are IANA names such as Europe/Berlin or America/New_York")],
                                 hint: suggestion.map { "did you mean \"\($0)\"?" },
                                 fixIt: suggestion.map { Diagnostic.FixIt(span: name.span, replacement: $0) })
            }
        }
        var hours = WeeklyHours()
        if let hoursNode = keys.value("hours") {
            if let pairs = hoursNode.pairs {
                var entries: [(days: String, hours: String)] = []
                var nodes: [(key: YAMLNode, value: YAMLNode)] = []
                for pair in pairs {
                    guard let days = reader.text(pair.key, in: "a day key"),
                          let ranges = reader.text(pair.value, in: "the hours of `\(pair.key.text ?? "")`") else { continue }
                    entries.append((days, pair.value.isNull ? "closed" : ranges))
                    nodes.append((pair.key, pair.value))
                }
                let parsed = WeeklyHours.parse(entries)
                hours = parsed.hours
                for issue in parsed.issues {
                    let target = issue.part == .days ? nodes[issue.entry].key : nodes[issue.entry].value
                    let length = max(1, (target.text?.utf8.count ?? 1) - issue.error.offset)
                    let span = target.span(ofValueRange: issue.error.offset..<(issue.error.offset + length), in: reader.source)
                    reader.bag.error("invalid-value", "\(context): \(issue.error.message)", at: span, hint: issue.error.hint)
                }
                if parsed.issues.isEmpty, !hours.hasOpenTime {
                    reader.bag.error("invalid-value", "\(context) is never open, so no clock on it can ever run", at: hoursNode.span(in: reader.source),
                                     hint: "give at least one day opening hours, e.g. `mon-fri: \"09:00-17:00\"`")
                }
            } else {
                reader.wrongType(hoursNode, expected: "a mapping of days to hours", in: "the `hours` of \(context)",
                                 hint: "e.g. `hours: { mon-fri: \"08:00-18:00\", sat: \"09:00-13:00\" }`")
            }
        }
        var holidays: [LocalDate] = []
        if let holidayNode = keys.value("holidays") {
            for item in reader.list(holidayNode, in: "the `holidays` of \(context)") {
                guard let text = reader.locatedText(item, in: "a holiday") else { continue }
                switch LocalDate.parse(text.value) {
                case .success(let date):
                    if holidays.contains(date) {
                        reader.bag.warning("invalid-value", "holiday \(text.value) is listed twice in \(context)", at: text.span)
                    }
                    holidays.append(date)
                case .failure(let error):
                    reader.bag.error("invalid-value", "holiday \"\(text.value)\" in \(context): \(error.message)", at: text.span,
                                     hint: error.hint ?? "write dates as YYYY-MM-DD")
                }
            }
        }
        guard let zone else { return nil }
        let calendar = BusinessCalendar(name: id.value, timeZone: zone, hours: hours, holidays: Set(holidays))
        return CalendarDefinition(id: id, calendar: calendar, timezoneSpan: zoneSpan, span: id.span)
    }
}
