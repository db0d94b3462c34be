import LadderEngine
import LadderExpressions
import LadderLanguage
import LadderTime
import Testing

struct ActionTests {
    func run(_ command: String, before: (inout Run) -> Void = { _ in }) throws -> Run {
        var run = try Run("actions")
        run.open("A", ["title": .string("T"), "size": .int(3)], at: monday9)
        before(&run)
        run.send(.update(caseID: "A", fields: [FieldValue("command", .string(command))]), at: monday9 + 60)
        return run
    }

    @Test func setComputesEveryValueFirstAndLeavesARequiredFieldUnchangedOnNull() throws {
        let run = try run("set_null")
        #expect(run.engine.field(run.case("A"), "size") == .int(3))
        #expect(run.engine.field(run.case("A"), "owner_note") == .string("kept"))
        #expect(run.decisions(.field).first?.outcome == "unchanged")
    }

    @Test func escalationOnlyMovesUpAndNextAtTheTopDoesNothing() throws {
        let run = try run("lower")
        #expect(run.engine.levelName(run.case("A")) == "third")
        #expect(run.decisions(.escalation).map(\.outcome) == ["escalated to third", "unchanged", "unchanged"])
        #expect(run.messages("level.third").first?.message.to == ["tim"])
        #expect(run.emitted("level.third.entered"))
    }

    @Test func assigningAPendingStageAppliesWhenItStarts() throws {
        var run = try run("assign_pending")
        #expect(run.assignee("A", "three") == nil)
        run.send(.complete(caseID: "A", stage: "one", outcome: nil), at: monday9 + 120)
        run.send(.complete(caseID: "A", stage: "two", outcome: nil), at: monday9 + 180)
        #expect(run.assignee("A", "three") == "ann")
    }

    @Test func assigningAnActiveStageTakesOverAtOnceAndRolesFollowTheCase() throws {
        let run = try run("assign_active")
        #expect(run.assignee("A", "one") == "tim")
    }

    @Test func skipActionSettlesTheStageAndItsDependantsStart() throws {
        let run = try run("skip")
        #expect(run.status("A", "one") == .skipped)
        #expect(run.status("A", "two") == .active)
    }

    @Test func closeActionClosesTheCaseAndNothingStartsAfterwards() throws {
        var run = try run("close")
        #expect(run.case("A").closed)
        #expect(run.status("A", "one") == .active)
        let rejected = run.send(.complete(caseID: "A", stage: "one", outcome: nil), at: monday9 + 120)
        #expect(rejected.rejection?.code == .caseClosed)
    }

    @Test func reopenActionOnAnActiveStageDoesNothing() throws {
        let run = try run("reopen")
        #expect(run.status("A", "one") == .active)
        #expect(run.decisions(.stage).contains { $0.subject == "stage one" && $0.outcome == "unchanged" })
    }

    @Test func assignToRoutingRunsTheRoutingRulesAgainForTheStage() throws {
        let run = try run("route")
        #expect(run.assignee("A", "one") == "bob")  // round robin continues in team crew
        #expect(run.decisions(.routing).filter { $0.outcome == "matched" }.count == 2)
    }
}

struct ReroutePickTests {
    /// a1 → ann, a2 → bob, a3 → ann (round robin); once a1 is done both carry one stage, so the
    /// routing rule's least_loaded picks ann (listed first) where round robin would pick bob.
    @Test func assignToRoutingOnAPendingStageUsesTheRulesPickWhenItStarts() throws {
        var run = try Run("reroute")
        run.open("A", [:], at: monday9)
        #expect(run.assignee("A", "a1") == "ann" && run.assignee("A", "a2") == "bob" && run.assignee("A", "a3") == "ann")
        run.send(.update(caseID: "A", fields: [FieldValue("command", .string("route"))]), at: monday9 + 60)
        run.send(.complete(caseID: "A", stage: "a1", outcome: nil), at: monday9 + 120)
        #expect(run.assignee("A", "two") == "ann")
        #expect(run.decisions(.assignment).last?.reason.contains("least_loaded") == true)
    }
}
