import LadderDiagnostics
import LadderLanguage

/// Teams, roles, calendars, templates and levels that nothing refers to.
public struct UnusedDefinition: LintRule {
    public static let id = "unused-definition"
    public static let severity = Severity.warning
    public static let summary = "A team, role, calendar, template or level is defined but never used."
    public static let explanation = """
        Counts every place that can refer to a definition and reports the ones nothing refers to:
        - teams: routing `to`, stage and `assign`-action assignees, level owners, recipients (stage `notify`, \
        notifications, `notify` actions of rules and SLA clocks);
        - roles: assignees, level owners, recipients;
        - calendars: team calendars, SLA calendars (including every entry of a `by` table), stage clock \
        calendars, and `calendar.<id>.open` in any expression;
        - templates: the `template` of stage `notify`, notifications and `notify` actions;
        - levels: the first level (where every case starts) is always used; the others are used when some \
        action says `escalate: <level>`, or when any `escalate: next` exists.

        Fields and people are not reported. The built-in `always` calendar is never reported.
        """
    public static let badExample = """
        ladder: 1
        workflow: demo
        teams:
          support: { members: [anna] }
          legacy: { members: [ben] }
        stages:
          handle: { assign: team.support }
        """
    public static let goodExample = """
        ladder: 1
        workflow: demo
        teams:
          support: { members: [anna] }
        stages:
          handle: { assign: team.support }
        """
    public init() {}

    struct References {
        var teams: Set<String> = []
        var roles: Set<String> = []
        var calendars: Set<String> = []
        var templates: Set<String> = []
        var levels: Set<String> = []
        var escalatesNext = false

        mutating func assignee(_ target: AssignTarget) {
            switch target {
            case .team(let id): teams.insert(id)
            case .role(let id): roles.insert(id)
            case .routing, .stageAssignee, .person: break
            }
        }

        mutating func notify(_ spec: NotifySpec) {
            templates.insert(spec.template.value)
            for recipient in spec.to {
                switch recipient.value {
                case .team(let id): teams.insert(id)
                case .role(let id): roles.insert(id)
                case .customer, .assignee, .owner: break
                }
            }
        }

        mutating func actions(_ actions: [LocatedAction]) {
            for action in actions {
                switch action.action {
                case .notify(let spec): notify(spec)
                case .assign(_, let to): assignee(to.value)
                case .escalate(.next): escalatesNext = true
                case .escalate(.level(let name)): levels.insert(name.value)
                case .set, .reopen, .skip, .close: break
                }
            }
        }

        /// `calendar.<id>.open` in an expression's text.
        /// Boyer-Moore-Horspool: the byte under the needle's last position says how far it can move.
        static func containsCalendarPrefix(_ text: String) -> Bool {
            var text = text
            return text.withUTF8 { bytes in
                // "calendar.": the shift for each byte is its distance from the end of "calendar"
                // at its last place there, 9 for the others (and for `.`, only last).
                let count = 9
                guard bytes.count >= count else { return false }
                var end = count - 1
                while end < bytes.count {
                    let shift: Int
                    switch bytes[end] {
                    case UInt8(ascii: "."):
                        if bytes[end - 8] == UInt8(ascii: "c"), bytes[end - 7] == UInt8(ascii: "a"), bytes[end - 6] == UInt8(ascii: "l"),
                           bytes[end - 5] == UInt8(ascii: "e"), bytes[end - 4] == UInt8(ascii: "n"), bytes[end - 3] == UInt8(ascii: "d"),
                           bytes[end - 2] == UInt8(ascii: "a"), bytes[end - 1] == UInt8(ascii: "r") { return true }
                        shift = 9
                    case UInt8(ascii: "r"): shift = 1
                    case UInt8(ascii: "a"): shift = 2
                    case UInt8(ascii: "d"): shift = 3
                    case UInt8(ascii: "n"): shift = 4
                    case UInt8(ascii: "e"): shift = 5
                    case UInt8(ascii: "l"): shift = 6
                    case UInt8(ascii: "c"): shift = 8
                    default: shift = 9
                    }
                    end += shift
                }
                return false
            }
        }

        mutating func expression(_ expression: SourceExpression?) {
            guard let text = expression?.text else { return }
            // Most conditions never name a calendar: without the bytes `calendar.` the search
            // below cannot match (its ASCII letters have no other canonical form), so skip it.
            guard References.containsCalendarPrefix(text) else { return }
            var rest = Substring(text)
            while let range = rest.range(of: "calendar.") {
                let after = rest[range.upperBound...]
                let name = after.prefix { $0.isLetter || $0.isNumber || $0 == "_" }
                if !name.isEmpty { calendars.insert(String(name)) }
                rest = after
            }
        }
    }

    public func check(_ context: inout LintContext) {
        let workflow = context.workflow
        var used = References()
        for team in workflow.teams { if let calendar = team.calendar { used.calendars.insert(calendar.value) } }
        for level in workflow.levels {
            switch level.owner.value {
            case .team(let id): used.teams.insert(id)
            case .role(let id): used.roles.insert(id)
            case .routing: break
            }
        }
        for rule in workflow.routing {
            used.teams.insert(rule.team.value)
            used.expression(rule.when)
        }
        // Stages by index (no copies). Their assignees as the analyser resolved them (team and role
        // indices into the written lists, first definition of a name), marked in flags: an
        // assignee it did not resolve names nothing defined, so leaving it out changes nothing.
        let stages = workflow.stages
        let resolved = context.compiled.stages.count == stages.count ? context.compiled.stages : nil
        var teamUsed = Array(repeatElement(false, count: workflow.teams.count))
        var roleUsed = Array(repeatElement(false, count: workflow.roles.count))
        for index in stages.indices {
            if let resolved {
                switch resolved[index].assign {
                case .team(let team)? where teamUsed.indices.contains(team): teamUsed[team] = true
                case .role(let role)? where roleUsed.indices.contains(role): roleUsed[role] = true
                default: break
                }
            } else if let assign = stages[index].assign {
                used.assignee(assign.value)
            }
            if let notify = stages[index].notify { used.notify(notify) }
            if let calendar = stages[index].sla?.calendar { used.calendars.insert(calendar.value) }
            used.expression(stages[index].when)
        }
        for team in teamUsed.indices where teamUsed[team] { used.teams.insert(workflow.teams[team].id.value) }
        for role in roleUsed.indices where roleUsed[role] { used.roles.insert(workflow.roles[role].id.value) }
        for sla in workflow.slas {
            for calendar in sla.calendar?.allResults ?? [] { used.calendars.insert(calendar.value) }
            used.actions(sla.onWarning)
            used.actions(sla.onBreach)
            used.actions(sla.onMet)
            for expression in [sla.start, sla.stop, sla.pauseWhen] { used.expression(expression) }
            if case .table(let table) = sla.target { used.expression(table.by) }
            if case .table(let table)? = sla.calendar { used.expression(table.by) }
        }
        for role in workflow.roles { if case .table(let table) = role.holder { used.expression(table.by) } }
        for notification in workflow.notifications {
            used.notify(notification.notify)
            used.expression(notification.when)
            used.expression(notification.whileCondition)
        }
        for rule in workflow.rules {
            used.actions(rule.actions)
            used.expression(rule.when)
            for action in rule.actions {
                if case .set(let assignments) = action.action { for (_, value) in assignments { used.expression(value) } }
            }
        }
        for sla in workflow.slas {
            for actions in [sla.onWarning, sla.onBreach, sla.onMet] {
                for action in actions {
                    if case .set(let assignments) = action.action { for (_, value) in assignments { used.expression(value) } }
                }
            }
        }

        func report(_ kind: String, _ id: Located<String>, hint: String) {
            context.report(UnusedDefinition.self, "\(kind) `\(id.value)` is defined but never used", at: id.span, hint: hint)
        }
        for team in workflow.teams where !used.teams.contains(team.id.value) {
            report("team", team.id, hint: "route, assign or notify `team.\(team.id.value)`, or remove it")
        }
        for role in workflow.roles where !used.roles.contains(role.id.value) {
            report("role", role.id, hint: "assign or notify `role.\(role.id.value)`, or make it a level's owner, or remove it")
        }
        for calendar in workflow.calendars where !used.calendars.contains(calendar.id.value) {
            report("calendar", calendar.id, hint: "use it as the `calendar` of a team or a clock, or remove it")
        }
        for template in workflow.templates where !used.templates.contains(template.id.value) {
            report("template", template.id, hint: "send it with `notify`, or remove it")
        }
        if !used.escalatesNext {
            for level in workflow.levels.dropFirst() where !used.levels.contains(level.name.value) {
                context.report(
                    UnusedDefinition.self, "level `\(level.name.value)` is never reached: nothing escalates to it", at: level.name.span,
                    hint: "add `escalate: \(level.name.value)` or `escalate: next` to a rule or a clock's `on_breach`, or remove the level")
            }
        }
    }
}
