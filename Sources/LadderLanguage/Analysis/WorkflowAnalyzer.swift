import LadderDiagnostics
import LadderExpressions
import LadderTime

/// Resolves every name of a decoded workflow, type-checks and compiles its expressions, and
/// reports what does not resolve — all in one pass.
public enum WorkflowAnalyzer {
    /// Analyses a decoded workflow. With `generatingCode: false` expressions are checked but not
    /// compiled to closures (they evaluate through the interpreter): what a linter needs, at less cost.
    public static func analyze(_ workflow: Workflow, generatingCode: Bool = true) -> (compiled: CompiledWorkflow, diagnostics: [Diagnostic]) {
        var analyzer = Analyzer(workflow: workflow, generatingCode: generatingCode)
        let compiled = analyzer.run()
        return (compiled, analyzer.bag.diagnostics)
    }

    /// Decodes and analyses a file: the whole front-end in one call.
    public static func load(_ source: SourceFile) -> (compiled: CompiledWorkflow, diagnostics: [Diagnostic]) {
        let (workflow, decodeDiagnostics) = WorkflowDecoder.decode(source)
        let (compiled, diagnostics) = analyze(workflow)
        return (compiled, decodeDiagnostics + diagnostics)
    }
}

private struct Analyzer: Sendable {
    /// From this many stages on, the stages are checked in two halves on two threads.
    static let parallelStageThreshold = 512

    let workflow: Workflow
    var bag = DiagnosticBag()
    let scope: WorkflowScope
    let fieldSlot: [String: Int]
    let stageIndex: [String: Int]
    let slaIndex: [String: Int]
    let clockIDs: [String]
    let teamIndex: [String: Int]
    let roleIndex: [String: Int]
    var levelIndex: [String: Int] = [:]
    let calendarIndex: [String: Int]
    let templateIndex: [String: Int]
    let generatingCode: Bool

    init(workflow: Workflow, generatingCode: Bool) {
        self.workflow = workflow
        self.generatingCode = generatingCode
        func index(_ names: [String]) -> [String: Int] {
            var result = [String: Int](minimumCapacity: names.count)  // `reserveCapacity` is not specialized
            // Last to first, so the first definition's offset is the one left: one hash lookup
            // per name, not a lookup then an insert.
            for offset in names.indices.reversed() { result[names[offset]] = offset }
            return result
        }
        fieldSlot = index(workflow.fields.map(\.name.value))
        stageIndex = index(workflow.stages.map(\.id.value))
        // Clocks: the `slas` entries, then one per stage with its own `sla`, named after the stage.
        let clockIDs = workflow.slas.map(\.id.value) + workflow.stages.filter { $0.sla != nil }.map(\.id.value)
        slaIndex = index(clockIDs)
        self.clockIDs = clockIDs
        teamIndex = index(workflow.teams.map(\.id.value))
        roleIndex = index(workflow.roles.map(\.id.value))
        calendarIndex = index(["always"] + workflow.calendars.map(\.id.value))
        templateIndex = index(workflow.templates.map(\.id.value))
        scope = WorkflowScope(
            fields: workflow.fields, stages: workflow.stages, stageIndex: stageIndex, slaIndex: slaIndex,
            calendarIndex: calendarIndex, levelNames: workflow.levels.map(\.name.value))
    }

    mutating func run() -> CompiledWorkflow {
        levelIndex = uniqueNames(workflow.levels.map(\.name), kind: "level")
        _ = uniqueNames(workflow.routing.map(\.name), kind: "routing rule")
        _ = uniqueNames(workflow.notifications.map(\.name), kind: "notification rule")
        _ = uniqueNames(workflow.rules.map(\.name), kind: "rule")
        let slaNames = Set(workflow.slas.map(\.id.value))
        for stage in workflow.stages where stage.sla != nil && slaNames.contains(stage.id.value) {
            let clock = workflow.slas.first { $0.id.value == stage.id.value }!
            bag.error("duplicate-name", "stage `\(stage.id.value)` has its own `sla`, whose clock is also named `\(stage.id.value)`, like an entry of `slas`",
                      at: stage.id.span, notes: [Diagnostic.Note("the SLA is defined here", span: clock.id.span)],
                      hint: "rename the SLA, or drop the stage's `sla`")
        }

        // The scope has typed the fields already, by position.
        let fields = workflow.fields.indices.map { index in
            let field = workflow.fields[index]
            return CompiledField(name: field.name.value, type: field.type, exprType: scope.fieldTypes[index],
                                 required: field.required, defaultValue: field.defaultValue?.value)
        }
        let calendars = [CompiledCalendar(id: "always", calendar: .always)]
            + workflow.calendars.map { CompiledCalendar(id: $0.id.value, calendar: $0.calendar) }
        let teams = workflow.teams.map { team in
            CompiledTeam(id: team.id.value, members: team.members.map(\.value),
                         calendar: team.calendar.flatMap { resolve($0, in: calendarIndex, kind: "calendar") } ?? 0)
        }
        let roles = workflow.roles.compactMap { role -> CompiledRole? in
            guard let holder = select(role.holder, in: "role `\(role.id.value)`", result: { _, person in person.value }) else { return nil }
            return CompiledRole(id: role.id.value, holder: holder)
        }
        let levels = workflow.levels.compactMap { level -> CompiledLevel? in
            let owner: CompiledLevel.Owner
            switch level.owner.value {
            case .routing: owner = .routing
            case .team(let id):
                guard let index = resolve(Located(id, span: level.owner.span), in: teamIndex, kind: "team") else { return nil }
                owner = .team(index)
            case .role(let id):
                guard let index = resolve(Located(id, span: level.owner.span), in: roleIndex, kind: "role") else { return nil }
                owner = .role(index)
            }
            return CompiledLevel(name: level.name.value, owner: owner)
        }
        let routing = workflow.routing.compactMap { rule -> CompiledRoutingRule? in
            let when = rule.when.flatMap { check($0, expected: .bool) }
            guard let team = resolve(rule.team, in: teamIndex, kind: "team") else { return nil }
            return CompiledRoutingRule(name: rule.name.value, when: when, team: team, pick: rule.pick.value)
        }
        let stages = compileStages()
        let slas = workflow.slas.map { compileSLA($0) }
        let notifications = workflow.notifications.compactMap { rule -> CompiledNotificationRule? in
            let on = events(rule.on)
            let when = rule.when.flatMap { check($0, expected: .bool) }
            let whileCondition = rule.whileCondition.flatMap { check($0, expected: .bool) }
            guard let notify = compileNotify(rule.notify) else { return nil }
            return CompiledNotificationRule(name: rule.name.value, on: on, when: when, every: rule.every?.value,
                                            whileCondition: whileCondition, notify: notify)
        }
        let rules = workflow.rules.map { rule in
            CompiledRule(name: rule.name.value, on: events(rule.on), when: rule.when.flatMap { check($0, expected: .bool) },
                         actions: actions(rule.actions))
        }
        let templates = workflow.templates.map { CompiledTemplate(id: $0.id.value, subject: $0.subject?.text, body: $0.body.text) }
        return CompiledWorkflow(
            workflow: workflow, fields: fields, calendars: calendars, teams: teams, roles: roles, levels: levels,
            routing: routing, stages: stages, slas: slas, notifications: notifications, rules: rules, templates: templates,
            scope: scope, fieldSlot: fieldSlot, stageIndex: stageIndex, slaIndex: slaIndex, clockIDs: clockIDs, teamIndex: teamIndex,
            roleIndex: roleIndex, levelIndex: levelIndex, calendarIndex: calendarIndex, templateIndex: templateIndex)
    }

    // MARK: Stages and SLAs

    mutating func compileStages() -> [CompiledStage] {
        var stages: [CompiledStage]
        let count = workflow.stages.count
        if count >= Analyzer.parallelStageThreshold {
            // Stages are independent of each other here: check two halves at once, each written
            // in place in the one array, each half with its own table of needs; the diagnostics
            // are put back together in file order.
            let analyzer = self
            let (compiled, (first, second)) = buildInTwoHalves(count: count) { range, slots in
                var copy = analyzer
                copy.bag = DiagnosticBag()
                var needs: [Int] = []
                for index in range { slots.initialize(index, to: copy.compileStage(analyzer.workflow.stages[index], needs: &needs)) }
                let table = SharedTable(trimming: needs)
                for index in range { slots.update(index) { $0.neededStages.share(table) } }
                return copy.bag.diagnostics
            }
            stages = compiled
            bag.append(contentsOf: first)
            bag.append(contentsOf: second)
        } else {
            stages = []
            stages.reserveCapacity(count)
            var needs: [Int] = []
            for stage in workflow.stages { stages.append(compileStage(stage, needs: &needs)) }
            let table = SharedTable(trimming: needs)
            for index in stages.indices { stages[index].neededStages.share(table) }
        }
        Analyzer.linkDependants(&stages)
        return stages
    }

    /// Gives each stage the stages that need it (in index order, a stage not its own dependant),
    /// all in one table.
    static func linkDependants(_ stages: inout [CompiledStage]) {
        // Stage `s`'s dependants go to `start[s]..<start[s + 1]` of the table.
        var start = Array(repeatElement(0, count: stages.count + 1))
        for index in stages.indices {
            for need in stages[index].neededStages where need != index { start[need + 1] += 1 }
        }
        guard start.contains(where: { $0 > 0 }) else { return }
        for index in stages.indices { start[index + 1] += start[index] }
        var next = start
        let table = [Int](unsafeUninitializedCapacity: start[stages.count]) { buffer, initialized in
            for index in stages.indices {
                for need in stages[index].neededStages where need != index {
                    (buffer.baseAddress! + next[need]).initialize(to: index)
                    next[need] += 1
                }
            }
            initialized = start[stages.count]
        }
        let shared = SharedTable(table)
        for index in stages.indices {
            stages[index].dependantStages = SharedSlice(table: shared, range: start[index]..<start[index + 1])
        }
    }

    /// Compiles a stage; its needs are appended to `needs`, the table the stage's will be read
    /// from once `SharedSlice.share` gives it to them.
    mutating func compileStage(_ stage: Stage, needs: inout [Int]) -> CompiledStage {
        let firstNeed = needs.count
        let entries = stage.needEntries
        for position in entries.indices {
            // By name first: an entry's span is looked up in the file only for a message.
            if let need = stageIndex[entries.name(at: position)] ?? resolve(entries[position], in: stageIndex, kind: "stage") {
                needs.append(need)
            }
        }
        let neededStages = SharedSlice<Int>(pending: firstNeed..<needs.count)
        let when = stage.when.flatMap { check($0, expected: .bool) }
        let assign = stage.assign.flatMap { assignee($0) }
        var sla: (DurationValue, Int)?
        if let own = stage.sla {
            let calendar = own.calendar.flatMap { resolve($0, in: calendarIndex, kind: "calendar") } ?? 0
            sla = (own.target.value, calendar)
        }
        let notify = stage.notify.flatMap { compileNotify($0) }
        return CompiledStage(id: stage.id.value, title: stage.sourceTitle, neededStages: neededStages, when: when,
                             assign: assign, sla: sla, outcomes: stage.outcomes.map(\.value), notify: notify)
    }

    mutating func compileSLA(_ sla: SLA) -> CompiledSLA {
        let target: CompiledSelection<DurationValue>? = select(sla.target, in: "the target of SLA `\(sla.id.value)`") { _, duration in duration.value }
        var calendar: CompiledSelection<Int> = .fixed(0)
        if let written = sla.calendar {
            calendar = select(written, in: "the calendar of SLA `\(sla.id.value)`") { analyzer, id in
                analyzer.resolve(id, in: analyzer.calendarIndex, kind: "calendar") ?? 0
            } ?? .fixed(0)
        }
        return CompiledSLA(
            id: sla.id.value,
            start: sla.start.flatMap { check($0, expected: .bool) },
            stop: sla.stop.flatMap { check($0, expected: .bool) },
            pauseWhen: sla.pauseWhen.flatMap { check($0, expected: .bool) },
            target: target, calendar: calendar, warn: sla.warn.map(\.value),
            onWarning: actions(sla.onWarning), onBreach: actions(sla.onBreach), onMet: actions(sla.onMet))
    }

    // MARK: Pieces

    mutating func assignee(_ target: Located<AssignTarget>) -> CompiledAssignee? {
        let named = { (id: String) in Located(id, span: target.span) }
        switch target.value {
        case .routing: return .routing
        case .team(let id): return resolve(named(id), in: teamIndex, kind: "team").map { .team($0) }
        case .role(let id): return resolve(named(id), in: roleIndex, kind: "role").map { .role($0) }
        case .stageAssignee(let id): return resolve(named(id), in: stageIndex, kind: "stage").map { .stageAssignee($0) }
        case .person(let id):
            if !Identifier.isValid(id) {
                bag.error("invalid-identifier", "\"\(id)\" is not a valid person name", at: target.span,
                          hint: "rename it to `\(Suggestions.identifier(from: id))`")
                return nil
            }
            return .person(id)
        }
    }

    mutating func compileNotify(_ spec: NotifySpec) -> CompiledNotify? {
        var recipients: [CompiledNotify.Recipient] = []
        for recipient in spec.to {
            switch recipient.value {
            case .team(let id):
                if let index = resolve(Located(id, span: recipient.span), in: teamIndex, kind: "team") { recipients.append(.team(index)) }
            case .role(let id):
                if let index = resolve(Located(id, span: recipient.span), in: roleIndex, kind: "role") { recipients.append(.role(index)) }
            case .customer:
                if fieldSlot["customer.email"] == nil {
                    bag.error("unknown-reference", "`customer` is the case's `customer.email`, which this workflow does not declare", at: recipient.span,
                              hint: "add `customer.email: string` to `fields`")
                }
                recipients.append(.customer)
            case .assignee: recipients.append(.assignee)
            case .owner: recipients.append(.owner)
            }
        }
        guard let template = resolve(spec.template, in: templateIndex, kind: "template") else { return nil }
        return CompiledNotify(to: recipients, template: template, channel: spec.channel)
    }

    mutating func events(_ patterns: [Located<EventPattern>]) -> [EventPattern] {
        patterns.compactMap { pattern in
            switch pattern.value {
            case .stage(let id, _):
                guard resolve(Located(id, span: pattern.span), in: stageIndex, kind: "stage") != nil else { return nil }
            case .sla(let id, _):
                guard resolve(Located(id, span: pattern.span), in: slaIndex, kind: "SLA") != nil else { return nil }
            case .levelEntered(let name):
                guard resolve(Located(name, span: pattern.span), in: levelIndex, kind: "level") != nil else { return nil }
            case .caseOpened, .caseUpdated, .caseClosed, .routingUnassigned:
                break
            }
            return pattern.value
        }
    }

    mutating func actions(_ actions: [LocatedAction]) -> [CompiledAction] {
        actions.compactMap { located -> CompiledAction? in
            switch located.action {
            case .set(let assignments):
                var compiled: [(slot: Int, value: WorkflowExpression)] = []
                for (field, value) in assignments {
                    let name = field.value.hasPrefix("case.") ? String(field.value.dropFirst(5)) : field.value
                    if BuiltinFields.names.contains(name) {
                        bag.error("invalid-value", "`case.\(name)` is read-only", at: field.span,
                                  hint: name == "level" ? "use `escalate`" : name == "closed" ? "use `close: true`" : nil)
                        continue
                    }
                    guard let slot = resolve(Located(name, span: field.span), in: fieldSlot, kind: "field") else { continue }
                    let fieldType = workflow.fields[slot].type
                    var source = value
                    if case .enumeration(let values) = fieldType, values.contains(value.text) {
                        source.text = "\"\(value.text)\""  // a bare enum value, e.g. `status: waiting-on-customer`
                    }
                    if let checked = check(source, expected: WorkflowScope.exprType(fieldType, name: "case.\(name)"), original: value, isCondition: false) {
                        compiled.append((slot, checked))
                    }
                }
                return .set(compiled)
            case .escalate(.next):
                return .escalateNext
            case .escalate(.level(let name)):
                return resolve(name, in: levelIndex, kind: "level").map { .escalate(level: $0) }
            case .notify(let spec):
                return compileNotify(spec).map { .notify($0) }
            case .reopen(let stage):
                return resolve(stage, in: stageIndex, kind: "stage").map { .reopen(stage: $0) }
            case .skip(let stage):
                return resolve(stage, in: stageIndex, kind: "stage").map { .skip(stage: $0) }
            case .assign(let stage, let target):
                guard let index = resolve(stage, in: stageIndex, kind: "stage"), let to = assignee(target) else { return nil }
                return .assign(stage: index, to: to)
            case .close:
                return .close
            }
        }
    }

    /// Resolves a fixed value or a `by` table: the `by` expression must be an enum and every key
    /// one of its values. Coverage (missing values without `default`) is the lint rule
    /// `non-exhaustive-table`.
    mutating func select<Written: Sendable, Result: Sendable>(
        _ selectable: Selectable<Written>, in context: @autoclosure () -> String, result: (inout Analyzer, Written) -> Result?
    ) -> CompiledSelection<Result>? {
        switch selectable {
        case .fixed(let written):
            return result(&self, written).map { .fixed($0) }
        case .table(let table):
            guard let by = check(table.by, expected: nil) else { return nil }
            guard case .enumeration(let name, let values) = by.type else {
                bag.error("type-mismatch", "a `by` table selects by an enum value, but `\(table.by.text)` is \(by.type)", at: table.by.span,
                          hint: "use an enum field such as case.priority or case.region")
                return nil
            }
            var entries: [String: Result] = [:]
            for entry in table.entries {
                guard values.contains(entry.key.value) else {
                    let suggestion = Suggestions.closest(to: entry.key.value, in: values)
                    bag.error("enum-literal", "\"\(entry.key.value)\" is not a value of \(name)", at: entry.key.span,
                              notes: [Diagnostic.Note("\(name) is one of: \(values.joined(separator: ", "))")],
                              hint: suggestion.map { "did you mean \"\($0)\"?" },
                              fixIt: suggestion.map { Diagnostic.FixIt(span: entry.key.span, replacement: $0) })
                    continue
                }
                if let value = result(&self, entry.result) { entries[entry.key.value] = value }
            }
            let defaultResult = table.defaultResult.flatMap { result(&self, $0) }
            return .table(by: by, entries: entries, defaultResult: defaultResult)
        }
    }

    /// Reports names defined twice in a list section; returns the index of the first of each.
    mutating func uniqueNames(_ names: [Located<String>], kind: String) -> [String: Int] {
        var index: [String: Int] = [:]
        for (offset, name) in names.enumerated() {
            if let first = index[name.value] {
                bag.error("duplicate-name", "\(kind) `\(name.value)` is defined twice", at: name.span,
                          notes: [Diagnostic.Note("first defined here", span: names[first].span)], hint: "rename one of them")
            } else {
                index[name.value] = offset
            }
        }
        return index
    }

    /// Looks a name up, reporting an unknown one with a "did you mean" and a fix.
    mutating func resolve(_ name: Located<String>, in index: [String: Int], kind: String) -> Int? {
        if let found = index[name.value] { return found }
        let suggestion = Suggestions.closest(to: name.value, in: index.keys.sorted())
        let known = index.keys.sorted()
        bag.error("unknown-reference", "unknown \(kind) `\(name.value)`", at: name.span,
                  notes: known.isEmpty ? [Diagnostic.Note("no \(kind) is defined in this workflow")]
                    : known.count <= 12 ? [Diagnostic.Note("known: \(known.joined(separator: ", "))")] : [],
                  hint: suggestion.map { "did you mean `\($0)`?" },
                  fixIt: suggestion.map { Diagnostic.FixIt(span: name.span, replacement: $0) })
        return nil
    }

    /// Type-checks and compiles an expression, mapping its diagnostics to source spans.
    /// `original` is the text as written when `expression` was rewritten (a bare enum value).
    mutating func check(
        _ expression: SourceExpression, expected: ExprType?, original: SourceExpression? = nil, isCondition: Bool = true
    ) -> WorkflowExpression? {
        let (compiled, problems) = CompiledExpression.make(
            text: expression.text, scope: scope, expected: expected, generatingCode: generatingCode)
        let located = original ?? expression
        // A value to `set` is meant to be constant; only conditions are checked for that.
        for problem in problems where isCondition || problem.id != "constant-condition" {
            let span = original == nil ? located.span(of: problem.range, in: workflow.source) : located.span
            var id = problem.id
            // A literal outside a stage's outcomes is the `unknown-outcome` rule.
            if id == "enum-literal", problem.notes.contains(where: { $0.hasPrefix("stage.") && $0.contains(".outcome is one of") }) { id = "unknown-outcome" }
            bag.append(Diagnostic(
                id: id, severity: problem.severity == .warning ? .warning : .error, message: problem.message, span: span,
                notes: problem.notes.map { Diagnostic.Note($0) }, hint: problem.hint))
        }
        guard let compiled else { return nil }
        return WorkflowExpression(source: located, compiled: compiled)
    }
}
