import LadderDiagnostics
import LadderTime

/// A stage of the case: a piece of work with dependencies, a condition, an assignee and
/// optionally its own SLA, outcomes or a message to send.
public struct Stage: Sendable {
    /// `sla: 30m` or `sla: { target: 4h, calendar: emea_office }`.
    public struct StageSLA: Sendable {
        public var target: Located<DurationValue>
        public var calendar: Located<String>?
    }

    public var id: Located<String>
    public var title: String?
    public var description: String?
    public var needs: [Located<String>]
    public var assign: Located<AssignTarget>?
    public var outcomes: [Located<String>]
    // The optional parts most stages lack are stored out of line.
    private var whenStorage: Indirect<SourceExpression>?
    private var slaStorage: Indirect<StageSLA>?
    private var notifyStorage: Indirect<NotifySpec>?

    public var when: SourceExpression? {
        get { whenStorage?.value }
        set { whenStorage = newValue.map(Indirect.init) }
    }

    public var sla: StageSLA? {
        get { slaStorage?.value }
        set { slaStorage = newValue.map(Indirect.init) }
    }

    public var notify: NotifySpec? {
        get { notifyStorage?.value }
        set { notifyStorage = newValue.map(Indirect.init) }
    }

    /// Where the stage is defined: its id.
    public var span: SourceSpan { id.span }

    public init(
        id: Located<String>, title: String?, description: String?, needs: [Located<String>],
        when: SourceExpression?, assign: Located<AssignTarget>?, sla: StageSLA?,
        outcomes: [Located<String>], notify: NotifySpec?
    ) {
        self.id = id
        self.title = title
        self.description = description
        self.needs = needs
        self.assign = assign
        self.outcomes = outcomes
        whenStorage = when.map(Indirect.init)
        slaStorage = sla.map(Indirect.init)
        notifyStorage = notify.map(Indirect.init)
    }
}
