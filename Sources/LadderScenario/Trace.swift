import Foundation
import LadderDiagnostics
import LadderEngine
import LadderLanguage
import LadderTime

/// Everything that happened in one scenario run: every step with its virtual time, its input
/// (an event or a timer) and its effects (including every decision and its reason), plus the
/// problems that stopped or failed the run.
public struct Trace: Sendable {
    public var scenario: String
    public var workflow: String
    /// The case's id (the scenario's name).
    public var caseID: String
    public var start: Instant
    /// When the run ended: the case closed, `until`, the safety cap, or the step where a problem
    /// stopped it (a rejected event).
    public var end: Instant
    /// The zone times are shown in: the calendar of the first SLA on a business calendar, else UTC.
    public var timeZone: TimeZone
    /// Where the zone comes from: `calendar emea_office of SLA resolution`, or `UTC`.
    public var timeZoneSource: String
    public var steps: [TraceStep]
    public var problems: [RunProblem]
    /// The engine that ran (names of clocks, people, ...).
    public var engine: Engine
    /// The state at the end of the run.
    public var finalState: EngineState

    /// The case at the end of the run.
    public var finalCase: CaseState? { finalState.case(caseID) }
}

/// One step of a run.
public struct TraceStep: Sendable {
    /// 1-based position in the trace.
    public var index: Int
    public var time: Instant
    public var input: EngineEvent
    /// Where the event is written in the scenario file (external events only).
    public var span: SourceSpan?
    public var effects: [Effect]
    public var rejection: Rejection?
}

/// Something that went wrong in a run; any problem fails the scenario.
public struct RunProblem: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        /// The engine refused an event (a stage not active, an outcome not declared, ...).
        case rejectedEvent = "rejected_event"
        /// `until: closed` and events were still to come when the case closed.
        case eventsAfterClose = "events_after_close"
        /// `until: closed` and the case was still open at the end.
        case didNotClose = "did_not_close"
        /// The run reached 1,000,000 steps or 365 days.
        case safetyCap = "safety_cap"
    }

    public var kind: Kind
    public var message: String
    public var span: SourceSpan?
    public var time: Instant?

    public var description: String { message }
}
