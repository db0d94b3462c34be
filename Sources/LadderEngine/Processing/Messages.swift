import LadderExpressions
import LadderLanguage
import LadderTime
import Mustache

extension CaseRun {
    /// Sends a message: resolves the recipients to people (or the customer's address) and renders
    /// the template. A recipient that resolves to nobody is skipped, with a decision saying why;
    /// a person listed twice gets one message. Without decisions and rendering in the step, both
    /// are derived when the message is first read, from a snapshot of the case.
    mutating func send(_ notify: CompiledNotify, source: String, stage: Int) {
        let template = notify.template
        let options = definitions.options
        if options.renderMessages {
            let (recipients, to) = self.recipients(of: notify, source: source, stage: stage)
            let text = definitions.templates[template].render(TemplateData(definitions: definitions, c: c, now: now))
            record(.message(Message(caseID: c.id, template: definitions.templateIDs[template], channel: notify.channel, source: source,
                                    recipients: recipients, to: to, subject: text.subject, body: text.body)))
            return
        }
        // The snapshot shares the case's arrays, so the case's next change to one copies it:
        // only the arrays the template (and, when derived later, the recipients) may read are kept.
        let lazyRecipients = !options.recordDecisions
        var keepStages = definitions.templateReadsStages[template]
        var keepClocks = definitions.templateReadsClocks[template]
        if lazyRecipients, !(keepStages && keepClocks) {
            for recipient in notify.to {
                switch recipient {
                case .assignee: keepStages = true
                case .role, .owner:
                    keepStages = keepStages || definitions.rolesReadStages
                    keepClocks = keepClocks || definitions.rolesReadClocks
                case .team, .customer: break
                }
            }
        }
        if keepClocks { keepStages = true }  // a clock's remaining time may read anything
        let (recipients, to) = lazyRecipients ? ([], []) : self.recipients(of: notify, source: source, stage: stage)
        // The pending part built in the call (a temporary moved into the message, not copied).
        record(.message(Message(
            caseID: c.id, template: definitions.templateIDs[template], channel: notify.channel, source: source,
            recipients: recipients, to: to,
            pending: Message.Pending(
                definitions: definitions, notify: lazyRecipients ? notify : nil, stage: stage, template: template, number: c.number,
                openedAt: c.openedAt, fields: c.fields, level: c.level, closed: c.closed, routed: c.routed, routedTeam: c.routedTeam,
                stages: keepStages ? c.stages : [], clocks: keepClocks ? c.clocks : [], now: now))))
    }

    /// Whom a notify reaches now: each recipient as written, and everyone reached once, in order.
    /// A recipient that resolves to nobody is recorded as a decision (when decisions are recorded).
    func recipients(of notify: CompiledNotify, source: String, stage: Int) -> ([Message.Recipient], [String]) {
        var recipients: [Message.Recipient] = []
        recipients.reserveCapacity(notify.to.count)
        var to: [String] = []
        for recipient in notify.to {
            let written = definitions.writtenRecipient(recipient)
            var reached: [String] = []
            var note: String?
            switch recipient {
            case .team(let team):
                reached = workflow.teams[team].members
            case .role(let role):
                let (holder, _) = select(definitions.roles[role])
                if let holder { reached = [holder] } else { note = "role \(workflow.roles[role].id) has nobody for this case" }
            case .customer:
                if let slot = definitions.customerEmailSlot, case .string(let address) = c.fields[slot] {
                    reached = [address]
                } else {
                    note = "case.customer.email is null"
                }
            case .assignee:
                if stage >= 0 {
                    let number = c.stages[stage].assignee
                    if number >= 0 { reached = [person(number)] } else { note = "stage \(workflow.stages[stage].id) is unassigned" }
                } else if c.routed >= 0 {
                    reached = [person(c.routed)]
                } else {
                    note = "routing has no assignee yet"
                }
            case .owner:
                let (_, people, why) = owner()
                reached = people
                note = why
            }
            if reached.isEmpty {
                decide(.recipient, "\(source) → \(written)", "skipped", note ?? "resolves to nobody")
            }
            if to.isEmpty, !hasDuplicates(reached) {
                to = reached  // shares the storage: no array built for the common single recipient
            } else {
                for person in reached where !to.contains(person) { to.append(person) }
            }
            recipients.append(Message.Recipient(written: written, reached: reached, note: reached.isEmpty ? note : nil))
        }
        return (recipients, to)
    }

    private func hasDuplicates(_ people: [String]) -> Bool {
        for index in people.indices.dropFirst() where people[..<index].contains(people[index]) { return true }
        return false
    }

    // MARK: Periodic notifications

    /// Starts or stops the period of an `every` notification as its `while` holds.
    @inline(__always)
    mutating func updatePeriodic(_ slot: Int) {
        let consumer = c.clocks.count + slot
        guard definitions.mustEvaluate(consumer, dirty: c.dirty) else { return }
        let index = definitions.periodic[slot]
        guard let every = definitions.notificationEvery[index] else { return }
        if consumer < 64 { c.dirty &= ~(1 << UInt64(consumer)) }
        var holds = !c.closed
        var record: RecordBox?
        if holds, let condition = definitions.unretainedNotificationWhile[index] { (holds, record) = test(condition) }
        if holds, !c.periodic[slot].active {
            c.periodic[slot].active = true
            let due = now + every.wallSeconds
            c.periodic[slot].next = due.seconds
            armPeriodic(slot, due: due)
            decide(.notification, definitions.notificationSources[index], "period started",
                   "while holds; the first message is due one period (\(every)) later", conditions: record.list)
            changed()
        } else if !holds, c.periodic[slot].active {
            stopPeriodic(slot, reason: "while no longer holds", conditions: record.list)
        }
    }

    mutating func stopPeriodic(_ slot: Int, reason: String, conditions: [ConditionRecord] = []) {
        c.periodic[slot].active = false
        if c.periodic[slot].timer != 0 {
            record(.timerCancelled(Timer(due: Instant(seconds: c.periodic[slot].next), kind: .periodic, caseNumber: c.number,
                                                 index: Int32(slot), sequence: c.periodic[slot].timer)))
            c.periodic[slot].timer = 0
        }
        decide(.notification, definitions.notificationSources[definitions.periodic[slot]], "period stopped", reason, conditions: conditions)
        changed()
    }

    mutating func armPeriodic(_ slot: Int, due: Instant) {
        shared.sequence += 1
        c.periodic[slot].timer = shared.sequence
        record(.timerSet(Timer(due: due, kind: .periodic, caseNumber: c.number, index: Int32(slot), sequence: shared.sequence)))
    }

    /// A period is over: send if `while` still holds, and arm the next one.
    mutating func periodicTimer(_ slot: Int) {
        c.periodic[slot].timer = 0
        let index = definitions.periodic[slot]
        let rule = definitions.notifications[index]
        guard let every = rule.value.every, c.periodic[slot].active, !c.closed else { return }
        if let condition = definitions.notificationWhile[index] {
            let (holds, record) = test(condition)
            if !holds { return stopPeriodic(slot, reason: "while no longer holds", conditions: record.list) }
        }
        send(rule.value.notify, source: definitions.notificationSources[index], stage: -1)
        let due = Instant(seconds: c.periodic[slot].next) + every.wallSeconds
        c.periodic[slot].next = due.seconds
        armPeriodic(slot, due: due)
    }
}

// MARK: Templates

extension PreparedTemplate {
    /// Renders the subject and body with swift-mustache against a snapshot of the case.
    func render(_ data: TemplateData) -> (subject: String, body: String) {
        if let problem { return ("", problem) }
        let root = TemplateRoot(data: data)
        return (subject?.render(root) ?? "", body?.render(root) ?? "")
    }
}

/// A snapshot of the case for rendering.
final class TemplateData: Sendable {
    let definitions: Definitions
    let c: CaseState
    let now: Instant

    init(definitions: Definitions, c: CaseState, now: Instant) {
        self.definitions = definitions
        self.c = c
        self.now = now
    }

    func value(_ reference: PathReference) -> Any? {
        TemplateData.render(PathValues.value(of: reference, definitions: definitions, case: c, now: now))
    }

    /// How values appear in messages: text as is, null as nothing (and false in sections),
    /// durations as `1h30m`, times in RFC 3339 UTC, lists joined by `, ` (an empty list is
    /// false in sections), numbers without a trailing `.0`.
    static func render(_ value: Value) -> Any? {
        switch value {
        case .null: return nil
        case .bool(let flag): return flag
        case .int(let number): return String(number)
        case .number(let number):
            return number.isFinite && number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : String(number)
        case .string(let text): return text
        case .duration(let seconds): return DurationValue.format(seconds: seconds)
        case .time(let seconds): return Instant(seconds: seconds).iso8601()
        case .list(let items):
            if items.isEmpty { return nil }
            return items.map { item -> String in
                if let rendered = render(item) { return String(describing: rendered) }
                return ""
            }.joined(separator: ", ")
        }
    }
}

/// `{{case.…}}`, `{{stage.…}}`, `{{sla.…}}`.
struct TemplateRoot: MustacheParent {
    let data: TemplateData

    func child(named name: String) -> Any? {
        switch name {
        case "case": CaseNode(data: data, prefix: "")
        case "stage": StagesNode(data: data)
        case "sla": ClocksNode(data: data)
        default: nil
        }
    }
}

struct CaseNode: MustacheParent {
    let data: TemplateData
    let prefix: String

    func child(named name: String) -> Any? {
        let full = prefix.isEmpty ? name : prefix + "." + name
        if let slot = data.definitions.fieldIndex[full] {
            return data.value(PathReference(.field, index: slot))
        }
        if prefix.isEmpty, let property = CaseProperty.allCases.first(where: { $0.name == name }) {
            return data.value(PathReference(.caseBuiltin, property: property.rawValue))
        }
        let objectPrefix = full + "."
        if data.definitions.fieldIndex.keys.contains(where: { $0.hasPrefix(objectPrefix) }) {
            return CaseNode(data: data, prefix: full)
        }
        return nil
    }
}

struct StagesNode: MustacheParent {
    let data: TemplateData

    func child(named name: String) -> Any? {
        guard let index = data.definitions.workflow.stageIndex[name] else { return nil }
        return StageNode(data: data, index: index)
    }
}

struct StageNode: MustacheParent {
    let data: TemplateData
    let index: Int

    func child(named name: String) -> Any? {
        guard let property = StageProperty.allCases.first(where: { $0.name == name }) else { return nil }
        return data.value(PathReference(.stage, index: index, property: property.rawValue))
    }
}

struct ClocksNode: MustacheParent {
    let data: TemplateData

    func child(named name: String) -> Any? {
        guard let index = data.definitions.clockIndex[name] else { return nil }
        return ClockNode(data: data, index: index)
    }
}

struct ClockNode: MustacheParent {
    let data: TemplateData
    let index: Int

    func child(named name: String) -> Any? {
        guard let property = SLAProperty.allCases.first(where: { $0.name == name }) else { return nil }
        return data.value(PathReference(.sla, index: index, property: property.rawValue))
    }
}
