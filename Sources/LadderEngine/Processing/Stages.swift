import LadderExpressions
import LadderLanguage
import LadderTime

extension CaseRun {
    // MARK: Status and assignee, keeping the load per person right

    @inline(__always)
    mutating func setStatus(_ index: Int, _ status: StageStatus) {
        let old = c.stages[index].status
        guard old != status else { return }
        let assignee = c.stages[index].assignee
        if assignee >= 0, !c.closed {
            if old == .active { shared.load[Int(assignee)] -= 1 }
            if status == .active { shared.load[Int(assignee)] += 1 }
        }
        if old == .active { removeQueued(stage: index) }
        c.stages[index].status = status
        c.dirty |= definitions.stageDependents[index]
        c.stagesUnsettled = true
        record(.stageChanged(caseNumber: c.number, stage: index, from: old, to: status))
        changed()
    }

    @inline(__always)
    mutating func setAssignee(_ index: Int, _ person: Int32) {
        let old = c.stages[index].assignee
        if c.stages[index].status == .active, !c.closed {
            if old >= 0 { shared.load[Int(old)] -= 1 }
            if person >= 0 { shared.load[Int(person)] += 1 }
        }
        c.stages[index].assignee = person
        c.dirty |= definitions.stageDependents[index]
        record(.assigned(caseNumber: c.number, stage: index, person: Int(person)))
        changed()
    }

    // MARK: Progress

    /// Starts or skips every pending stage whose needs are settled, in file order, until none is left.
    mutating func progressStages() {
        var progressed = true
        while progressed, !c.closed {
            progressed = false
            // Set again by any status change; still clear when a pass starts nothing.
            c.stagesUnsettled = false
            for index in c.stages.indices where c.stages[index].status == .pending {
                guard needsSettled(index) else { continue }
                if let when = definitions.unretainedStageConditions[index] {
                    let (holds, record) = test(when)
                    if !holds {
                        setStatus(index, .skipped)
                        decide(.stage, definitions.stageSources[index], "skipped", "when was false", conditions: record.list)
                        emit(definitions.codes.stage(index, .skipped), stage: index)
                        progressed = true
                        continue
                    }
                    decide(.stage, definitions.stageSources[index], "started", "when was true", conditions: record.list)
                } else {
                    decide(.stage, definitions.stageSources[index], "started",
                           definitions.stageNeeds[index].isEmpty ? "it has no needs" : "its needs are settled")
                }
                activate(index, reopened: false)
                progressed = true
            }
        }
    }

    /// Whether every stage the stage needs is done or skipped.
    @inline(__always)
    func needsSettled(_ index: Int) -> Bool {
        // Flat tables of integers: no array retained per stage.
        var position = definitions.needsStart[index]
        let end = definitions.needsStart[index + 1]
        while position < end {
            let status = c.stages[definitions.needsFlat[position]].status
            if status != .done && status != .skipped { return false }
            position += 1
        }
        return true
    }

    /// Makes a stage active: assigns it, sends its message, completes a notify-only stage.
    mutating func activate(_ index: Int, reopened: Bool) {
        var started = c.stages[index]  // one write of the stage (each write checks the array's uniqueness)
        started.startedAt = now.seconds
        started.outcome = -1
        c.stages[index] = started
        setStatus(index, .active)
        if !reopened {
            let deferred = c.overrides.isEmpty ? nil : takeOverride(index)
            let target = deferred?.target ?? definitions.stageAssign[index]
            let pick = deferred?.pick ?? .roundRobin
            if let target { assignStage(index, target, pick: pick, source: records ? "assign: \(definitions.written(target))" : "") }
        }
        emit(definitions.codes.stage(index, .started), stage: index)
        if let notify = definitions.stageNotify[index] {
            send(notify, source: definitions.stageSources[index], stage: index)
            if definitions.stageAssign[index] == nil {
                setStatus(index, .done)
                decide(.stage, definitions.stageSources[index], "done", "a notify stage without assign completes once its message is sent")
                emit(definitions.codes.stage(index, .done), stage: index)
            }
        }
    }

    /// Resolves who gets a stage and assigns it (or queues it for a team).
    /// `pick` applies to a team target (round robin unless a routing rule chose the team).
    mutating func assignStage(_ index: Int, _ target: CompiledAssignee, pick strategy: PickStrategy = .roundRobin, source: String) {
        // Read for decisions only (an autoclosure: nothing retained without them).
        var subject: String { definitions.stageSources[index] }
        switch target {
        case .routing:
            if c.routed >= 0 {
                decide(.assignment, subject, "assigned \(person(c.routed))", "\(source): the routed assignee")
                setAssignee(index, c.routed)
            } else {
                decide(.assignment, subject, "unassigned",
                       "\(source): routing has no assignee yet" + (c.routedTeam >= 0 ? " (the case waits in team \(workflow.teams[Int(c.routedTeam)].id)'s queue)" : ""))
                if c.stages[index].assignee >= 0 { setAssignee(index, -1) }
            }
        case .team(let team):
            let (chosen, candidates) = pick(team: team, strategy: strategy)
            if let chosen {
                decide(.assignment, subject, "assigned \(person(chosen))",
                       "\(source): \(strategy == .roundRobin ? "round robin" : strategy.rawValue) in team \(workflow.teams[team].id)",
                       candidates: candidates)
                setAssignee(index, chosen)
            } else {
                decide(.assignment, subject, "waiting", "\(source): nobody in team \(workflow.teams[team].id) is available; the stage waits in the team's queue",
                       candidates: candidates)
                if c.stages[index].assignee >= 0 { setAssignee(index, -1) }
                enqueue(QueueEntry(caseNumber: c.number, stage: Int32(index), pick: strategy), team: team)
            }
        case .role(let role):
            let (holder, record) = select(definitions.roles[role])
            let number = holder.flatMap { definitions.personIndex[$0] } ?? -1
            decide(.assignment, subject, number >= 0 ? "assigned \(person(number))" : "unassigned",
                   "\(source): role \(workflow.roles[role].id)" + (number >= 0 ? " is \(person(number))" : " has nobody for this case"),
                   conditions: record.list)
            setAssignee(index, number)
        case .stageAssignee(let other):
            let number = c.stages[other].assignee
            decide(.assignment, subject, number >= 0 ? "assigned \(person(number))" : "unassigned",
                   "\(source): stage \(workflow.stages[other].id) is " + (number >= 0 ? "assigned to \(person(number))" : "unassigned"))
            setAssignee(index, number)
        case .person(let name):
            let number = definitions.personIndex[name] ?? -1
            decide(.assignment, subject, "assigned \(name)", "\(source)")
            setAssignee(index, number)
        }
    }

    // MARK: Events and actions on stages

    mutating func complete(_ index: Int, outcome: Int) {
        c.stages[index].outcome = Int16(outcome)
        setStatus(index, .done)
        emit(definitions.codes.stage(index, .done), stage: index)
    }

    mutating func skip(_ index: Int, source: String) {
        let status = c.stages[index].status
        guard status == .pending || status == .active else {
            decide(.stage, definitions.stageSources[index], "unchanged", "\(source): the stage is already \(status.rawValue)")
            return
        }
        setStatus(index, .skipped)
        decide(.stage, definitions.stageSources[index], "skipped", "\(source)")
        emit(definitions.codes.stage(index, .skipped), stage: index)
    }

    mutating func reopen(_ index: Int, source: String) {
        let status = c.stages[index].status
        guard status == .done || status == .skipped else {
            decide(.stage, definitions.stageSources[index], "unchanged", "\(source): the stage is \(status.rawValue), not settled")
            return
        }
        reopenCase()
        decide(.stage, definitions.stageSources[index], "reopened", "\(source)")
        // Settled dependants, transitively, go back to pending.
        var seen = Set<Int>()
        var work = workflow.stages[index].dependants
        while let next = work.popLast() {
            guard seen.insert(next).inserted else { continue }
            work.append(contentsOf: workflow.stages[next].dependants)
            let dependant = c.stages[next].status
            if dependant == .done || dependant == .skipped {
                c.stages[next].outcome = -1
                setStatus(next, .pending)
                decide(.stage, definitions.stageSources[next], "pending", "stage \(workflow.stages[index].id) was reopened")
            }
        }
        activate(index, reopened: true)
    }

    mutating func assign(_ index: Int, to target: CompiledAssignee, source: String) {
        if c.stages[index].status == .pending {
            setOverride(index, target, pick: .roundRobin)
            decide(.assignment, definitions.stageSources[index], "deferred",
                   "\(source): the stage is pending; \(definitions.written(target)) applies when it starts")
            changed()
            return
        }
        removeQueued(stage: index)
        assignStage(index, target, source: source)
    }

    /// Defers an assignment until the pending stage starts (replacing one deferred earlier).
    mutating func setOverride(_ index: Int, _ target: CompiledAssignee, pick: PickStrategy) {
        let entry = StageOverride(stage: Int32(index), target: target, pick: pick)
        if let position = c.overrides.firstIndex(where: { $0.stage >= entry.stage }) {
            if c.overrides[position].stage == entry.stage { c.overrides[position] = entry } else { c.overrides.insert(entry, at: position) }
        } else {
            c.overrides.append(entry)
        }
    }

    /// The deferred assignment of a stage, removed.
    mutating func takeOverride(_ index: Int) -> StageOverride? {
        guard let position = c.overrides.firstIndex(where: { $0.stage == Int32(index) }) else { return nil }
        return c.overrides.remove(at: position)
    }

    mutating func removeQueued(stage index: Int) {
        for team in c.queuedTeams {
            shared.queues[Int(team)].removeAll { $0.caseNumber == c.number && $0.stage == Int32(index) }
        }
    }
}
