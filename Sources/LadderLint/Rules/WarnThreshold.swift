import Foundation
import LadderDiagnostics
import LadderLanguage
import LadderTime

/// An SLA warning threshold that can never fire as a warning.
public struct WarnThreshold: LintRule {
    public static let id = "warn-threshold"
    public static let severity = Severity.error
    public static let summary = "A `warn` threshold is outside (0%, 100%), listed twice, or a `before` as long as a target."
    public static let explanation = """
        Each `warn` entry of an SLA clock must warn while the clock runs and before it breaches:
        - a percentage must be strictly between 0% and 100% (`0%` is the start, `100%` the breach);
        - a `<duration> before` must be more than `0s` and shorter than every target the clock can get: each \
        entry of a `by` target table (and its `default`) is compared, in open time on each calendar the clock can \
        run on (so `1d before` is a working day on a business calendar); the message names the smallest target \
        it reaches;
        - the same threshold may not be listed twice.
        """
    public static let badExample = """
        ladder: 1
        workflow: demo
        fields:
          priority: { enum: [P1, P2], required: true }
        stages:
          handle: {}
        slas:
          response:
            stop: stage.handle.done
            target: { by: case.priority, P1: 30m, P2: 4h }
            warn: [75%, 1h before]
        """
    public static let goodExample = """
        ladder: 1
        workflow: demo
        fields:
          priority: { enum: [P1, P2], required: true }
        stages:
          handle: {}
        slas:
          response:
            stop: stage.handle.done
            target: { by: case.priority, P1: 30m, P2: 4h }
            warn: [75%, 10m before]
        """
    public init() {}

    public func check(_ context: inout LintContext) {
        for sla in context.workflow.slas {
            let targets = sla.possibleTargets
            let calendars = sla.possibleCalendars(context.compiled)
            // Few per clock: a list rather than a dictionary.
            var seen: [(warning: SLA.Warning, span: SourceSpan)] = []
            for warning in sla.warn {
                // As written, for messages only.
                var written: String { WarnThreshold.trimmed(context.source.text(of: warning.span)) }
                if let first = seen.first(where: { $0.warning == warning.value })?.span {
                    context.report(
                        WarnThreshold.self, "warning `\(written)` of SLA `\(sla.id.value)` is listed twice", at: warning.span,
                        notes: [Diagnostic.Note("first listed here", span: first)], hint: "remove one of them")
                    continue
                }
                seen.append((warning.value, warning.span))
                switch warning.value {
                case .fraction(let fraction):
                    guard fraction <= 0 || fraction >= 1 else { continue }
                    let what = fraction <= 0 ? "the moment the clock starts" : fraction == 1 ? "the breach itself" : "after the breach"
                    context.report(
                        WarnThreshold.self,
                        "warning `\(written)` of SLA `\(sla.id.value)` is \(what): a percentage must be strictly between 0% and 100%",
                        at: warning.span, hint: "use a share such as `75%`; `on_breach` handles the breach")
                case .before(let duration):
                    if duration.wallSeconds <= 0 {
                        context.report(
                            WarnThreshold.self, "warning `\(written)` of SLA `\(sla.id.value)` is the breach itself", at: warning.span,
                            hint: "warn some time before the breach, e.g. `30m before`; `on_breach` handles the breach")
                        continue
                    }
                    // The smallest target (in open seconds) that the warning reaches, on any calendar.
                    var worst: (target: PossibleTarget, calendar: PossibleCalendar, before: Int64, targetSeconds: Int64)?
                    for calendar in calendars {
                        let before = calendar.calendar.openSeconds(of: duration)
                        for target in targets {
                            let seconds = calendar.calendar.openSeconds(of: target.duration.value)
                            guard before >= seconds else { continue }
                            if worst == nil || seconds < worst!.targetSeconds { worst = (target, calendar, before, seconds) }
                        }
                    }
                    guard let worst else { continue }
                    let onCalendar = calendars.count > 1 || worst.calendar.id != "always" ? " on \(worst.calendar.id)" : ""
                    let amounts = duration.usesCalendarUnits || worst.target.duration.value.usesCalendarUnits
                        ? " (\(formatOpen(worst.before)) ≥ \(formatOpen(worst.targetSeconds)) of open time\(onCalendar))" : onCalendar
                    context.report(
                        WarnThreshold.self,
                        "warning `\(written)` of SLA `\(sla.id.value)` is not shorter than \(worst.target.label) `\(worst.target.duration.value)`\(amounts), so it would fire when the clock starts",
                        at: warning.span, notes: [Diagnostic.Note("\(worst.target.label) is written here", span: worst.target.duration.span)],
                        hint: "warn less than the smallest target before the breach, or use a percentage")
                }
            }
        }
    }

    /// The text without spaces and quotes at either end.
    static func trimmed(_ text: String) -> String {
        func trims(_ scalar: Unicode.Scalar) -> Bool { scalar == " " || scalar == "\"" || scalar == "'" }
        var text = Substring(text)
        while let first = text.unicodeScalars.first, trims(first) { text.unicodeScalars.removeFirst() }
        while let last = text.unicodeScalars.last, trims(last) { text.unicodeScalars.removeLast() }
        return String(text)
    }
}
