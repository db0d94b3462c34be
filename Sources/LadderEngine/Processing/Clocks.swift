import LadderExpressions
import LadderLanguage
import LadderTime

/// SLA clocks. A clock counts open time of its calendar while running; the next warning or the
/// breach is computed exactly with `BusinessCalendar.add` and armed as one timer, re-armed when
/// the clock pauses, resumes or changes target or calendar.
extension CaseRun {
    @inline(__always)
    func calendar(_ index: Int) -> CalendarRef { definitions.calendars[index] }

    // Calendar arithmetic at the step's instant, through the state's window per calendar
    // (`SharedState.calendarWindows`; a detached run has none and asks the calendar).

    /// Open seconds of a calendar in `[from, now)`.
    @inline(__always)
    func openElapsed(_ calendarIndex: Int, from: Instant) -> Int64 {
        guard calendarIndex < shared.calendarWindows.count else { return calendar(calendarIndex).elapsed(from: from, to: now) }
        return definitions.unretainedCalendars[calendarIndex]._withUnsafeGuaranteedRef {
            $0.elapsed(from: from, to: now, window: &shared.calendarWindows[calendarIndex])
        }
    }

    /// The instant `openSeconds` of a calendar's open time after now.
    @inline(__always)
    func openAdd(_ calendarIndex: Int, _ openSeconds: Int64) -> Instant? {
        guard calendarIndex < shared.calendarWindows.count else { return calendar(calendarIndex).add(openSeconds, to: now) }
        return definitions.unretainedCalendars[calendarIndex]._withUnsafeGuaranteedRef {
            $0.add(openSeconds, to: now, window: &shared.calendarWindows[calendarIndex])
        }
    }

    /// Whether a calendar is open now.
    @inline(__always)
    func isOpenNow(_ calendarIndex: Int) -> Bool {
        guard calendarIndex < shared.calendarWindows.count else { return calendar(calendarIndex).isOpen(at: now) }
        return definitions.unretainedCalendars[calendarIndex]._withUnsafeGuaranteedRef {
            $0.isOpen(at: now, window: &shared.calendarWindows[calendarIndex])
        }
    }

    /// The first instant at or after now at which a calendar is open.
    @inline(__always)
    func nextOpenFromNow(_ calendarIndex: Int) -> Instant? {
        guard calendarIndex < shared.calendarWindows.count else { return calendar(calendarIndex).nextOpen(atOrAfter: now) }
        return definitions.unretainedCalendars[calendarIndex]._withUnsafeGuaranteedRef {
            $0.nextOpen(atOrAfter: now, window: &shared.calendarWindows[calendarIndex])
        }
    }

    /// The clock's target (open seconds) and calendar as its `by` tables give them now.
    @inline(__always)
    func targetAndCalendar(_ index: Int) -> (target: Int64, calendar: Int, records: [ConditionRecord]) {
        var records: [ConditionRecord] = []
        let (calendarIndex, calendarRecord, target, targetRecord) = definitions.unretainedClocks[index]._withUnsafeGuaranteedRef { definition in
            let (calendarIndex, calendarRecord) = select(definition.calendar)
            let (target, targetRecord) = select(definition.target)
            return (calendarIndex, calendarRecord, target, targetRecord)
        }
        if let calendarRecord { records.append(calendarRecord.record) }
        if let targetRecord { records.append(targetRecord.record) }
        let calendarNumber = calendarIndex ?? 0
        let seconds = target.map { target in
            definitions.unretainedCalendars[calendarNumber]._withUnsafeGuaranteedRef { $0.openSeconds(of: target) }
        } ?? 0
        return (seconds, calendarNumber, records)
    }

    /// The open-seconds offset of a warning threshold (an index into `Definitions.warningStart`'s
    /// flat tables) for a target.
    @inline(__always)
    func threshold(_ warning: Int, target: Int64, calendar: Int) -> Int64 {
        if let fraction = definitions.warningFraction[warning] { return Int64((Double(target) * fraction).rounded()) }
        return target - definitions.warningBeforeSeconds[warning * definitions.calendars.count + calendar]
    }

    @inline(__always)
    mutating func announce(_ index: Int, from old: SLAState) {
        let new = c.clocks[index].state
        guard new != old else { return }
        record(.slaChanged(caseNumber: c.number, sla: index, from: old, to: new, elapsed: c.clocks[index].elapsed))
        c.dirty |= definitions.clockDependents[index]
        changed()
    }

    /// Counts open time up to now.
    @inline(__always)
    mutating func account(_ index: Int) {
        guard c.clocks[index].phase == .running else { return }
        let from = c.clocks[index].since
        // One write of the clock (each write through the case checks its array's uniqueness).
        var clock = c.clocks[index]
        if from < now.seconds {
            clock.elapsed += openElapsed(Int(clock.calendar), from: Instant(seconds: from))
        }
        clock.since = now.seconds
        c.clocks[index] = clock
    }

    /// Re-evaluates a clock's conditions (when something they read changed), then fires what
    /// was reached and re-arms its timer (when something moved the next threshold).
    @inline(__always)
    mutating func updateClock(_ index: Int) {
        if definitions.mustEvaluate(index, dirty: c.dirty) {
            if index < 64 { c.dirty &= ~(1 << UInt64(index)) }
            definitions.unretainedClocks[index]._withUnsafeGuaranteedRef { clockConditions(index, $0) }
        }
        guard c.clocks[index].isLive else { return }
        // The next threshold is exact, so nothing can be reached before it unless something changed.
        if c.clocks[index].dirty || (c.clocks[index].timer != 0 && now.seconds >= c.clocks[index].due) {
            fireReached(index)
            schedule(index)
            c.clocks[index].dirty = false
        }
    }

    /// Start, stop, target and calendar, pause.
    @inline(__always)
    mutating func clockConditions(_ index: Int, _ definition: ClockDefinition) {
        if c.clocks[index].phase == .pending {
            var conditions: [ConditionRecord] = []
            let reason: String
            if definition.stage >= 0 {
                guard c.stages[definition.stage].status == .active else { return }
                reason = records ? "stage \(workflow.stages[definition.stage].id) became active" : ""
            } else if let start = definition.unretainedStart {
                let (holds, record) = test(start)
                guard holds else { return }
                if let record { conditions.append(record.record) }
                reason = "start holds"
            } else {
                reason = "the case opened"
            }
            let (target, calendarIndex, records) = targetAndCalendar(index)
            // One write of the clock (each write through the case checks its array's uniqueness).
            var started = c.clocks[index]
            started.phase = .running
            started.since = now.seconds
            started.elapsed = 0
            started.target = target
            started.calendar = Int32(calendarIndex)
            started.dirty = true
            c.clocks[index] = started
            if index < 64 { c.tablesDirty &= ~(1 << UInt64(index)) }
            decide(.sla, "sla \(definition.name)", "started",
                   reason + "; target \(DurationValue.format(seconds: target)) of open time on \(definitions.calendars[calendarIndex].id)",
                   conditions: conditions + records)
            announce(index, from: .pending)
            emit(definitions.codes.clock(index, .started), stage: definition.stage, clock: index)
        }
        guard c.clocks[index].isLive else { return }

        // Stop: final.
        if definition.stage >= 0 {
            let status = c.stages[definition.stage].status
            if status == .done || status == .skipped {
                return stopClock(index, reason: records ? "stage \(workflow.stages[definition.stage].id) is \(status.rawValue)" : "")
            }
        } else if let stop = definition.unretainedStop {
            let (holds, record) = test(stop)
            if holds { return stopClock(index, reason: "stop holds", conditions: record.list) }
        }

        // `by` tables: a new target or calendar applies from now; elapsed time is kept.
        let tables = definition.target.fixed == nil || definition.calendar.fixed == nil
        let tablesChanged = index >= 64 || c.tablesDirty & (1 << UInt64(index)) != 0
        if tables, !(definition.target.readsOnlyCase && definition.calendar.readsOnlyCase && !tablesChanged) {
            if index < 64 { c.tablesDirty &= ~(1 << UInt64(index)) }
            let (target, calendarIndex, records) = targetAndCalendar(index)
            if target != c.clocks[index].target || Int32(calendarIndex) != c.clocks[index].calendar {
                account(index)
                c.clocks[index].target = target
                c.clocks[index].calendar = Int32(calendarIndex)
                c.clocks[index].dirty = true
                decide(.sla, "sla \(definition.name)", "retargeted",
                       "target \(DurationValue.format(seconds: target)) of open time on \(definitions.calendars[calendarIndex].id) from now; \(DurationValue.format(seconds: c.clocks[index].elapsed)) counted so far",
                       conditions: records)
                changed()
            }
        }

        // Pause and resume.
        if let pause = definition.unretainedPause {
            let (holds, record) = test(pause)
            let old = c.clocks[index].state
            if holds, c.clocks[index].phase == .running {
                account(index)
                c.clocks[index].phase = .paused
                c.clocks[index].dirty = true
                decide(.sla, "sla \(definition.name)", "paused", "pause_when holds", conditions: record.list)
                announce(index, from: old)
                changed()
            } else if !holds, c.clocks[index].phase == .paused {
                c.clocks[index].phase = .running
                c.clocks[index].since = now.seconds
                c.clocks[index].dirty = true
                decide(.sla, "sla \(definition.name)", "resumed", "pause_when no longer holds", conditions: record.list)
                announce(index, from: old)
                changed()
            }
        }
    }

    /// Stops a clock for good: met unless it had breached.
    mutating func stopClock(_ index: Int, reason: String, conditions: [ConditionRecord] = []) {
        let stage = definitions.clockStage[index]  // a number: no reference to the clock's definition held
        account(index)
        // Thresholds reached exactly now fire before the stop (a stage completed at the very
        // instant its clock breaches is late).
        fireReached(index)
        let old = c.clocks[index].state
        c.clocks[index].phase = .stopped
        cancelClockTimer(index)
        let elapsed = records ? DurationValue.format(seconds: c.clocks[index].elapsed) : ""
        if c.clocks[index].breached {
            decide(.sla, "sla \(definitions.clocks[index].name)", "stopped", "\(reason); it had breached (\(elapsed) counted)", conditions: conditions)
            changed()
        } else {
            decide(.sla, "sla \(definitions.clocks[index].name)", "met", "\(reason) after \(elapsed) of \(DurationValue.format(seconds: c.clocks[index].target))",
                   conditions: conditions)
            announce(index, from: old)
            emit(definitions.codes.clock(index, .met), stage: stage, clock: index, actions: .met)
        }
    }

    /// Fires every warning threshold and the breach that the elapsed time has reached.
    @inline(__always)
    mutating func fireReached(_ index: Int) {
        guard c.clocks[index].phase == .running || c.clocks[index].phase == .paused else { return }
        let firstWarning = definitions.warningStart[index]
        let warnings = definitions.warningStart[index + 1] - firstWarning
        let stage = definitions.clockStage[index]
        account(index)
        let elapsed = c.clocks[index].elapsed
        let target = c.clocks[index].target
        let calendarIndex = Int(c.clocks[index].calendar)
        if warnings > 0 {
            // In threshold order (ties by position), without an array: the smallest reached
            // unfired threshold each round (few warnings per clock).
            while true {
                var position = -1
                var lowest = Int64.max
                for candidate in 0..<warnings where c.clocks[index].fired & (1 << UInt64(candidate)) == 0 {
                    let at = threshold(firstWarning + candidate, target: target, calendar: calendarIndex)
                    if at <= elapsed, at < lowest { lowest = at; position = candidate }
                }
                if position < 0 { break }
                c.clocks[index].fired |= 1 << UInt64(position)
                record(.slaWarning(caseNumber: c.number, sla: index, threshold: position, elapsed: elapsed))
                decide(.sla, "sla \(definitions.clocks[index].name)", "warning",
                       "\(definitions.clocks[index].warningLabels[position]): \(DurationValue.format(seconds: elapsed)) of \(DurationValue.format(seconds: target)) counted")
                changed()
                emit(definitions.codes.clock(index, .warning), stage: stage, clock: index, actions: .warning)
            }
        }
        if !c.clocks[index].breached, target > 0, elapsed >= target {
            let old = c.clocks[index].state
            c.clocks[index].breached = true
            c.dirty |= definitions.clockDependents[index]
            decide(.sla, "sla \(definitions.clocks[index].name)", "breached",
                   "\(DurationValue.format(seconds: elapsed)) of open time reached the target \(DurationValue.format(seconds: target))")
            announce(index, from: old)
            emit(definitions.codes.clock(index, .breached), stage: stage, clock: index, actions: .breach)
        }
    }

    /// Arms the clock's timer at its next threshold (warning or breach), computed with the calendar.
    @inline(__always)
    mutating func schedule(_ index: Int) {
        guard c.clocks[index].phase == .running else { return cancelClockTimer(index) }
        let elapsed = c.clocks[index].elapsed  // accounted to now by fireReached
        let target = c.clocks[index].target
        var next = Int64.max
        if !c.clocks[index].breached, target > elapsed { next = target }
        let firstWarning = definitions.warningStart[index]
        for position in 0..<(definitions.warningStart[index + 1] - firstWarning) where c.clocks[index].fired & (1 << UInt64(position)) == 0 {
            let at = threshold(firstWarning + position, target: target, calendar: Int(c.clocks[index].calendar))
            if at > elapsed, at < next { next = at }
        }
        guard next != .max, let due = openAdd(Int(c.clocks[index].calendar), next - elapsed) else { return cancelClockTimer(index) }
        if c.clocks[index].timer != 0, c.clocks[index].due == due.seconds { return }
        cancelClockTimer(index)
        shared.sequence += 1
        var clock = c.clocks[index]  // one write of the clock
        clock.timer = shared.sequence
        clock.due = due.seconds
        c.clocks[index] = clock
        record(.timerSet(Timer(due: due, kind: .slaThreshold, caseNumber: c.number, index: Int32(index), sequence: shared.sequence)))
    }

    @inline(__always)
    mutating func cancelClockTimer(_ index: Int) {
        guard c.clocks[index].timer != 0 else { return }
        record(.timerCancelled(Timer(due: Instant(seconds: c.clocks[index].due), kind: .slaThreshold, caseNumber: c.number,
                                             index: Int32(index), sequence: c.clocks[index].timer)))
        c.clocks[index].timer = 0
    }

    /// The clock's timer is due: fire what was reached and arm the next one.
    mutating func clockTimer(_ index: Int) {
        c.clocks[index].timer = 0
        fireReached(index)
        schedule(index)
        c.clocks[index].dirty = false
    }
}
