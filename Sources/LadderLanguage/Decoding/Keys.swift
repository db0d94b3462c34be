/// The keys each section of a workflow accepts, in documentation order.
public enum Keys {
    public static let topLevel = ["ladder", "workflow", "title", "description", "fields", "calendars", "teams", "roles",
                                  "levels", "routing", "stages", "slas", "notifications", "rules", "templates"]
    public static let field = ["type", "enum", "list", "required", "default", "description"]
    public static let calendar = ["timezone", "hours", "holidays", "description"]
    public static let team = ["members", "calendar", "description"]
    public static let level = ["name", "owner"]
    public static let routingRule = ["name", "when", "to", "pick"]
    public static let stage = ["title", "description", "needs", "when", "assign", "sla", "outcomes", "notify"]
    public static let stageSLA = ["target", "calendar"]
    public static let sla = ["start", "stop", "pause_when", "target", "calendar", "warn", "on_warning", "on_breach", "on_met", "description"]
    public static let notification = ["name", "on", "when", "every", "while", "to", "template", "channel"]
    public static let notify = ["to", "template", "channel"]
    public static let rule = ["name", "on", "when", "do"]
    public static let template = ["subject", "body"]
    public static let actions = ["set", "escalate", "notify", "reopen", "skip", "assign", "close"]
    public static let assignAction = ["stage", "to"]
}
