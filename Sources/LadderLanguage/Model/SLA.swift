import LadderDiagnostics
import LadderTime

/// An SLA clock over the case.
public struct SLA: Sendable {
    /// When to warn: at a share of the target, or some time before the breach.
    public enum Warning: Sendable, Hashable {
        /// A fraction in (0, 1), written `75%`.
        case fraction(Double)
        /// Written `30m before`.
        case before(DurationValue)
    }

    public var id: Located<String>
    /// Default: the clock starts when the case opens.
    public var start: SourceExpression?
    public var stop: SourceExpression?
    public var pauseWhen: SourceExpression?
    public var target: Selectable<Located<DurationValue>>
    /// Default: `always`.
    public var calendar: Selectable<Located<String>>?
    public var warn: [Located<Warning>]
    public var onWarning: [LocatedAction]
    public var onBreach: [LocatedAction]
    public var onMet: [LocatedAction]
    public var span: SourceSpan

    public init(
        id: Located<String>, start: SourceExpression?, stop: SourceExpression?, pauseWhen: SourceExpression?,
        target: Selectable<Located<DurationValue>>, calendar: Selectable<Located<String>>?,
        warn: [Located<Warning>], onWarning: [LocatedAction], onBreach: [LocatedAction], onMet: [LocatedAction],
        span: SourceSpan
    ) {
        self.id = id
        self.start = start
        self.stop = stop
        self.pauseWhen = pauseWhen
        self.target = target
        self.calendar = calendar
        self.warn = warn
        self.onWarning = onWarning
        self.onBreach = onBreach
        self.onMet = onMet
        self.span = span
    }
}
