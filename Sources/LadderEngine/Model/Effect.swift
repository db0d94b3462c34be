import Foundation
import LadderExpressions
import LadderLanguage
import LadderTime

/// What one step of the engine did, in the order it happened. The runner performs the
/// messages and timers; traces and tests read everything.
///
/// The case, stages, clocks, fields, people, teams, routing rules, levels and language events
/// are given by number (plain data: recording and freeing an effect copies bytes); the state
/// names the case (`EngineState.caseID(ofNumber:)`) and the `Engine` that ran the step the rest
/// (`Engine.stageID(_:)`, `clockNames`, `fieldName(_:)`, `people`, ...).
/// `-1` stands for none.
public enum Effect: Sendable, Hashable {
    /// The case was created (its fields are in the state).
    case caseOpened(caseNumber: Int32)
    /// The case closed: every stage settled, or a `close`.
    case caseClosed(caseNumber: Int32, reason: String)
    /// A closed case was reopened by a stage `reopen`.
    case caseReopened(caseNumber: Int32)
    /// A field (by slot, `Engine.fieldName(_:)`) changed, by an `update` event or a `set` action.
    case fieldChanged(caseNumber: Int32, field: Int, from: Value, to: Value)
    /// Routing chose the case's routed assignee: the routing rule (`Engine.routingRuleName(_:)`),
    /// the team (`Engine.teamID(_:)`) and the person number (`Engine.people`); `person` -1:
    /// unrouted or waiting in the team's queue.
    case routed(caseNumber: Int32, rule: Int, team: Int, person: Int)
    /// A stage (`Engine.stageID(_:)`) changed status.
    case stageChanged(caseNumber: Int32, stage: Int, from: StageStatus, to: StageStatus)
    /// A stage was given to a person (a person number; -1: left unassigned).
    case assigned(caseNumber: Int32, stage: Int, person: Int)
    /// An SLA clock or a stage clock (a clock index, `Engine.clockNames`) changed state.
    /// `elapsed` is the open time counted so far, in seconds.
    case slaChanged(caseNumber: Int32, sla: Int, from: SLAState, to: SLAState, elapsed: Int64)
    /// An SLA clock reached a warning threshold: its position in the SLA's `warn` list
    /// (`Engine.warningLabel(clock:warning:)`: `75%`, `30m before`).
    case slaWarning(caseNumber: Int32, sla: Int, threshold: Int, elapsed: Int64)
    /// The case moved to another escalation level (level indexes, `Engine.levelName(index:)`).
    case levelChanged(caseNumber: Int32, from: Int, to: Int)
    /// A message was sent.
    case message(Message)
    /// An event of the workflow language (`Engine.eventName(_:)`: `stage.acknowledge.done`,
    /// `case.updated`) was emitted; notification rules and rules react to it. Recorded with
    /// decisions (`Options.recordDecisions`).
    case emitted(caseNumber: Int32, event: Int)
    /// Set a timer; it comes back as `EngineEvent.timer` when due.
    case timerSet(Timer)
    /// A timer set earlier is no longer wanted.
    case timerCancelled(Timer)
    /// A decision and its reason.
    indirect case decision(Decision)

    /// The number of the case the effect is about (`EngineState.caseID(ofNumber:)`), if any:
    /// nil for a message and a decision, which name their case (`caseID`), and for team timers.
    public var caseNumber: Int32? {
        switch self {
        case .caseOpened(let number), .caseClosed(let number, _), .caseReopened(let number), .fieldChanged(let number, _, _, _),
             .routed(let number, _, _, _), .stageChanged(let number, _, _, _), .assigned(let number, _, _),
             .slaChanged(let number, _, _, _, _), .slaWarning(let number, _, _, _), .levelChanged(let number, _, _), .emitted(let number, _):
            number
        case .timerSet(let timer), .timerCancelled(let timer): timer.caseNumber >= 0 ? timer.caseNumber : nil
        case .message, .decision: nil
        }
    }
}

/// A message sent to people: a notification rule, a stage's `notify`, a `notify` action, or the
/// built-in escalation notice.
///
/// One object per message. Its recipients and text are either known when it is sent or derived
/// the first time they are read, from an immutable snapshot of the case taken when it was sent
/// (see `Engine.Options.renderMessages` and `recordDecisions`): either way they are the same.
public final class Message: @unchecked Sendable, Hashable {
    /// One recipient as written in the workflow and whom it reached.
    public struct Recipient: Sendable, Hashable {
        /// As written: `team.account_management`, `role.escalation_manager`, `customer`, `assignee`, `owner`.
        public var written: String
        /// Person ids, or the customer's e-mail address. Empty when it resolved to nobody.
        public var reached: [String]
        /// Why nobody was reached (`no routed assignee yet`, `case.customer.email is null`).
        public var note: String?

        public init(written: String, reached: [String], note: String? = nil) {
            self.written = written
            self.reached = reached
            self.note = note
        }
    }

    public let caseID: String
    /// The template id, or `level.<name>` for the built-in escalation notice.
    public let template: String
    public let channel: Channel
    /// What sent it: `notification ack_customer`, `stage notify_stakeholders`,
    /// `sla resolution on_warning`, `rule executive_escalation`, `escalation`.
    public let source: String

    // Guarded by `Message.lock(for:)` while `pending` is set; immutable afterwards.
    private var storedRecipients: [Recipient]
    private var storedTo: [String]
    private var storedSubject: String
    private var storedBody: String
    private var pending: Pending?

    /// What derives the recipients (when `notify` is set) and the text on first read.
    struct Pending {
        let definitions: Definitions
        let notify: CompiledNotify?
        /// The stage the triggering event is about (the `assignee` recipient), -1 for none.
        let stage: Int
        let template: Int
        /// The snapshot of the case (its id is the message's): only what templates and recipients read.
        let number: Int32
        let openedAt: Instant
        let fields: [Value]
        let level: Int
        let closed: Bool
        let routed: Int32
        let routedTeam: Int32
        let stages: [StageState]
        let clocks: [ClockState]
        let now: Instant

        func snapshot(id: String) -> CaseState {
            CaseState(id: id, number: number, openedAt: openedAt, fields: fields, level: level, closed: closed, routed: routed,
                      routedTeam: routedTeam, stages: stages, clocks: clocks, periodic: [])
        }
    }

    /// Everything already known.
    public convenience init(caseID: String, template: String, channel: Channel, source: String, recipients: [Recipient], to: [String],
                            subject: String, body: String) {
        self.init(caseID: caseID, template: template, channel: channel, source: source, recipients: recipients, to: to,
                  subject: subject, body: body, pending: nil)
    }

    /// Recipients known (or, with `pending.notify`, derived), text rendered on first read.
    convenience init(caseID: String, template: String, channel: Channel, source: String, recipients: [Recipient], to: [String],
                     pending: Pending) {
        self.init(caseID: caseID, template: template, channel: channel, source: source, recipients: recipients, to: to,
                  subject: "", body: "", pending: pending)
    }

    private init(caseID: String, template: String, channel: Channel, source: String, recipients: [Recipient], to: [String],
                 subject: String, body: String, pending: Pending?) {
        self.caseID = caseID
        self.template = template
        self.channel = channel
        self.source = source
        storedRecipients = recipients
        storedTo = to
        storedSubject = subject
        storedBody = body
        self.pending = pending
    }

    /// Each recipient as written and whom it reached.
    public var recipients: [Recipient] { resolved { $0.storedRecipients } }
    /// Everyone reached, each once, in the order of `recipients`.
    public var to: [String] { resolved { $0.storedTo } }
    /// The rendered subject line.
    public var subject: String { resolved { $0.storedSubject } }
    /// The rendered body.
    public var body: String { resolved { $0.storedBody } }

    /// Reads a stored property, deriving what is pending first.
    private func resolved<R>(_ read: (Message) -> R) -> R {
        let lock = Message.lock(for: self)
        lock.lock()
        defer { lock.unlock() }
        if let pending {
            let c = pending.snapshot(id: caseID)
            if let notify = pending.notify {
                (storedRecipients, storedTo) = CaseRun.detached(definitions: pending.definitions, now: pending.now, c: c) {
                    $0.recipients(of: notify, source: source, stage: pending.stage)
                }
            }
            (storedSubject, storedBody) = pending.definitions.templates[pending.template]
                .render(TemplateData(definitions: pending.definitions, c: c, now: pending.now))
            self.pending = nil
        }
        return read(self)
    }

    public static func == (a: Message, b: Message) -> Bool {
        a === b || (a.caseID == b.caseID && a.template == b.template && a.channel == b.channel && a.source == b.source
            && a.recipients == b.recipients && a.to == b.to && a.subject == b.subject && a.body == b.body)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(caseID)
        hasher.combine(template)
        hasher.combine(source)
        hasher.combine(to)
        hasher.combine(subject)
        hasher.combine(body)
    }

    /// A few locks shared by all messages (striped by identity): no lock to allocate per message.
    private static let locks: [NSLock] = (0..<16).map { _ in NSLock() }

    private static func lock(for message: Message) -> NSLock {
        let address = UInt(bitPattern: ObjectIdentifier(message).hashValue)
        return locks[Int((address >> 4) & 15)]
    }
}

/// A condition as evaluated: the expression, its value and every sub-expression's value.
public struct ConditionRecord: Sendable, Hashable, CustomStringConvertible {
    /// Which condition: `when`, `start`, `stop`, `pause_when`, `while`, `by`.
    public var label: String
    public var expression: String
    public var value: Value
    /// Sub-expression values, children before parents (empty unless explaining).
    public var steps: [ExplainedStep]

    public init(label: String, expression: String, value: Value, steps: [ExplainedStep]) {
        self.label = label
        self.expression = expression
        self.value = value
        self.steps = steps
    }

    /// `case.priority == "P1" → false (case.priority = "P2")`.
    public var description: String {
        let paths = steps.filter { $0.text != expression }.map { "\($0.text) = \($0.value)" }
        return "\(expression) → \(value)" + (paths.isEmpty ? "" : " (\(paths.joined(separator: ", ")))")
    }
}

/// A person considered for an assignment, and what became of them.
public struct Candidate: Sendable, Hashable, CustomStringConvertible {
    public enum Verdict: String, Sendable, Hashable {
        case chosen
        case away
        /// Outside the team's calendar.
        case outsideCalendar = "outside_calendar"
        /// Available, but another member was picked (not their turn, more load, listed later).
        case passed
    }

    public var person: String
    public var verdict: Verdict
    /// Active stages assigned over all open cases (`least_loaded` only).
    public var load: Int?

    public init(person: String, verdict: Verdict, load: Int? = nil) {
        self.person = person
        self.verdict = verdict
        self.load = load
    }

    public var description: String {
        let what: String = switch verdict {
        case .chosen: "chosen"
        case .away: "away"
        case .outsideCalendar: "outside calendar"
        case .passed: "passed over"
        }
        return "\(person) \(what)" + (load.map { " (load \($0))" } ?? "")
    }
}

/// Why the engine did what it did.
public struct Decision: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        /// A routing rule was tried (matched or not).
        case routing
        /// A person was picked (or nobody could be) for the case or a stage.
        case assignment
        /// A stage started or was skipped (its `when`).
        case stage
        /// A clock started, paused, resumed, stopped or changed target/calendar.
        case sla
        /// A rule fired (or its condition was false).
        case rule
        /// A notification rule sent (or its condition was false), or a periodic one started/stopped.
        case notification
        /// An escalation moved the case, or did nothing.
        case escalation
        /// A recipient resolved to nobody.
        case recipient
        /// A `set` left a field unchanged (null for a required field).
        case field
        /// A rule kept triggering itself and was stopped.
        case cascadeLimit = "cascade_limit"
        /// A timer arrived that was no longer wanted.
        case timer
    }

    public var caseID: String?
    public var kind: Kind
    /// What was decided about: `routing rule emea_database`, `stage postmortem`, `sla resolution`.
    public var subject: String
    /// The outcome in a few words: `matched`, `skipped`, `chosen ben`, `paused`.
    public var outcome: String
    /// A sentence for people.
    public var reason: String
    public var conditions: [ConditionRecord]
    public var candidates: [Candidate]

    public init(caseID: String?, kind: Kind, subject: String, outcome: String, reason: String,
                conditions: [ConditionRecord] = [], candidates: [Candidate] = []) {
        self.caseID = caseID
        self.kind = kind
        self.subject = subject
        self.outcome = outcome
        self.reason = reason
        self.conditions = conditions
        self.candidates = candidates
    }
}

/// An event the engine refused; the state is unchanged.
public struct Rejection: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable {
        case unknownCase = "unknown_case"
        case duplicateCase = "duplicate_case"
        case unknownStage = "unknown_stage"
        case unknownField = "unknown_field"
        case readOnlyField = "read_only_field"
        case wrongValueType = "wrong_value_type"
        case missingRequiredField = "missing_required_field"
        case stageNotActive = "stage_not_active"
        case outcomeNotDeclared = "outcome_not_declared"
        case outcomeRequired = "outcome_required"
        case unknownPerson = "unknown_person"
        case caseClosed = "case_closed"
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}

/// The outcome of one step.
public struct StepResult: Sendable, Hashable {
    public var effects: [Effect]
    /// Set when the event was refused; `effects` is then empty and the state unchanged.
    public var rejection: Rejection?

    public init(effects: [Effect] = [], rejection: Rejection? = nil) {
        self.effects = effects
        self.rejection = rejection
    }
}
