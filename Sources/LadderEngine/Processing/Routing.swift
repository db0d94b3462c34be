import LadderExpressions
import LadderLanguage
import LadderTime

extension CaseRun {
    /// Runs the routing rules once, when the case opens: the first rule whose `when` holds sends
    /// the case to its team, where a member is picked (or the case waits in the team's queue).
    mutating func route() {
        for index in definitions.workflow.routing.indices {
            var conditions: [ConditionRecord] = []
            if let when = definitions.unretainedRoutingConditions[index] {
                let (holds, record) = test(when)
                if let record { conditions.append(record.record) }
                if !holds {
                    decide(.routing, "routing rule \(workflow.routing[index].name)", "no match", "when was false", conditions: conditions)
                    continue
                }
            }
            // Read in place (a copy of the rule would copy its name and condition).
            let rule = workflow.routing.withUnsafeBufferPointer { (team: $0[index].team, pick: $0[index].pick) }
            decide(.routing, "routing rule \(workflow.routing[index].name)", "matched",
                   (conditions.isEmpty ? "it has no condition" : "when was true") + "; the case goes to team \(workflow.teams[rule.team].id)",
                   conditions: conditions)
            c.routedTeam = Int32(rule.team)
            let (chosen, candidates) = pick(team: rule.team, strategy: rule.pick)
            if let chosen {
                c.routed = chosen
                decide(.assignment, "routed assignee", "chosen \(person(chosen))",
                       "\(rule.pick.rawValue) in team \(workflow.teams[rule.team].id)", candidates: candidates)
                record(.routed(caseNumber: c.number, rule: index, team: rule.team, person: Int(chosen)))
            } else {
                decide(.assignment, "routed assignee", "waiting",
                       "nobody in team \(workflow.teams[rule.team].id) is available; the case waits in the team's queue", candidates: candidates)
                record(.routed(caseNumber: c.number, rule: index, team: rule.team, person: -1))
                enqueue(QueueEntry(caseNumber: c.number, stage: -1, pick: rule.pick), team: rule.team)
                emit(EventCodes.unassigned)
            }
            return
        }
        decide(.routing, "routing", "unrouted", workflow.routing.isEmpty ? "the workflow has no routing rules" : "no routing rule matched")
        record(.routed(caseNumber: c.number, rule: -1, team: -1, person: -1))
        emit(EventCodes.unassigned)
    }

    /// Picks an available member of a team. Members who are away or outside the team's calendar
    /// are skipped; ties go to the member listed first.
    mutating func pick(team: Int, strategy: PickStrategy) -> (Int32?, [Candidate]) {
        let members = definitions.teamMembers[team]
        let open = isOpenNow(definitions.teamCalendarIndex[team])
        var candidates: [Candidate] = []
        if records { candidates.reserveCapacity(members.count) }
        func available(_ member: Int32) -> Bool { open && !shared.away[Int(member)] }
        func verdict(_ member: Int32) -> Candidate.Verdict {
            shared.away[Int(member)] ? .away : open ? .passed : .outsideCalendar
        }
        var chosen: Int32?
        switch strategy {
        case .roundRobin:
            let start = Int(shared.roundRobin[team])
            for offset in 0..<members.count {
                let position = (start + offset) % members.count
                if available(members[position]) {
                    chosen = members[position]
                    shared.roundRobin[team] = Int32((position + 1) % members.count)
                    break
                }
            }
        case .leastLoaded:
            var best: Int32 = .max
            for member in members where available(member) && shared.load[Int(member)] < best {
                best = shared.load[Int(member)]
                chosen = member
            }
        case .firstAvailable:
            chosen = members.first(where: available)
        }
        if records {
            for member in members {
                let load: Int? = strategy == .leastLoaded ? Int(shared.load[Int(member)]) : nil
                candidates.append(Candidate(person: person(member), verdict: member == chosen ? .chosen : verdict(member), load: load))
            }
        }
        return (chosen, candidates)
    }

    /// Puts the case (or one of its stages) in a team's queue and makes sure a timer wakes the
    /// queue when the team's calendar opens.
    mutating func enqueue(_ entry: QueueEntry, team: Int) {
        if !c.queuedTeams.contains(Int32(team)) {
            c.queuedTeams.append(Int32(team))
            shared.queues[team].append(entry)
        } else if !shared.queues[team].contains(entry) {
            shared.queues[team].append(entry)
        }
        ensureTeamTimer(team)
    }

    /// Arms the team's availability timer at the next opening of its calendar, when the queue
    /// is not empty and the calendar is closed now.
    mutating func ensureTeamTimer(_ team: Int) {
        guard !shared.queues[team].isEmpty else { return }
        let calendar = definitions.teamCalendarIndex[team]
        guard !isOpenNow(calendar), let opens = nextOpenFromNow(calendar) else { return }
        if shared.teamTimer[team] != 0, shared.teamTimerDue[team] == opens.seconds { return }
        if shared.teamTimer[team] != 0 {
            record(.timerCancelled(Timer(due: Instant(seconds: shared.teamTimerDue[team]), kind: .teamAvailability,
                                                 caseNumber: -1, index: Int32(team), sequence: shared.teamTimer[team])))
        }
        shared.sequence += 1
        shared.teamTimer[team] = shared.sequence
        shared.teamTimerDue[team] = opens.seconds
        record(.timerSet(Timer(due: opens, kind: .teamAvailability, caseNumber: -1, index: Int32(team), sequence: shared.sequence)))
    }

    /// Tries to assign a queued entry of this case; returns whether a member was available.
    mutating func serve(_ entry: QueueEntry, team: Int) -> Bool {
        let (chosen, candidates) = pick(team: team, strategy: entry.pick)
        guard let chosen else { return false }
        if shared.queues[team].first == entry {
            shared.queues[team].removeFirst()
        } else {
            shared.queues[team].removeAll { $0 == entry }
        }
        if entry.stage < 0 {
            c.routed = chosen
            decide(.assignment, "routed assignee", "chosen \(person(chosen))",
                   "\(person(chosen)) became available in team \(workflow.teams[team].id) (\(entry.pick.rawValue))", candidates: candidates)
            record(.routed(caseNumber: c.number, rule: -1, team: team, person: Int(chosen)))
            changed()
            // Active stages assigned by routing and still unassigned get the routed assignee.
            for index in c.stages.indices where c.stages[index].status == .active && c.stages[index].assignee < 0 {
                if case .routing = workflow.stages[index].assign {
                    decide(.assignment, definitions.stageSources[index], "assigned \(person(chosen))", "assign: routing: the routed assignee")
                    setAssignee(index, chosen)
                }
            }
        } else {
            let index = Int(entry.stage)
            guard c.stages[index].status == .active else { return true }
            decide(.assignment, definitions.stageSources[index], "assigned \(person(chosen))",
                   "\(person(chosen)) became available in team \(workflow.teams[team].id) (round robin)", candidates: candidates)
            setAssignee(index, chosen)
        }
        return true
    }
}
