import LadderExpressions
import LadderLanguage
import LadderTime

extension CaseRun {
    /// Runs an action list (a rule's `do`, an SLA's `on_warning`/`on_breach`/`on_met`) in order.
    /// `stage` is the stage the triggering event is about (-1 for none): the `assignee` recipient.
    mutating func run(_ actions: [CompiledAction], source: String, stage: Int) {
        for action in actions {
            switch action {
            case .set(let assignments):
                if assignments.count == 1 {
                    // One field (the usual set): no arrays.
                    let (slot, expression) = assignments[0]
                    if let change = conformed(slot, expression.compiled.evaluate(self), source: source) {
                        withUnsafePointer(to: change) { update(UnsafeBufferPointer(start: $0, count: 1)) }
                    }
                    continue
                }
                // Every value is computed before any field is written.
                var values: [(Int, Value)] = []
                values.reserveCapacity(assignments.count)
                for (slot, expression) in assignments { values.append((slot, expression.compiled.evaluate(self))) }
                var changes: [(Int, Value)] = []
                changes.reserveCapacity(values.count)
                for (slot, raw) in values {
                    if let change = conformed(slot, raw, source: source) { changes.append(change) }
                }
                update(changes)
            case .escalateNext:
                if c.level + 1 < workflow.levels.count {
                    escalate(to: c.level + 1, reason: "\(source): escalate next")
                } else {
                    decide(.escalation, "level", "unchanged",
                           "\(source): escalate next at the top level \(c.level >= 0 ? workflow.levels[c.level].name : "none") does nothing")
                }
            case .escalate(let level):
                if level > c.level {
                    escalate(to: level, reason: "\(source): escalate \(workflow.levels[level].name)")
                } else {
                    decide(.escalation, "level", "unchanged",
                           "\(source): escalate \(workflow.levels[level].name) does nothing: the case is already at level \(workflow.levels[c.level].name); escalation only moves up")
                }
            case .notify(let notify):
                send(notify, source: source, stage: stage)
            case .reopen(let index):
                reopen(index, source: source)
            case .skip(let index):
                if c.closed {
                    decide(.stage, definitions.stageSources[index], "unchanged", "\(source): the case is closed")
                } else {
                    skip(index, source: source)
                }
            case .assign(let index, let target):
                if c.closed {
                    decide(.assignment, definitions.stageSources[index], "unchanged", "\(source): the case is closed")
                } else if case .routing = target {
                    rerouteStage(index, source: source)
                } else {
                    assign(index, to: target, source: source)
                }
            case .close:
                if c.closed {
                    decide(.stage, "case \(c.id)", "unchanged", "\(source): the case is already closed")
                } else {
                    close(reason: "\(source): close")
                }
            }
        }
    }

    /// A value a `set` gives a field, as the field stores it; nil when it does not fit the type,
    /// or is null for a required field (which keeps its value, with a decision saying so).
    func conformed(_ slot: Int, _ raw: Value, source: String) -> (Int, Value)? {
        let value: Value
        if let table = definitions.enumTables[slot] {
            // An enum value is found in a table (as `Step.validate` does), not compared with each declared value.
            switch raw {
            case .null: value = .null
            case .string(let text) where table[text] != nil: value = raw
            default: return nil
            }
        } else {
            // The field is read in place (a copy of it would copy its name and type).
            guard let conformedValue = workflow.fields.withUnsafeBufferPointer({ ValueTypes.conform(raw, to: $0[slot].type) }) else { return nil }
            value = conformedValue
        }
        if value.isNull, definitions.requiredFlags[slot] {
            let name = workflow.fields[slot].name
            decide(.field, "case.\(name)", "unchanged",
                   "\(source): set gave null for the required field case.\(name); it keeps \(c.fields[slot])")
            return nil
        }
        return (slot, value)
    }

    /// `assign: { stage: x, to: routing }`: runs the routing rules again for the stage.
    mutating func rerouteStage(_ index: Int, source: String) {
        for (ruleIndex, rule) in workflow.routing.enumerated() {
            var conditions: [ConditionRecord] = []
            if let when = definitions.routingConditions[ruleIndex] {
                let (holds, record) = test(when)
                if let record { conditions.append(record.record) }
                if !holds {
                    decide(.routing, "routing rule \(rule.name)", "no match", "\(source): when was false", conditions: conditions)
                    continue
                }
            }
            decide(.routing, "routing rule \(rule.name)", "matched", "\(source): stage \(workflow.stages[index].id) goes to team \(workflow.teams[rule.team].id)",
                   conditions: conditions)
            if c.stages[index].status == .pending {
                setOverride(index, .team(rule.team), pick: rule.pick)
                changed()
                return
            }
            removeQueued(stage: index)
            let (chosen, candidates) = pick(team: rule.team, strategy: rule.pick)
            if let chosen {
                decide(.assignment, definitions.stageSources[index], "assigned \(person(chosen))",
                       "\(source): \(rule.pick.rawValue) in team \(workflow.teams[rule.team].id)", candidates: candidates)
                setAssignee(index, chosen)
            } else {
                decide(.assignment, definitions.stageSources[index], "waiting",
                       "\(source): nobody in team \(workflow.teams[rule.team].id) is available", candidates: candidates)
                enqueue(QueueEntry(caseNumber: c.number, stage: Int32(index), pick: rule.pick), team: rule.team)
            }
            return
        }
        decide(.routing, "routing", "unrouted", "\(source): no routing rule matched stage \(workflow.stages[index].id)")
    }

    /// Moves the case to a higher level, tells the new owner and emits `level.<name>.entered`.
    mutating func escalate(to level: Int, reason: String) {
        let previous = c.level
        let old = previous >= 0 ? workflow.levels[previous].name : nil
        c.level = level
        c.tablesDirty |= definitions.tableBuiltinDependents
        c.dirty |= definitions.builtinDependents
        let name = workflow.levels[level].name
        record(.levelChanged(caseNumber: c.number, from: previous, to: level))
        decide(.escalation, "level", "escalated to \(name)", reason)
        changed()
        // The built-in notice to the new owner.
        let (recipient, people, note) = owner()
        var to: [String] = []
        for person in people where !to.contains(person) { to.append(person) }
        let title = definitions.titleSlot.flatMap { slot -> String? in
            if case .string(let text) = c.fields[slot] { return text }
            return nil
        }
        let subject = "Case \(c.id) escalated to \(name)"
        var body = "Case \(c.id)"
        if let title { body += " (\(title))" }
        body += " was escalated to level \(name)"
        if let old { body += " from \(old)" }
        body += ".\nReason: \(reason)\n"
        if to.isEmpty {
            decide(.recipient, "level.\(name)", "nobody", "the owner of level \(name) resolves to nobody: \(note ?? "no owner")")
        }
        record(.message(Message(
            caseID: c.id, template: definitions.levelNoticeTemplates[level], channel: .email, source: "escalation",
            recipients: [Message.Recipient(written: recipient, reached: people, note: note)], to: to, subject: subject, body: body)))
        emit(definitions.codes.level(level))
    }

    /// The owner of the current level: as written, the people, and why nobody when empty.
    func owner() -> (String, [String], String?) {
        guard c.level >= 0 else { return ("owner", [], "the workflow has no levels") }
        switch workflow.levels[c.level].owner {
        case .routing:
            if c.routed >= 0 { return ("owner", [person(c.routed)], nil) }
            return ("owner", [], "routing has no assignee yet")
        case .team(let team):
            return ("owner", workflow.teams[team].members, nil)
        case .role(let role):
            let (holder, _) = select(definitions.roles[role])
            if let holder { return ("owner", [holder], nil) }
            return ("owner", [], "role \(workflow.roles[role].id) has nobody for this case")
        }
    }
}
