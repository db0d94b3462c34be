import LadderExpressions
import LadderLanguage
import LadderTime

/// Decodes the `PathReference`s of compiled expressions (see `PathNamespace`) against a case.
enum PathValues {
    static func value(of reference: PathReference, definitions: Definitions, case c: CaseState, now: Instant) -> Value {
        let index = Int(reference.index)
        switch reference.namespace {
        case PathNamespace.field.rawValue:
            return index < c.fields.count ? c.fields[index] : .null
        case PathNamespace.caseBuiltin.rawValue:
            switch CaseProperty(rawValue: reference.property) {
            case .id: return .string(c.id)
            case .openedAt: return .time(c.openedAt.seconds)
            case .level: return c.level >= 0 ? .string(definitions.workflow.levels[c.level].name) : .null
            case .closed: return .bool(c.closed)
            case nil: return .null
            }
        case PathNamespace.stage.rawValue:
            guard index < c.stages.count else { return .null }
            let stage = c.stages[index]
            switch StageProperty(rawValue: reference.property) {
            case .status: return .string(stage.status.rawValue)
            case .done: return .bool(stage.status == .done)
            case .active: return .bool(stage.status == .active)
            case .skipped: return .bool(stage.status == .skipped)
            case .outcome:
                return stage.outcome >= 0 ? .string(definitions.workflow.stages[index].outcomes[Int(stage.outcome)]) : .null
            case .assignee: return stage.assignee >= 0 ? .string(definitions.people[Int(stage.assignee)]) : .null
            case .startedAt: return stage.startedAt == .min ? .null : .time(stage.startedAt)
            case nil: return .null
            }
        case PathNamespace.sla.rawValue:
            guard index < c.clocks.count else { return .null }
            let clock = c.clocks[index]
            switch SLAProperty(rawValue: reference.property) {
            case .state: return .string(clock.state.rawValue)
            case .elapsed: return .duration(elapsed(clock, definitions: definitions, now: now))
            case .remaining: return .duration(remaining(index, c: c, definitions: definitions, now: now))
            case .breached: return .bool(clock.breached)
            case nil: return .null
            }
        case PathNamespace.calendarOpen.rawValue:
            guard index < definitions.calendars.count else { return .null }
            return .bool(definitions.calendars[index].isOpen(at: now))
        case PathNamespace.now.rawValue:
            return .time(now.seconds)
        default:
            return .null
        }
    }

    static func elapsed(_ clock: ClockState, definitions: Definitions, now: Instant) -> Int64 {
        guard clock.phase == .running, clock.since < now.seconds else { return clock.elapsed }
        return clock.elapsed + definitions.calendars[Int(clock.calendar)].elapsed(from: Instant(seconds: clock.since), to: now)
    }

    /// Target minus elapsed, `0s` once breached, the full target while pending.
    static func remaining(_ index: Int, c: CaseState, definitions: Definitions, now: Instant) -> Int64 {
        let clock = c.clocks[index]
        if clock.phase == .pending {
            // The target the clock would get if it started now.
            let run = CaseRun(definitions: definitions, now: now, c: c, shared: .placeholder, sink: nil)
            return run.targetAndCalendar(index).target
        }
        if clock.breached { return 0 }
        return max(0, clock.target - elapsed(clock, definitions: definitions, now: now))
    }
}
