/// Who a notification goes to.
public enum Recipient: Sendable, Hashable, CustomStringConvertible {
    case team(String)
    case role(String)
    /// The case's `customer.email`.
    case customer
    /// The assignee of the stage (or of the case's current stage).
    case assignee
    /// The owner of the case's current level.
    case owner

    public var description: String {
        switch self {
        case .team(let id): "team.\(id)"
        case .role(let id): "role.\(id)"
        case .customer: "customer"
        case .assignee: "assignee"
        case .owner: "owner"
        }
    }
}

/// How a message is delivered.
public enum Channel: String, Sendable, CaseIterable {
    case email, webhook, chat, log
}

/// `{ to: [role.escalation_manager], template: sla_breach, channel: email }`.
public struct NotifySpec: Sendable {
    public var to: [Located<Recipient>]
    public var template: Located<String>
    public var channel: Channel

    public init(to: [Located<Recipient>], template: Located<String>, channel: Channel) {
        self.to = to
        self.template = template
        self.channel = channel
    }
}
