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
    public var when: SourceExpression?
    public var assign: Located<AssignTarget>?
    public var sla: StageSLA?
    public var outcomes: [Located<String>]
    public var notify: NotifySpec?
    public var span: SourceSpan

    public init(
        id: Located<String>, title: String?, description: String?, needs: [Located<String>],
        when: SourceExpression?, assign: Located<AssignTarget>?, sla: StageSLA?,
        outcomes: [Located<String>], notify: NotifySpec?, span: SourceSpan
    ) {
        self.id = id
        self.title = title
        self.description = description
        self.needs = needs
        self.when = when
        self.assign = assign
        self.sla = sla
        self.outcomes = outcomes
        self.notify = notify
        self.span = span
    }
}
