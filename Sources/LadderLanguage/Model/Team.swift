import LadderDiagnostics

/// `emea_db: { members: [anna, ben], calendar: emea_office }`.
public struct Team: Sendable {
    public var id: Located<String>
    public var members: [Located<String>]
    /// The calendar members work on; `nil` means `always`.
    public var calendar: Located<String>?

    public init(id: Located<String>, members: [Located<String>], calendar: Located<String>?) {
        self.id = id
        self.members = members
        self.calendar = calendar
    }
}

/// `escalation_manager: { by: case.region, emea: marta }` or `executive_sponsor: olga`.
public struct Role: Sendable {
    public var id: Located<String>
    /// The person (or table of persons) holding the role.
    public var holder: Selectable<Located<String>>

    public init(id: Located<String>, holder: Selectable<Located<String>>) {
        self.id = id
        self.holder = holder
    }
}

/// An escalation level: `{ name: escalation_manager, owner: role.escalation_manager }`.
public struct Level: Sendable {
    public enum Owner: Sendable, Hashable {
        /// Whoever routing assigned the case to.
        case routing
        case team(String)
        case role(String)
    }

    public var name: Located<String>
    public var owner: Located<Owner>

    public init(name: Located<String>, owner: Located<Owner>) {
        self.name = name
        self.owner = owner
    }
}
