import LadderDiagnostics
import LadderExpressions
import LadderTime
import LadderYAML

/// A scenario file: one case run through a workflow in virtual time, with expectations.
/// Decoded by `ScenarioDecoder`, then resolved against its workflow by `ScenarioResolver`.
public struct Scenario: Sendable {
    public var source: SourceFile
    public var name: Located<String>
    /// The workflow path as written (relative to the scenario file).
    public var workflowPath: Located<String>
    public var start: Located<Instant>
    /// `case:` values as written; typed against the workflow's fields when resolved.
    public var caseValues: [(field: Located<String>, value: YAMLNode)]
    public var away: [Located<String>]
    public var events: [ScenarioEvent]
    public var until: Located<Until>
    public var expectations: [Expectation]

    /// When the run stops.
    public enum Until: Sendable, Hashable {
        /// When the case closes (or nothing is left to happen).
        case closed
        /// This long after `start`.
        case duration(DurationValue)
        case time(Instant)
    }
}

/// One input event of a scenario.
public struct ScenarioEvent: Sendable {
    public enum Timing: Sendable, Hashable {
        /// Relative to the previous event (or the start).
        case after(DurationValue)
        case at(Instant)
    }

    public enum Kind: Sendable {
        case complete(stage: Located<String>, outcome: Located<String>?)
        case update([(field: Located<String>, value: YAMLNode)])
        case assign(stage: Located<String>, to: Located<String>)
        case reopen(stage: Located<String>)
        case skip(stage: Located<String>)
        case close
        case away(person: Located<String>)
        case back(person: Located<String>)
    }

    public var timing: Timing
    public var kind: Kind
    public var span: SourceSpan
}

/// What must hold after (or during) the run.
public struct Expectation: Sendable {
    public enum Kind: Sendable {
        case stage(Located<String>, status: Located<String>)
        case sla(Located<String>, state: Located<String>)
        case notified(template: Located<String>, to: Located<String>?, count: Int?)
        case assigned(stage: Located<String>, to: Located<String>)
        case level(Located<String>)
        case closed(Bool)
        case field(Located<String>, value: YAMLNode)
    }

    public enum At: Sendable, Hashable {
        case time(Instant)
        /// `+2h`: relative to the scenario start.
        case offset(DurationValue)
    }

    public var kind: Kind
    public var at: Located<At>?
    public var span: SourceSpan
}
