/// Who a stage (or an `assign` action) is given to.
public enum AssignTarget: Sendable, Hashable, CustomStringConvertible {
    /// The routing rules.
    case routing
    /// A member of the team, picked round robin.
    case team(String)
    case role(String)
    /// Whoever holds another stage.
    case stageAssignee(String)
    /// A person named directly (only in `assign` actions).
    case person(String)

    public var description: String {
        switch self {
        case .routing: "routing"
        case .team(let id): "team.\(id)"
        case .role(let id): "role.\(id)"
        case .stageAssignee(let id): "stage.\(id).assignee"
        case .person(let id): id
        }
    }
}
