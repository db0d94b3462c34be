import LadderDiagnostics
import LadderTime

/// A business calendar as declared: time zone, weekly hours and holidays.
public struct CalendarDefinition: Sendable {
    public var id: Located<String>
    public var calendar: BusinessCalendar
    public var timezoneSpan: SourceSpan?
    public var span: SourceSpan

    public init(id: Located<String>, calendar: BusinessCalendar, timezoneSpan: SourceSpan?, span: SourceSpan) {
        self.id = id
        self.calendar = calendar
        self.timezoneSpan = timezoneSpan
        self.span = span
    }
}
