import LadderDiagnostics

/// A workflow file decoded into typed values, every part with its span.
///
/// This is the syntax-level model: names are not yet resolved and expressions not yet checked;
/// `WorkflowAnalyzer` does that and produces a `CompiledWorkflow`.
public struct Workflow: Sendable {
    public var source: SourceFile
    public var version: Located<Int>?
    public var id: Located<String>?
    public var title: String?
    public var description: String?
    public var fields: [Field] = []
    public var calendars: [CalendarDefinition] = []
    public var teams: [Team] = []
    public var roles: [Role] = []
    public var levels: [Level] = []
    public var routing: [RoutingRule] = []
    public var stages: [Stage] = []
    public var slas: [SLA] = []
    public var notifications: [NotificationRule] = []
    public var rules: [Rule] = []
    public var templates: [Template] = []
    /// Top-level section keys present in the file, with their spans.
    public var sectionSpans: [String: SourceSpan] = [:]

    public init(source: SourceFile) {
        self.source = source
    }

    public var path: String { source.path }
}
