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
    // `needEntries` stored as its parts, the two 32-bit ones in the bytes that the id and the
    // title leave free (152 bytes a stage, not 160).
    private var needsStart: Int32
    private var titleStorage: SourceText
    private var needsLength: Int32
    private var needsTable: NeedTable?
    public var assign: Located<AssignTarget>?
    // The optional parts most stages lack are stored out of line.
    private var whenStorage: Indirect<SourceExpression>?
    private var slaStorage: Indirect<StageSLA>?
    private var rareStorage: Indirect<RareParts>?

    /// The parts fewest stages have, together in one box.
    struct RareParts: Sendable {
        var description: String?
        var outcomes: [Located<String>] = []
        var notify: NotifySpec?

        var isEmpty: Bool { description == nil && outcomes.isEmpty && notify == nil }
    }

    /// The stage's `needs` entries, in a table shared with the other stages of the workflow (one
    /// array for all of them, not one per stage). `needs` copies them into an array.
    public var needEntries: NeedEntries {
        get { NeedEntries(table: needsTable, start: needsStart, length: needsLength) }
        set {
            needsTable = newValue.table
            needsStart = newValue.start
            needsLength = newValue.length
        }
    }

    /// The `needs` entries as an array (a copy: `needEntries` reads them in place).
    public var needs: [Located<String>] {
        get { Array(needEntries) }
        set { needEntries = NeedEntries(newValue) }
    }

    public var title: String? {
        get { titleStorage.value }
        set { titleStorage = SourceText(newValue) }
    }

    /// The title as stored (in the source file's bytes when written there as is), for the
    /// compiled stage to share.
    var sourceTitle: SourceText { titleStorage }

    public var when: SourceExpression? {
        get { whenStorage?.value }
        set { whenStorage = newValue.map(Indirect.init) }
    }

    public var description: String? {
        get { rareStorage?.value.description }
        set { updateRare { $0.description = newValue } }
    }

    public var outcomes: [Located<String>] {
        get { rareStorage?.value.outcomes ?? [] }
        set { updateRare { $0.outcomes = newValue } }
    }

    public var sla: StageSLA? {
        get { slaStorage?.value }
        set { slaStorage = newValue.map(Indirect.init) }
    }

    public var notify: NotifySpec? {
        get { rareStorage?.value.notify }
        set { updateRare { $0.notify = newValue } }
    }

    private mutating func updateRare(_ change: (inout RareParts) -> Void) {
        var parts = rareStorage?.value ?? RareParts()
        change(&parts)
        rareStorage = parts.isEmpty ? nil : Indirect(parts)
    }

    /// Where the stage is defined: its id.
    public var span: SourceSpan { id.span }

    public init(
        id: Located<String>, title: String?, description: String?, needs: [Located<String>],
        when: SourceExpression?, assign: Located<AssignTarget>?, sla: StageSLA?,
        outcomes: [Located<String>], notify: NotifySpec?
    ) {
        self.init(id: id, title: SourceText(title), description: description, needEntries: NeedEntries(needs), when: when,
                  assign: assign, sla: sla, outcomes: outcomes, notify: notify)
    }

    init(
        id: Located<String>, title: SourceText, description: String?, needEntries: NeedEntries,
        when: SourceExpression?, assign: Located<AssignTarget>?, sla: StageSLA?,
        outcomes: [Located<String>], notify: NotifySpec?
    ) {
        self.id = id
        titleStorage = title
        needsTable = needEntries.table
        needsStart = needEntries.start
        needsLength = needEntries.length
        self.assign = assign
        whenStorage = when.map(Indirect.init)
        slaStorage = sla.map(Indirect.init)
        let rare = RareParts(description: description, outcomes: outcomes, notify: notify)
        rareStorage = rare.isEmpty ? nil : Indirect(rare)
    }
}

