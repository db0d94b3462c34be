import LadderEngine
import LadderExpressions
import LadderLanguage
import LadderTime
import Testing

struct SchedulerTests {
    @Test func timersAtTheSameInstantComeOutByKindThenBySequence() {
        var queue = TimerQueue()
        let due = monday9
        let periodic = Timer(due: due, kind: .periodic, caseNumber: 0, index: 0, sequence: 1)
        let sla2 = Timer(due: due, kind: .slaThreshold, caseNumber: 0, index: 1, sequence: 3)
        let sla1 = Timer(due: due, kind: .slaThreshold, caseNumber: 1, index: 0, sequence: 2)
        let team = Timer(due: due, kind: .teamAvailability, caseNumber: -1, index: 0, sequence: 4)
        let earlier = Timer(due: due - 1, kind: .periodic, caseNumber: 0, index: 0, sequence: 5)
        queue.apply([.timerSet(periodic), .timerSet(sla2), .timerSet(sla1), .timerSet(team), .timerSet(earlier)])
        var order: [Timer] = []
        while let timer = queue.popDue(atOrBefore: due) { order.append(timer) }
        #expect(order == [earlier, team, sla1, sla2, periodic])
    }

    @Test func cancelledTimersAreDroppedWhenTheyReachTheTop() {
        var queue = TimerQueue()
        let first = Timer(due: monday9, kind: .slaThreshold, caseNumber: 0, index: 0, sequence: 1)
        let second = Timer(due: monday9 + 60, kind: .slaThreshold, caseNumber: 0, index: 0, sequence: 2)
        queue.apply([.timerSet(first), .timerSet(second), .timerCancelled(first)])
        #expect(queue.peek() == second)
        #expect(queue.popDue(atOrBefore: monday9) == nil)
    }

    @Test func timersDueAtAnEventsInstantFireBeforeTheEvent() throws {
        var run = try Run("basics")
        run.open("C1", ["title": .string("A"), "priority": .string("high")], at: monday9)
        // The 50% warning is due at 13:00; an update at 13:00 comes after it.
        run.send(.update(caseID: "C1", fields: [FieldValue("note", .string("x"))]), at: at("2026-11-23T13:00:00Z"))
        let last = run.records.suffix(2).map { record -> String in
            switch record.input {
            case .timer(let timer): "timer \(timer.kind.name)"
            case .event: "event"
            }
        }
        #expect(last == ["timer sla", "event"])
        #expect(run.warnings("resolution").first?.0 == at("2026-11-23T13:00:00Z"))
    }

    @Test func virtualClockJumpsStraightToEachDueTimer() async throws {
        let engine = Engine(try Fixture.workflow("basics"))
        var scheduler = Scheduler(engine: engine, now: monday9)
        _ = scheduler.handle(.open(caseID: "C1", fields: [FieldValue("title", .string("A")), FieldValue("priority", .string("high"))]), at: monday9)
        let clock = VirtualClock(start: monday9)
        var fired: [Instant] = []
        try await scheduler.run(until: at("2026-11-23T18:00:00Z"), clock: clock) { fired.append($0.time) }
        #expect(fired == [at("2026-11-23T13:00:00Z"), at("2026-11-23T16:00:00Z"), at("2026-11-23T17:00:00Z")])
        #expect(clock.now() == at("2026-11-23T18:00:00Z"))
    }

    @Test func armedTimersRebuildTheHeapOfAStoredState() throws {
        var run = try Run("basics")
        run.open("C1", ["title": .string("A"), "priority": .string("high")], at: monday9)
        let timers = run.state.armedTimers()
        #expect(timers.map(\.kind) == [.slaThreshold])
        #expect(timers.first?.due == at("2026-11-23T13:00:00Z"))
    }
}
