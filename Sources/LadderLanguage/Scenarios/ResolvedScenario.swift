import LadderDiagnostics
import LadderExpressions
import LadderTime

/// A scenario with every name resolved against its compiled workflow and every value typed:
/// what the scenario runner executes.
public struct ResolvedScenario: Sendable {
    public struct Event: Sendable {
        public enum Kind: Sendable {
            case complete(stage: Int, outcome: String?)
            case update([(slot: Int, value: Value)])
            case assign(stage: Int, person: String)
            case reopen(stage: Int)
            case skip(stage: Int)
            case close
            case away(String)
            case back(String)
        }

        public var time: Instant
        public var kind: Kind
        public var span: SourceSpan
    }

    public struct Check: Sendable {
        public enum Kind: Sendable {
            case stage(Int, status: StageStatus)
            case sla(Int, state: SLAState)
            case notified(Message, to: String?, count: Int?)
            case assigned(stage: Int, person: String)
            case level(Int)
            case closed(Bool)
            case field(slot: Int, value: Value)
        }

        public var kind: Kind
        public var at: Instant?
        public var span: SourceSpan
        /// The expectation as a user would read it, e.g. `stage postmortem is active`.
        public var summary: String
    }

    /// Which message a `notified` expectation means.
    public enum Message: Sendable, Hashable {
        /// A message rendered from a template.
        case template(Int)
        /// The built-in notice to the new owner when the case enters a level (`level.<name>`).
        case levelNotice(Int)
    }

    public var scenario: Scenario
    public var workflow: CompiledWorkflow
    public var start: Instant
    public var caseValues: [(slot: Int, value: Value)]
    public var away: [String]
    public var events: [Event]
    /// `nil`: run until the case closes (or nothing is left to happen).
    public var until: Instant?
    public var checks: [Check]
}
