import LadderEngine
import LadderExpressions
import LadderLanguage
import LadderTime
import Testing

struct ClockTests {
    func fields(_ priority: String) -> [String: Value] {
        ["title": .string("Broken"), "priority": .string(priority), "customer.email": .string("c@example.com")]
    }

    @Test func slaBreachesAtClosingTimeWhenTargetFillsTheDay() throws {
        var run = try Run("basics")
        run.open("C1", fields("high"), at: monday9)  // 8h on 09:00-17:00
        run.advance(to: at("2026-11-24T09:00:00Z"))
        #expect(run.times("resolution", reached: .breached) == [at("2026-11-23T17:00:00Z")])
        #expect(run.clock("C1", "resolution") == .breached)
    }

    @Test func warningsFireInOrderAtExactInstants() throws {
        var run = try Run("basics")
        run.open("C1", fields("high"), at: monday9)
        run.advance(to: at("2026-11-23T17:00:00Z"))
        #expect(run.warnings("resolution").map(\.0) == [at("2026-11-23T13:00:00Z"), at("2026-11-23T16:00:00Z")])
        #expect(run.warnings("resolution").map(\.1) == ["50%", "1h before"])
    }

    @Test func clockStartedWhileClosedCountsFromTheNextOpening() throws {
        var run = try Run("basics", start: at("2026-11-21T12:00:00Z"))  // a Saturday
        run.open("C1", fields("high"), at: at("2026-11-21T12:00:00Z"))
        run.advance(to: at("2026-11-24T09:00:00Z"))
        #expect(run.times("resolution", reached: .breached) == [at("2026-11-23T17:00:00Z")])
    }

    @Test func breachEscalatesAndTellsTheNewOwner() throws {
        var run = try Run("basics")
        run.open("C1", fields("high"), at: monday9)
        run.advance(to: at("2026-11-23T17:00:00Z"))
        #expect(run.engine.levelName(run.case("C1")) == "manager")
        let notice = try #require(run.messages("level.manager").first)
        #expect(notice.time == at("2026-11-23T17:00:00Z"))
        #expect(notice.message.to == ["max"])
        #expect(notice.message.subject == "Case C1 escalated to manager")
    }

    @Test func pauseStopsCountingAndResumingMovesTheWarning() throws {
        var run = try Run("basics")
        run.open("C1", fields("high"), at: monday9)
        run.send(.update(caseID: "C1", fields: [FieldValue("status", .string("waiting"))]), at: at("2026-11-23T10:00:00Z"))
        #expect(run.clock("C1", "resolution") == .paused)
        run.send(.update(caseID: "C1", fields: [FieldValue("status", .string("open"))]), at: at("2026-11-23T12:00:00Z"))
        run.advance(to: at("2026-11-23T16:00:00Z"))
        #expect(run.warnings("resolution").map(\.0) == [at("2026-11-23T15:00:00Z")])
    }

    @Test func raisingThePriorityGivesTheRunningClockTheNewTargetAndBreachesAtOnceWhenPast() throws {
        var run = try Run("basics")
        run.open("C1", fields("normal"), at: monday9)  // 16h
        run.send(.update(caseID: "C1", fields: [FieldValue("priority", .string("high"))]), at: at("2026-11-23T17:00:00Z"))
        // 8h counted at 17:00: the 50% of 16h fired by its timer first; then the new 8h target is reached
        // at once, with the "1h before" threshold it passed.
        #expect(run.warnings("resolution").map(\.1) == ["50%", "1h before"])
        #expect(run.times("resolution", reached: .breached) == [at("2026-11-23T17:00:00Z")])
        #expect(run.decisions(.sla).contains { $0.outcome == "retargeted" })
    }

    @Test func periodicMessageComesOnePeriodAfterWhileHoldsAndStopsWithIt() throws {
        var run = try Run("basics")
        run.open("C1", fields("high"), at: monday9)
        run.send(.update(caseID: "C1", fields: [FieldValue("status", .string("waiting"))]), at: at("2026-11-23T10:00:00Z"))
        run.send(.update(caseID: "C1", fields: [FieldValue("status", .string("open"))]), at: at("2026-11-23T12:30:00Z"))
        run.advance(to: at("2026-11-23T16:00:00Z"))
        #expect(run.messages("announce").map(\.time) == [at("2026-11-23T11:00:00Z"), at("2026-11-23T12:00:00Z")])
    }

    @Test func stoppingABreachedClockKeepsItBreachedAndEmitsNothing() throws {
        var run = try Run("basics")
        run.open("C1", fields("high"), at: monday9)
        run.send(.complete(caseID: "C1", stage: "triage", outcome: "invalid"), at: monday9 + 60)
        run.advance(to: at("2026-11-23T18:00:00Z"))
        run.send(.complete(caseID: "C1", stage: "fix", outcome: nil), at: at("2026-11-23T18:00:00Z"))
        #expect(run.clock("C1", "resolution") == .breached)
        #expect(!run.emitted("sla.resolution.met"))
    }
}

/// Clocks and periodic notifications whose conditions read other clocks, the level and stages:
/// each reacts when what it reads changes, and only then.
struct DependencyTests {
    let fields: [String: Value] = ["title": .string("Broken")]

    @Test func aClockStartsWhenTheClockItReadsBreachesAndTheLevelItReadsChanges() throws {
        var run = try Run("dependencies")
        run.open("C1", fields, at: monday9)
        #expect(run.clock("C1", "follow_up") == .pending)
        #expect(run.clock("C1", "manager_review") == .pending)
        run.advance(to: at("2026-11-23T10:00:00Z"))
        // The breach of response escalates (the level changes) and starts follow_up.
        #expect(run.clock("C1", "response") == .breached)
        #expect(run.times("follow_up", reached: .running) == [at("2026-11-23T10:00:00Z")])
        #expect(run.times("manager_review", reached: .running) == [at("2026-11-23T10:00:00Z")])
        // The periodic notification's while (level and a stage) now holds: a message every 30m.
        run.advance(to: at("2026-11-23T11:00:00Z"))
        #expect(run.messages("update").map(\.time) == [at("2026-11-23T10:30:00Z"), at("2026-11-23T11:00:00Z")])
    }

    @Test func pauseReadingAStageAndAFieldFollowsBoth() throws {
        var run = try Run("dependencies")
        run.open("C1", fields, at: monday9)
        run.advance(to: at("2026-11-23T10:00:00Z"))
        // The field alone does not pause manager_review: fix is still pending.
        run.send(.update(caseID: "C1", fields: [FieldValue("status", .string("waiting"))]), at: at("2026-11-23T10:10:00Z"))
        #expect(run.clock("C1", "manager_review") == .running)
        // Completing triage starts fix: now the pause holds.
        run.send(.complete(caseID: "C1", stage: "triage", outcome: nil), at: at("2026-11-23T10:20:00Z"))
        #expect(run.status("C1", "fix") == .active)
        #expect(run.clock("C1", "manager_review") == .paused)
        run.send(.update(caseID: "C1", fields: [FieldValue("status", .string("open"))]), at: at("2026-11-23T10:40:00Z"))
        #expect(run.clock("C1", "manager_review") == .running)
        // Completing fix stops the clocks and the periodic notification.
        run.send(.complete(caseID: "C1", stage: "fix", outcome: nil), at: at("2026-11-23T10:50:00Z"))
        #expect(run.clock("C1", "manager_review") == .met)
        #expect(run.clock("C1", "follow_up") == .met)
        run.advance(to: at("2026-11-23T12:00:00Z"))
        #expect(run.messages("update").map(\.time) == [at("2026-11-23T10:30:00Z")])
    }
}
