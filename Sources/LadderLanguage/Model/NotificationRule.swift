import LadderDiagnostics
import LadderTime

/// A notification rule: on an event (`on`), or periodically (`every` while a condition holds).
public struct NotificationRule: Sendable {
    public var name: Located<String>
    public var on: [Located<EventPattern>]
    public var when: SourceExpression?
    public var every: Located<DurationValue>?
    public var whileCondition: SourceExpression?
    public var notify: NotifySpec
    public var span: SourceSpan

    public init(
        name: Located<String>, on: [Located<EventPattern>], when: SourceExpression?, every: Located<DurationValue>?,
        whileCondition: SourceExpression?, notify: NotifySpec, span: SourceSpan
    ) {
        self.name = name
        self.on = on
        self.when = when
        self.every = every
        self.whileCondition = whileCondition
        self.notify = notify
        self.span = span
    }
}

/// An event-condition-action rule.
public struct Rule: Sendable {
    public var name: Located<String>
    public var on: [Located<EventPattern>]
    public var when: SourceExpression?
    public var actions: [LocatedAction]
    public var span: SourceSpan

    public init(name: Located<String>, on: [Located<EventPattern>], when: SourceExpression?, actions: [LocatedAction], span: SourceSpan) {
        self.name = name
        self.on = on
        self.when = when
        self.actions = actions
        self.span = span
    }
}

/// A Mustache message template.
public struct Template: Sendable {
    public var id: Located<String>
    public var subject: SourceExpression?
    public var body: SourceExpression
    public var span: SourceSpan

    public init(id: Located<String>, subject: SourceExpression?, body: SourceExpression, span: SourceSpan) {
        self.id = id
        self.subject = subject
        self.body = body
        self.span = span
    }
}
