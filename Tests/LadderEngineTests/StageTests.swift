import LadderEngine
import LadderExpressions
import LadderLanguage
import LadderTime
import Testing

struct StageTests {
    let high: [String: Value] = ["title": .string("Printer on fire"), "priority": .string("high"), "customer.email": .string("c@example.com")]

    @Test func openingACaseRoutesAndStartsStagesWithoutNeeds() throws {
        var run = try Run("basics")
        run.open("C1", high, at: monday9)
        #expect(run.status("C1", "triage") == .active)
        #expect(run.assignee("C1", "triage") == "anna")
        #expect(run.status("C1", "fix") == .pending)
        #expect(run.clock("C1", "resolution") == .running)
        #expect(run.engine.levelName(run.case("C1")) == "support")
    }

    @Test func roundRobinTakesTurnsAcrossCasesInListOrder() throws {
        var run = try Run("basics")
        for number in 1...4 { run.open("C\(number)", high, at: monday9) }
        #expect((1...4).map { run.assignee("C\($0)", "triage") } == ["anna", "ben", "cleo", "anna"])
    }

    @Test func notifyStageSendsItsMessageAndCompletesItself() throws {
        var run = try Run("basics")
        run.open("C1", high, at: monday9)
        run.send(.complete(caseID: "C1", stage: "triage", outcome: "valid"), at: monday9 + 600)
        #expect(run.status("C1", "announce") == .done)
        let sent = run.messages("announce")
        #expect(sent.count == 1)
        #expect(sent.first?.message.to == ["c@example.com", "max"])
        #expect(sent.first?.message.recipients.map(\.written) == ["customer", "role.manager"])
    }

    @Test func stageWhoseWhenIsFalseIsSkippedWithTheConditionAsReason() throws {
        var run = try Run("basics")
        run.open("C1", high, at: monday9)
        run.send(.complete(caseID: "C1", stage: "triage", outcome: "invalid"), at: monday9 + 600)
        #expect(run.status("C1", "announce") == .skipped)
        let decision = try #require(run.decisions(.stage).first { $0.subject == "stage announce" })
        #expect(decision.outcome == "skipped")
        #expect(decision.conditions.first?.expression == "stage.triage.outcome == \"valid\"")
        #expect(decision.conditions.first?.steps.contains { $0.text == "stage.triage.outcome" && $0.value == .string("invalid") } == true)
    }

    @Test func stageAssigneeFollowsAnotherStageAndCaseClosesWhenEverythingSettles() throws {
        var run = try Run("basics")
        run.open("C1", high, at: monday9)
        run.send(.complete(caseID: "C1", stage: "triage", outcome: "valid"), at: monday9 + 600)
        #expect(run.assignee("C1", "fix") == "ben")  // team.support round robin continues after anna
        run.send(.complete(caseID: "C1", stage: "fix", outcome: nil), at: monday9 + 3600)
        #expect(run.assignee("C1", "review") == "ben")
        #expect(run.clock("C1", "resolution") == .met)
        #expect(run.clock("C1", "fix") == .met)
        run.send(.complete(caseID: "C1", stage: "review", outcome: nil), at: monday9 + 7200)
        #expect(run.case("C1").closed)
        #expect(run.log.contains { if case .caseClosed(_, "every stage is settled") = $0.effect { true } else { false } })
    }

    @Test func reopenSetsSettledDependantsBackToPendingAndReopensAClosedCase() throws {
        var run = try Run("basics")
        run.open("C1", high, at: monday9)
        run.send(.complete(caseID: "C1", stage: "triage", outcome: "valid"), at: monday9 + 60)
        run.send(.complete(caseID: "C1", stage: "fix", outcome: nil), at: monday9 + 120)
        run.send(.complete(caseID: "C1", stage: "review", outcome: nil), at: monday9 + 180)
        #expect(run.case("C1").closed)
        run.send(.reopen(caseID: "C1", stage: "fix"), at: monday9 + 240)
        #expect(!run.case("C1").closed)
        #expect(run.status("C1", "fix") == .active)
        #expect(run.assignee("C1", "fix") == "ben")  // keeps its assignee
        #expect(run.status("C1", "review") == .pending)
        #expect(run.clock("C1", "resolution") == .met)  // clocks run once per case
    }

    @Test func skippingAStageSettlesItAndItsClockStopsMet() throws {
        var run = try Run("basics")
        run.open("C1", high, at: monday9)
        run.send(.complete(caseID: "C1", stage: "triage", outcome: "valid"), at: monday9 + 60)
        #expect(run.clock("C1", "fix") == .running)
        run.send(.skip(caseID: "C1", stage: "fix"), at: monday9 + 120)
        #expect(run.status("C1", "fix") == .skipped)
        #expect(run.clock("C1", "fix") == .met)
        #expect(run.status("C1", "review") == .active)  // a skipped stage counts as settled
    }

    @Test func assignEventHandsAnActiveStageOverAtOnce() throws {
        var run = try Run("basics")
        run.open("C1", high, at: monday9)
        run.send(.assign(caseID: "C1", stage: "triage", person: "cleo"), at: monday9 + 60)
        #expect(run.assignee("C1", "triage") == "cleo")
        #expect(run.state.load(ofPersonNumber: run.engine.personNumber("cleo")!) == 1)
        #expect(run.state.load(ofPersonNumber: run.engine.personNumber("anna")!) == 0)
    }

    @Test func closeEventStopsClocksAndPeriodicMessages() throws {
        var run = try Run("basics")
        run.open("C1", high, at: monday9)
        run.send(.update(caseID: "C1", fields: [FieldValue("status", .string("waiting"))]), at: monday9 + 60)
        run.send(.close(caseID: "C1"), at: monday9 + 120)
        #expect(run.case("C1").closed)
        #expect(run.clock("C1", "resolution") == .met)
        run.advance(to: monday9 + 86_400)
        #expect(run.messages("announce").isEmpty)
    }

    @Test func closedCaseAcceptsUpdatesAndRulesStillRun() throws {
        var run = try Run("basics")
        run.open("C1", high, at: monday9)
        run.send(.close(caseID: "C1"), at: monday9 + 60)
        let result = run.send(.update(caseID: "C1", fields: [FieldValue("note", .string("call back"))]), at: monday9 + 120)
        #expect(result.rejection == nil)
        let sent = run.messages("announce")
        #expect(sent.map(\.message.to) == [["max"]])
        #expect(sent.first?.message.source == "rule note_after_close")
    }

    @Test func templatesRenderTextWithoutEscapingNullAsNothingAndSections() throws {
        var run = try Run("basics")
        run.open("C1", high, at: monday9)
        run.send(.complete(caseID: "C1", stage: "triage", outcome: "valid"), at: monday9 + 3600)
        let message = try #require(run.messages("announce").first?.message)
        #expect(message.subject == "Case C1: Printer on fire")
        #expect(message.body == "Note: none <Printer on fire> 7h left")
    }

    @Test func deferredRenderingGivesTheSameText() throws {
        var eager = try Run("basics", options: .trace)
        var lazy = try Run("basics", options: .minimal)
        for run in [0, 1] {
            if run == 0 {
                eager.open("C1", high.merging(["note": .string("VIP")]) { $1 }, at: monday9)
                eager.send(.complete(caseID: "C1", stage: "triage", outcome: "valid"), at: monday9 + 60)
            } else {
                lazy.open("C1", high.merging(["note": .string("VIP")]) { $1 }, at: monday9)
                lazy.send(.complete(caseID: "C1", stage: "triage", outcome: "valid"), at: monday9 + 60)
            }
        }
        let a = try #require(eager.messages("announce").first?.message)
        let b = try #require(lazy.messages("announce").first?.message)
        #expect(a.body == "Note: VIP (noted) <Printer on fire> 7h59m left")
        #expect(a == b)
    }
}
