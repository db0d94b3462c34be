import LadderEngine
import LadderExpressions
import LadderLanguage
import LadderTime
import Testing

struct RoutingTests {
    func kind(_ kind: String) -> [String: Value] { ["title": .string("Help"), "kind": .string(kind)] }

    @Test func leastLoadedPicksTheFewestActiveStagesWithTiesToTheFirstListed() throws {
        var run = try Run("routing")
        for number in 1...3 { run.open("L\(number)", kind("load"), at: monday9) }
        #expect((1...3).map { run.assignee("L\($0)", "work") } == ["anna", "ben", "cleo"])
        run.send(.complete(caseID: "L2", stage: "work", outcome: nil), at: monday9 + 60)
        run.open("L4", kind("load"), at: monday9 + 120)
        #expect(run.assignee("L4", "work") == "ben")
        let decision = try #require(run.decisions(.assignment).last { $0.subject == "routed assignee" })
        #expect(decision.candidates.map(\.description) == ["anna passed over (load 1)", "ben chosen (load 0)", "cleo passed over (load 1)"])
    }

    @Test func awayMembersAreSkipped() throws {
        var run = try Run("routing")
        run.send(.away(person: "anna"), at: monday9)
        run.open("F1", kind("first"), at: monday9)
        #expect(run.assignee("F1", "work") == "ben")
        let decision = try #require(run.decisions(.assignment).first { $0.subject == "routed assignee" })
        #expect(decision.candidates.first == Candidate(person: "anna", verdict: .away))
    }

    @Test func routingRuleDecisionsShowEachSubConditionValue() throws {
        var run = try Run("routing")
        run.open("F1", kind("first"), at: monday9)
        let tried = run.decisions(.routing)
        #expect(tried.map(\.outcome) == ["no match", "matched"])
        #expect(tried[0].conditions.first?.description == "case.kind == \"load\" → false (case.kind = \"first\")")
    }

    @Test func nobodyAvailableQueuesTheCaseUntilTheTeamCalendarOpens() throws {
        let saturday = at("2026-11-21T10:00:00Z")
        var run = try Run("routing", start: saturday)
        run.open("O1", kind("office"), at: saturday)
        #expect(run.assignee("O1", "work") == nil)
        #expect(run.emitted("routing.unassigned"))
        #expect(run.messages("alert").first?.message.to == ["dora", "eli"])
        let timer = try #require(run.log.compactMap { if case .timerSet(let timer) = $0.effect { timer } else { nil } }.first)
        #expect(timer.kind == .teamAvailability)
        #expect(timer.due == monday9)
        run.advance(to: monday9)
        #expect(run.assignee("O1", "work") == "dora")
        #expect(run.engine.routedAssignee(run.case("O1")) == "dora")
    }

    @Test func aPersonComingBackTakesAWaitingCase() throws {
        var run = try Run("routing")
        run.send(.away(person: "dora"), at: monday9)
        run.send(.away(person: "eli"), at: monday9)
        run.open("O1", kind("office"), at: monday9 + 60)
        #expect(run.state.queue(ofTeam: 1) == [0])
        run.send(.back(person: "eli"), at: monday9 + 600)
        #expect(run.assignee("O1", "work") == "eli")
        #expect(run.state.queue(ofTeam: 1).isEmpty)
    }

    @Test func aCaseNoRuleMatchesIsUnroutedAndReported() throws {
        var run = try Run("routing")
        run.open("N1", kind("none"), at: monday9)
        #expect(run.engine.routedAssignee(run.case("N1")) == nil)
        #expect(run.status("N1", "work") == .active)
        #expect(run.assignee("N1", "work") == nil)
        #expect(run.messages("alert").count == 1)
        #expect(run.decisions(.routing).last?.outcome == "unrouted")
    }
}

struct QueueTimerTests {
    @Test func aMemberBackOutsideOfficeHoursTakesTheCaseWhenTheCalendarOpens() throws {
        let friday = at("2026-11-20T16:00:00Z")
        var run = try Run("routing", start: friday)
        run.send(.away(person: "dora"), at: friday)
        run.send(.away(person: "eli"), at: friday)
        run.open("O1", ["title": .string("Help"), "kind": .string("office")], at: friday)
        run.send(.back(person: "eli"), at: at("2026-11-21T10:00:00Z"))  // Saturday: the desk is closed
        #expect(run.assignee("O1", "work") == nil)
        run.advance(to: monday9)
        #expect(run.assignee("O1", "work") == "eli")
    }
}
