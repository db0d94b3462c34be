import LadderDiagnostics
import LadderExpressions
import LadderTime

/// A workflow with every name resolved to an index and every expression type-checked and
/// compiled: what the engine executes and what the lint rules analyse.
///
/// Built by `WorkflowAnalyzer`. When the workflow has errors, the parts that could not be
/// resolved are absent (a `nil` condition, a missing SLA target) and `diagnostics` says why; the
/// engine only runs workflows without errors.
public struct CompiledWorkflow: Sendable {
    public var workflow: Workflow
    public var fields: [CompiledField]
    /// Index 0 is the built-in `always` calendar.
    public var calendars: [CompiledCalendar]
    public var teams: [CompiledTeam]
    public var roles: [CompiledRole]
    public var levels: [CompiledLevel]
    public var routing: [CompiledRoutingRule]
    public var stages: [CompiledStage]
    public var slas: [CompiledSLA]
    public var notifications: [CompiledNotificationRule]
    public var rules: [CompiledRule]
    public var templates: [CompiledTemplate]
    public var scope: WorkflowScope

    public var fieldSlot: [String: Int]
    public var stageIndex: [String: Int]
    /// Clock index by name: the `slas` entries, then the stage clocks (named after their stage).
    public var slaIndex: [String: Int]
    /// Clock names by index, in the order of `slaIndex`.
    public var clockIDs: [String]
    public var teamIndex: [String: Int]
    public var roleIndex: [String: Int]
    public var levelIndex: [String: Int]
    public var calendarIndex: [String: Int]
    public var templateIndex: [String: Int]

    public var id: String { workflow.id?.value ?? "" }
}

/// A type-checked, compiled expression with its source.
///
/// A shared immutable object: a workflow holds a thousand of these in stages, clocks and rules,
/// and copying the model copies a reference, not the 150 bytes of the expression.
public final class WorkflowExpression: Sendable {
    public let source: SourceExpression
    public let compiled: CompiledExpression

    public init(source: SourceExpression, compiled: CompiledExpression) {
        self.source = source
        self.compiled = compiled
    }

    public var text: String { source.text }
    public var type: ExprType { compiled.type }
}

/// A value written directly or chosen by a `by` table, resolved.
public enum CompiledSelection<Result: Sendable>: Sendable {
    case fixed(Result)
    case table(by: WorkflowExpression, entries: [String: Result], defaultResult: Result?)

    /// Every result the selection can produce.
    public var allResults: [Result] {
        switch self {
        case .fixed(let result): [result]
        case .table(_, let entries, let defaultResult): Array(entries.values) + (defaultResult.map { [$0] } ?? [])
        }
    }
}

public struct CompiledField: Sendable {
    public var name: String
    public var type: FieldType
    public var exprType: ExprType
    public var required: Bool
    public var defaultValue: Value?
}

public struct CompiledCalendar: Sendable {
    public var id: String
    public var calendar: BusinessCalendar
}

public struct CompiledTeam: Sendable {
    public var id: String
    public var members: [String]
    public var calendar: Int
}

public struct CompiledRole: Sendable {
    public var id: String
    public var holder: CompiledSelection<String>
}

public struct CompiledLevel: Sendable {
    public enum Owner: Sendable, Hashable {
        case routing
        case team(Int)
        case role(Int)
    }

    public var name: String
    public var owner: Owner
}

public struct CompiledRoutingRule: Sendable {
    public var name: String
    public var when: WorkflowExpression?
    public var team: Int
    public var pick: PickStrategy
}

/// Who gets a stage.
public enum CompiledAssignee: Sendable, Hashable {
    case routing
    case team(Int)
    case role(Int)
    case stageAssignee(Int)
    case person(String)
}

public struct CompiledNotify: Sendable {
    public enum Recipient: Sendable, Hashable {
        case team(Int)
        case role(Int)
        case customer
        case assignee
        case owner
    }

    public var to: [Recipient]
    public var template: Int
    public var channel: Channel
}

public struct CompiledStage: Sendable {
    public var id: String
    // `neededStages` and `dependantStages` stored as their parts, the 32-bit ones in the bytes
    // the fields around them leave free (120 bytes a stage, not 128).
    private var titleStorage: SourceText
    private var neededStart: Int32
    private var neededTable: SharedTable<Int>?
    private var neededLength: Int32
    private var dependantStart: Int32
    private var dependantTable: SharedTable<Int>?
    public var when: WorkflowExpression?
    public var outcomes: [String]
    // The parts most stages lack (40 bytes inline for the clock, 17 for the message) are stored
    // out of line.
    private var slaStorage: Indirect<OwnClock>?
    private var notifyStorage: Indirect<CompiledNotify>?
    public var assign: CompiledAssignee?
    private var dependantLength: Int32

    private struct OwnClock: Sendable {
        var target: DurationValue
        var calendar: Int
    }

    /// The stages this one needs, in a table shared with the other stages (`needs` copies them
    /// into an array).
    public var neededStages: SharedSlice<Int> {
        get { SharedSlice(table: neededTable, start: neededStart, length: neededLength) }
        set {
            neededTable = newValue.table
            neededStart = newValue.start
            neededLength = newValue.length
        }
    }

    /// The stages that need this one, in a table shared with the other stages.
    public var dependantStages: SharedSlice<Int> {
        get { SharedSlice(table: dependantTable, start: dependantStart, length: dependantLength) }
        set {
            dependantTable = newValue.table
            dependantStart = newValue.start
            dependantLength = newValue.length
        }
    }

    public var title: String? {
        get { titleStorage.value }
        set { titleStorage = SourceText(newValue) }
    }

    public var needs: [Int] {
        get { Array(neededStages) }
        set { neededStages = SharedSlice(newValue) }
    }

    /// The stages that need this one.
    public var dependants: [Int] {
        get { Array(dependantStages) }
        set { dependantStages = SharedSlice(newValue) }
    }

    /// The stage's own clock: target and calendar index.
    public var sla: (target: DurationValue, calendar: Int)? {
        get { slaStorage.map { ($0.value.target, $0.value.calendar) } }
        set { slaStorage = newValue.map { Indirect(OwnClock(target: $0.target, calendar: $0.calendar)) } }
    }

    public var notify: CompiledNotify? {
        get { notifyStorage?.value }
        set { notifyStorage = newValue.map(Indirect.init) }
    }

    init(
        id: String, title: SourceText, neededStages: SharedSlice<Int>, when: WorkflowExpression?, assign: CompiledAssignee?,
        sla: (target: DurationValue, calendar: Int)?, outcomes: [String], notify: CompiledNotify?
    ) {
        self.id = id
        titleStorage = title
        neededTable = neededStages.table
        neededStart = neededStages.start
        neededLength = neededStages.length
        dependantTable = nil
        dependantStart = 0
        dependantLength = 0
        self.when = when
        self.assign = assign
        self.outcomes = outcomes
        slaStorage = sla.map { Indirect(OwnClock(target: $0.target, calendar: $0.calendar)) }
        notifyStorage = notify.map(Indirect.init)
    }
}

public struct CompiledSLA: Sendable {
    public var id: String
    public var start: WorkflowExpression?
    public var stop: WorkflowExpression?
    public var pauseWhen: WorkflowExpression?
    public var target: CompiledSelection<DurationValue>?
    /// Calendar indices; `.fixed(0)` is `always`.
    public var calendar: CompiledSelection<Int>
    public var warn: [SLA.Warning]
    public var onWarning: [CompiledAction]
    public var onBreach: [CompiledAction]
    public var onMet: [CompiledAction]
}

public struct CompiledNotificationRule: Sendable {
    public var name: String
    public var on: [EventPattern]
    public var when: WorkflowExpression?
    public var every: DurationValue?
    public var whileCondition: WorkflowExpression?
    public var notify: CompiledNotify
}

public struct CompiledRule: Sendable {
    public var name: String
    public var on: [EventPattern]
    public var when: WorkflowExpression?
    public var actions: [CompiledAction]
}

public enum CompiledAction: Sendable {
    case set([(slot: Int, value: WorkflowExpression)])
    case escalateNext
    case escalate(level: Int)
    case notify(CompiledNotify)
    case reopen(stage: Int)
    case skip(stage: Int)
    case assign(stage: Int, to: CompiledAssignee)
    case close
}

public struct CompiledTemplate: Sendable {
    public var id: String
    public var subject: String?
    public var body: String
}
