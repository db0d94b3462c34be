import LadderEngine
import LadderExpressions
import LadderLanguage
import LadderTime
import Testing

struct RuleTests {
    @Test func aRuleThatKeepsTriggeringItselfStopsAfterSixteenFirings() throws {
        var run = try Run("cascade")
        run.open("C1", ["title": .string("Loop")], at: monday9)
        run.send(.update(caseID: "C1", fields: [FieldValue("title", .string("Loop again"))]), at: monday9 + 60)
        #expect(run.engine.field(run.case("C1"), "count") == .int(16))
        let stop = try #require(run.decisions(.cascadeLimit).first)
        #expect(stop.subject == "rule count_up")
        #expect(stop.reason.contains("16 times"))
        // The next cascade starts counting again.
        run.send(.update(caseID: "C1", fields: [FieldValue("title", .string("Once more"))]), at: monday9 + 120)
        #expect(run.engine.field(run.case("C1"), "count") == .int(32))
    }
}

struct RejectionTests {
    let fields: [String: Value] = ["title": .string("Broken"), "priority": .string("high")]

    func rejects(_ event: EngineEvent, _ code: Rejection.Code, prepare: (inout Run) -> Void = { _ in }) throws {
        var run = try Run("basics")
        run.open("C1", fields, at: monday9)
        prepare(&run)
        let before = run.state
        var state = run.state
        let result = run.engine.step(&state, event, at: monday9 + 3600)
        #expect(result.rejection?.code == code, "\(result.rejection?.message ?? "accepted")")
        #expect(result.effects.isEmpty)
        #expect(state == before)
    }

    @Test func unknownCaseIsRejected() throws {
        try rejects(.complete(caseID: "nope", stage: "triage", outcome: "valid"), .unknownCase)
    }

    @Test func completingAStageThatIsNotActiveIsRejected() throws {
        try rejects(.complete(caseID: "C1", stage: "fix", outcome: nil), .stageNotActive)
    }

    @Test func anOutcomeTheStageDoesNotDeclareIsRejected() throws {
        try rejects(.complete(caseID: "C1", stage: "triage", outcome: "maybe"), .outcomeNotDeclared)
        try rejects(.complete(caseID: "C1", stage: "triage", outcome: nil), .outcomeRequired)
    }

    @Test func aValueOfTheWrongTypeIsRejected() throws {
        try rejects(.update(caseID: "C1", fields: [FieldValue("priority", .string("urgent"))]), .wrongValueType)
        try rejects(.update(caseID: "C1", fields: [FieldValue("note", .int(3))]), .wrongValueType)
        try rejects(.update(caseID: "C1", fields: [FieldValue("priority", .null)]), .missingRequiredField)
        try rejects(.update(caseID: "C1", fields: [FieldValue("colour", .string("red"))]), .unknownField)
        try rejects(.update(caseID: "C1", fields: [FieldValue("level", .string("manager"))]), .readOnlyField)
    }

    @Test func fieldNamesMayCarryTheCasePrefix() throws {
        try rejects(.update(caseID: "C1", fields: [FieldValue("case.priority", .string("urgent"))]), .wrongValueType)
        try rejects(.update(caseID: "C1", fields: [FieldValue("case.colour", .string("red"))]), .unknownField)
        try rejects(.update(caseID: "C1", fields: [FieldValue("case.level", .string("manager"))]), .readOnlyField)
        try rejects(.update(caseID: "C1", fields: [FieldValue("case.case.priority", .string("high"))]), .unknownField)
    }

    @Test func openingWithoutARequiredFieldIsRejected() throws {
        try rejects(.open(caseID: "C2", fields: [FieldValue("title", .string("x"))]), .missingRequiredField)
        try rejects(.open(caseID: "C1", fields: [FieldValue("title", .string("x")), FieldValue("priority", .string("high"))]), .duplicateCase)
    }

    @Test func stageEventsOnAClosedCaseAreRejected() throws {
        try rejects(.complete(caseID: "C1", stage: "triage", outcome: "valid"), .caseClosed) { run in
            run.send(.close(caseID: "C1"), at: monday9 + 60)
        }
        try rejects(.close(caseID: "C1"), .caseClosed) { run in
            run.send(.close(caseID: "C1"), at: monday9 + 60)
        }
    }

    @Test func unknownPeopleAreRejected() throws {
        try rejects(.away(person: "zed"), .unknownPerson)
        try rejects(.assign(caseID: "C1", stage: "triage", person: "zed"), .unknownPerson)
    }
}

struct DeterminismTests {
    @Test func theSameEventsGiveTheSameStateAndEffects() throws {
        func play() throws -> (EngineState, [Effect]) {
            var run = try Run("basics")
            run.open("C1", ["title": .string("A"), "priority": .string("high"), "customer.email": .string("a@example.com")], at: monday9)
            run.open("C2", ["title": .string("B"), "priority": .string("normal")], at: monday9 + 60)
            run.send(.complete(caseID: "C1", stage: "triage", outcome: "valid"), at: monday9 + 600)
            run.send(.update(caseID: "C2", fields: [FieldValue("status", .string("waiting"))]), at: monday9 + 900)
            run.advance(to: monday9 + 3 * 86_400)
            return (run.state, run.log.map(\.effect))
        }
        let (state1, effects1) = try play()
        let (state2, effects2) = try play()
        #expect(state1 == state2)
        #expect(effects1 == effects2)
        #expect(!effects1.isEmpty)
    }

    @Test func stepOnValuesLeavesTheInputStateAlone() throws {
        let engine = Engine(try Fixture.workflow("basics"))
        let empty = engine.makeState()
        let (next, result) = engine.step(empty, .open(caseID: "C1", fields: [FieldValue("title", .string("A")), FieldValue("priority", .string("high"))]), at: monday9)
        #expect(result.rejection == nil)
        #expect(empty.cases.isEmpty)
        #expect(next.cases.count == 1)
    }
}

/// Without decisions the engine keeps the values of `when` conditions and skips conditions whose
/// reads did not change: the effects (other than decisions) and the cases must be the same.
struct OptionsAgreementTests {
    func play(_ workflow: String, _ options: Engine.Options, _ events: [(EngineEvent, Instant)], until end: Instant) throws
        -> ([Effect], [CaseState]) {
        var run = try Run(workflow, options: options)
        for (event, time) in events { run.send(event, at: time) }
        run.advance(to: end)
        let effects = run.log.map(\.effect).filter { effect in
            switch effect {
            case .decision, .emitted: false
            default: true
            }
        }
        return (effects, run.state.cases)
    }

    func expectAgreement(_ workflow: String, _ events: [(EngineEvent, Instant)], until end: Instant) throws {
        let (traced, tracedCases) = try play(workflow, .trace, events, until: end)
        let (minimal, minimalCases) = try play(workflow, .minimal, events, until: end)
        #expect(traced == minimal)
        #expect(tracedCases.count == minimalCases.count)
        for (a, b) in zip(tracedCases, minimalCases) {
            #expect(a.fields == b.fields && a.stages == b.stages && a.clocks == b.clocks && a.periodic == b.periodic)
            #expect(a.level == b.level && a.closed == b.closed && a.routed == b.routed)
        }
    }

    @Test func basicsAgree() throws {
        let fields: [FieldValue] = [FieldValue("title", .string("A")), FieldValue("priority", .string("high")),
                                    FieldValue("customer.email", .string("a@example.com"))]
        try expectAgreement("basics", [
            (.open(caseID: "C1", fields: fields), monday9),
            (.open(caseID: "C2", fields: [FieldValue("title", .string("B")), FieldValue("priority", .string("normal"))]), monday9 + 60),
            (.update(caseID: "C1", fields: [FieldValue("status", .string("waiting"))]), monday9 + 300),
            (.update(caseID: "C1", fields: [FieldValue("note", .string("called"))]), monday9 + 400),
            (.complete(caseID: "C1", stage: "triage", outcome: "valid"), monday9 + 600),
            (.update(caseID: "C1", fields: [FieldValue("status", .string("open"))]), monday9 + 3600),
            (.update(caseID: "C2", fields: [FieldValue("priority", .string("high"))]), monday9 + 7200),
            (.complete(caseID: "C1", stage: "fix", outcome: nil), monday9 + 9000),
            (.complete(caseID: "C1", stage: "review", outcome: nil), monday9 + 9600),
            (.update(caseID: "C1", fields: [FieldValue("note", .string("after"))]), monday9 + 9700),
        ], until: monday9 + 3 * 86_400)
    }

    /// Messages to `owner`, `assignee`, roles and teams whose recipients and text are derived
    /// when read (minimal) match those resolved in the step (trace), across escalations.
    @Test func customerEscalationAgrees() throws {
        func opened(_ id: String, _ priority: String, _ region: String) -> EngineEvent {
            .open(caseID: id, fields: [FieldValue("title", .string("Case \(id)")), FieldValue("priority", .string(priority)),
                                       FieldValue("region", .string(region)), FieldValue("customer.name", .string("N")),
                                       FieldValue("customer.email", .string("c@example.com"))])
        }
        try expectAgreement("../../../workflows/customer_escalation", [
            (opened("E1", "P1", "emea"), monday9),
            (opened("E2", "P2", "apac"), monday9 + 30),
            (.complete(caseID: "E1", stage: "acknowledge", outcome: nil), monday9 + 600),
            (.update(caseID: "E1", fields: [FieldValue("threats", .list([.string("legal")]))]), monday9 + 900),
            (.complete(caseID: "E1", stage: "investigate", outcome: "workaround"), monday9 + 7200),
            (.complete(caseID: "E1", stage: "resolve", outcome: nil), monday9 + 9000),
        ], until: monday9 + 3 * 86_400)
    }

    /// Firings are counted per rule in both modes: with eighteen rules triggering one another,
    /// each (the first sixteen and those after them) stops after sixteen firings per cascade.
    @Test func cascadeLimitsAgreeForEveryRule() throws {
        let events: [(EngineEvent, Instant)] = [
            (.open(caseID: "C1", fields: [FieldValue("title", .string("Loop"))]), monday9),
            (.update(caseID: "C1", fields: [FieldValue("title", .string("Loop again"))]), monday9 + 60),
            (.update(caseID: "C1", fields: [FieldValue("title", .string("Once more"))]), monday9 + 120),
        ]
        try expectAgreement("many_rules", events, until: monday9 + 3600)
        let (_, cases) = try play("many_rules", .minimal, events, until: monday9 + 3600)
        let engine = Engine(try Fixture.workflow("many_rules"), options: .minimal)
        for rule in 0..<18 { #expect(engine.field(cases[0], "c\(rule)") == .int(32), "rule count_\(rule)") }
    }

    @Test func dependenciesAgree() throws {
        try expectAgreement("dependencies", [
            (.open(caseID: "C1", fields: [FieldValue("title", .string("A"))]), monday9),
            (.open(caseID: "C2", fields: [FieldValue("title", .string("B"))]), monday9 + 60),
            (.update(caseID: "C1", fields: [FieldValue("status", .string("waiting"))]), monday9 + 4000),
            (.complete(caseID: "C1", stage: "triage", outcome: nil), monday9 + 4200),
            (.complete(caseID: "C2", stage: "triage", outcome: nil), monday9 + 1800),
            (.update(caseID: "C1", fields: [FieldValue("status", .string("open"))]), monday9 + 5000),
            (.complete(caseID: "C1", stage: "fix", outcome: nil), monday9 + 9000),
        ].sorted { $0.1 < $1.1 }, until: monday9 + 86_400)
    }
}
