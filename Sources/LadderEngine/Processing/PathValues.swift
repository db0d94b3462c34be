import LadderExpressions
import LadderLanguage
import LadderTime

/// Decodes the `PathReference`s of compiled expressions (see `PathNamespace`) against a case.
enum PathValues {
    static func value(of reference: PathReference, definitions: Definitions, case c: CaseState, now: Instant) -> Value {
        withUnsafePointer(to: c) { value(of: reference, definitions: definitions, case: $0, now: now) }
    }

    /// The same, reading the case in place (no copy of it). A field, the usual path, is read
    /// inline; every other path in `anyValue`, whose larger frame a field read does not pay for.
    @inline(__always)
    static func value(of reference: PathReference, definitions: Definitions, case pointer: UnsafePointer<CaseState>, now: Instant) -> Value {
        if reference.namespace == PathNamespace.field.rawValue {
            let index = Int(reference.index)
            return index < pointer.pointee.fields.count ? pointer.pointee.fields[index] : .null
        }
        return anyValue(of: reference, definitions: definitions, case: pointer, now: now)
    }

    /// Any path's value, read in place.
    @inline(never)
    static func anyValue(of reference: PathReference, definitions: Definitions, case pointer: UnsafePointer<CaseState>, now: Instant) -> Value {
        let index = Int(reference.index)
        switch reference.namespace {
        case PathNamespace.field.rawValue:
            return index < pointer.pointee.fields.count ? pointer.pointee.fields[index] : .null
        case PathNamespace.caseBuiltin.rawValue:
            switch CaseProperty(rawValue: reference.property) {
            case .id: return .string(pointer.pointee.id)
            case .openedAt: return .time(pointer.pointee.openedAt.seconds)
            case .level: return pointer.pointee.level >= 0 ? .string(definitions.workflow.levels[pointer.pointee.level].name) : .null
            case .closed: return .bool(pointer.pointee.closed)
            case nil: return .null
            }
        case PathNamespace.stage.rawValue:
            guard index < pointer.pointee.stages.count else { return .null }
            let stage = pointer.pointee.stages[index]
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
            guard index < pointer.pointee.clocks.count else { return .null }
            let clock = pointer.pointee.clocks[index]
            switch SLAProperty(rawValue: reference.property) {
            case .state: return .string(clock.state.rawValue)
            case .elapsed: return .duration(elapsed(clock, definitions: definitions, now: now))
            case .remaining: return .duration(remaining(index, c: pointer.pointee, definitions: definitions, now: now))
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
            return CaseRun.detached(definitions: definitions, now: now, c: c) { $0.targetAndCalendar(index).target }
        }
        if clock.breached { return 0 }
        return max(0, clock.target - elapsed(clock, definitions: definitions, now: now))
    }
}
