import LadderDiagnostics

/// What a rule, or an SLA's `on_warning`/`on_breach`/`on_met`, does.
public enum Action: Sendable {
    /// `set: { field: expression }`, in the order written.
    case set([(field: Located<String>, value: SourceExpression)])
    case escalate(EscalationTarget)
    case notify(NotifySpec)
    case reopen(Located<String>)
    case skip(Located<String>)
    case assign(stage: Located<String>, to: Located<AssignTarget>)
    case close

    public var name: String {
        switch self {
        case .set: "set"
        case .escalate: "escalate"
        case .notify: "notify"
        case .reopen: "reopen"
        case .skip: "skip"
        case .assign: "assign"
        case .close: "close"
        }
    }
}

/// `escalate: next` or `escalate: <level>`.
public enum EscalationTarget: Sendable {
    case next
    case level(Located<String>)
}

/// An action with the span of its list item.
public struct LocatedAction: Sendable {
    public var action: Action
    public var span: SourceSpan

    public init(_ action: Action, span: SourceSpan) {
        self.action = action
        self.span = span
    }
}
