import Foundation
import LadderDiagnostics
import LadderLanguage
import Testing
@testable import LadderLint

/// Behaviour of the analysis rules beyond their fixtures.
struct RuleBehaviourTests {
    @Test func assigningByRoutingWithoutRoutingRulesIsUnroutable() {
        let diagnostics = lint("""
            ladder: 1
            workflow: demo
            stages:
              handle: { assign: routing }
            """)
        #expect(diagnostics.map(\.id) == ["unroutable-case"])
        #expect(diagnostics.first?.span.start.column == 21)
    }

    /// A call whose argument is itself a call: each reads its own operands (the outer call had
    /// read its argument's operands, here `contains(case.tier, lower(case.tier))`, always true).
    @Test(arguments: [
        #"contains(lower(case.tier), "gold")"#,        // a call in a call
        #"contains(["x", lower(case.tier)], "gold")"#, // a call in a list in a call
    ])
    func aCallInsideACallReadsItsOwnArguments(condition: String) {
        let diagnostics = lint("""
            ladder: 1
            workflow: demo
            fields:
              tier: { enum: [gold, silver], required: true }
            teams:
              one: { members: [anna] }
            routing:
              - { name: gold, when: '\(condition)', to: team.one }
            stages:
              handle: { assign: routing }
            """)
        #expect(diagnostics.map(\.id) == ["unroutable-case"], "\(summary(diagnostics))")
        #expect(diagnostics.first?.message.hasPrefix("a case with tier: silver is not routed") == true, "\(summary(diagnostics))")
    }

    @Test func exhaustiveRoutingNeedsNoFallback() {
        let diagnostics = lint("""
            ladder: 1
            workflow: demo
            fields:
              vip: { type: bool, default: false }
              tier: { enum: [a, b], required: true }
            teams:
              one: { members: [anna] }
            routing:
              - { name: vip, when: case.vip, to: team.one }
              - { name: tier_a, when: not case.vip and case.tier == "a", to: team.one }
              - { name: tier_b, when: case.tier == "b", to: team.one }
            stages:
              handle: { assign: routing }
            """)
        #expect(diagnostics.isEmpty, "\(summary(diagnostics))")
    }

    @Test func anOptionalFieldCanBeNullWhenRouting() {
        let diagnostics = lint("""
            ladder: 1
            workflow: demo
            fields:
              region: { enum: [emea, amer] }
            teams:
              one: { members: [anna] }
            routing:
              - { name: emea, when: case.region == "emea", to: team.one }
              - { name: amer, when: case.region == "amer", to: team.one }
            stages:
              handle: { assign: routing }
            """)
        #expect(diagnostics.map(\.id) == ["unroutable-case"])
        #expect(diagnostics.first?.message.hasPrefix("a case with region: null is not routed") == true, "\(summary(diagnostics))")
    }

    @Test func complementaryConditionsOnOtherDataAreExhaustive() {
        let diagnostics = lint("""
            ladder: 1
            workflow: demo
            fields:
              arr: { type: number, default: 0 }
            teams:
              one: { members: [anna] }
            routing:
              - { name: big, when: case.arr >= 500000, to: team.one }
              - { name: small, when: not (case.arr >= 500000), to: team.one }
            stages:
              handle: { assign: routing }
            """)
        #expect(diagnostics.isEmpty, "\(summary(diagnostics))")
    }

    @Test func followTheSunRoutingWithoutOutOfHoursRuleIsUnroutable() {
        let diagnostics = lint("""
            ladder: 1
            workflow: demo
            calendars:
              emea: { timezone: Europe/Berlin, hours: { mon-fri: "08:00-18:00" } }
            teams:
              one: { members: [anna], calendar: emea }
              two: { members: [ben] }
            routing:
              - { name: office, when: calendar.emea.open, to: team.one }
              - { name: weekend, when: not calendar.emea.open and false, to: team.two }
            stages:
              handle: { assign: routing }
            """)
        #expect(diagnostics.map(\.id).contains("unroutable-case"))
        #expect(diagnostics.first { $0.id == "unroutable-case" }?.message.contains("`calendar.emea.open` is false") == true, "\(summary(diagnostics))")
    }

    @Test func tooManyCombinationsAreAnalysedInPartWithANote() {
        // 11 fields of 3 values: 177,147 combinations, over the 100,000 limit.
        let fields = (1...11).map { "  f\($0): { enum: [a, b, c], required: true }" }.joined(separator: "\n")
        let condition = (1...11).map { "case.f\($0) == \"a\"" }.joined(separator: " and ")
        let diagnostics = lint("""
            ladder: 1
            workflow: demo
            fields:
            \(fields)
            teams:
              one: { members: [anna] }
            routing:
              - { name: all_a, when: '\(condition)', to: team.one }
            stages:
              handle: { assign: routing }
            """)
        let finding = diagnostics.first { $0.id == "unroutable-case" }
        #expect(finding != nil, "\(summary(diagnostics))")
        #expect(finding?.notes.contains { $0.message.contains("case.f11") && $0.message.contains("unknown") } == true)
    }

    @Test func aDuplicateNeedIsNotACycle() {
        let diagnostics = lint("""
            ladder: 1
            workflow: demo
            stages:
              a: {}
              b: { needs: [a] }
              c: { needs: [a, b] }
            """)
        #expect(diagnostics.isEmpty, "\(summary(diagnostics))")
    }

    @Test func eachCycleIsReportedOnceWithItsPath() {
        let diagnostics = lint("""
            ladder: 1
            workflow: demo
            stages:
              a: { needs: [c] }
              b: { needs: [a] }
              c: { needs: [b] }
            """)
        #expect(diagnostics.map(\.id) == ["needs-cycle"])
        #expect(diagnostics.first?.message.contains("a → c → b → a") == true, "\(summary(diagnostics))")
        #expect(diagnostics.first?.notes.count == 2)
    }

    @Test func aStageAfterASkippedStageIsReachable() {
        let diagnostics = lint("""
            ladder: 1
            workflow: demo
            stages:
              # ladder-disable-next-line constant-condition
              never: { when: false }
              after: { needs: [never] }
            """)
        #expect(diagnostics.map(\.id) == ["unreachable-stage"])
        #expect(diagnostics.first?.span.start.line == 5)
    }

    @Test func aDisjunctOnAnotherStageKeepsAStageReachableUnlessThatStageIsSkipped() {
        let diagnostics = lint("""
            ladder: 1
            workflow: demo
            fields:
              p: { enum: [P1, P2], required: true }
              vip: { type: bool, default: false }
            stages:
              first: {}
              # ladder-disable-next-line constant-condition
              never: { when: false }
              open: { when: case.p == "P1" and case.p == "P2" or stage.first.done }
              flag: { when: case.p == "P1" and case.p == "P2" or case.vip }
              behind: { when: case.p == "P1" and case.p == "P2" or stage.never.done }
              both: { when: stage.never.active or case.p == "P1" and case.p == "P2" or stage.never.done }
            """)
        #expect(diagnostics.map(\.id) == ["unreachable-stage", "unreachable-stage", "unreachable-stage"], "\(summary(diagnostics))")
        #expect(diagnostics.map(\.span.start.line) == [9, 12, 13], "\(summary(diagnostics))")
        #expect(diagnostics.map(\.notes.count) == [0, 1, 1], "\(summary(diagnostics))")
    }

    @Test func aClockStoppingOnAStageThatIsAlwaysSkippedNeverStops() {
        let diagnostics = lint("""
            ladder: 1
            workflow: demo
            stages:
              first: {}
              # ladder-disable-next-line constant-condition
              never: { when: false }
            slas:
              stops:
                stop: stage.first.done or stage.never.done
                target: 4h
              runs:
                stop: stage.never.done or stage.never.active
                target: 4h
            """)
        #expect(diagnostics.map(\.id) == ["unreachable-stage", "sla-infeasible"], "\(summary(diagnostics))")
        #expect(diagnostics.last?.message.contains("`runs` never stops") == true, "\(summary(diagnostics))")
    }

    @Test func aLongChainOfStageTargetsIsShownByItsEnds() {
        let stages = (0..<12).map { index in
            "  s\(index): { sla: 1h\(index == 0 ? "" : ", needs: [s\(index - 1)]") }"
        }.joined(separator: "\n")
        let diagnostics = lint("""
            ladder: 1
            workflow: demo
            stages:
            \(stages)
            slas:
              resolution:
                stop: stage.s11.done
                target: 4h
            """)
        #expect(diagnostics.map(\.id) == ["sla-infeasible"], "\(summary(diagnostics))")
        #expect(diagnostics.first?.notes.first?.message == "the chain: s0 → s1 → s2 → s3 → … 4 more stages … → s8 → s9 → s10 → s11; "
            + "stage targets: s0 1h + s1 1h + s2 1h + s3 1h + … 4 more targets … + s8 1h + s9 1h + s10 1h + s11 1h", "\(summary(diagnostics))")
    }

    @Test func aShortChainOfStageTargetsIsShownWhole() {
        #expect(SLAInfeasible.listed(["a", "b", "c"], separator: " → ", what: "stages") == "a → b → c")
        let nine = (1...9).map(String.init)
        #expect(SLAInfeasible.listed(nine, separator: "+", what: "x") == "1+2+3+4+5+6+7+8+9")
        #expect(SLAInfeasible.listed(nine + ["10"], separator: "+", what: "x") == "1+2+3+4+… 2 more x …+7+8+9+10")
    }

    @Test func theCalendarPrefixSearchFindsEveryPlacement() {
        let texts = ["", "calendar.", "calendar", "xcalendar.office.open", "calendar.office.open", "case.x and calendar.emea.open",
                     "calendarcalendar.", "calendaR.", "ccalendar.x", "calendar .x", "a.calendar.b", "rrrrcalendar.", "calendar..", "dar.calendar"]
        for text in texts {
            #expect(UnusedDefinition.References.containsCalendarPrefix(text) == text.contains("calendar."), "\(text)")
        }
    }

    @Test func shadowedRulesAreFoundWhenLaterRulesReadNewFields() {
        let diagnostics = lint("""
            ladder: 1
            workflow: demo
            fields:
              p: { enum: [P1, P2], required: true }
              r: { enum: [a, b], required: true }
            teams:
              one: { members: [anna] }
            routing:
              - { name: r1, when: case.p == "P1", to: team.one }
              - { name: r2, when: case.r == "a", to: team.one }
              - { name: r3, when: case.p == "P1" and case.r == "b", to: team.one }
              - { name: r4, when: case.p == "P2" and case.r == "a", to: team.one }
              - { name: r5, when: case.p == "P2" and case.r == "b", to: team.one }
            stages:
              handle: { assign: routing }
            """)
        #expect(diagnostics.map(\.id) == ["shadowed-rule", "shadowed-rule"], "\(summary(diagnostics))")
        #expect(diagnostics.map(\.span.start.line) == [11, 12], "\(summary(diagnostics))")
    }

    @Test func shadowedRuleComparesConditionsWithoutSpaces() {
        #expect(ShadowedRule.sameWithoutSpaces("case.p == \"P1\"", "case.p==\"P1\""))
        #expect(ShadowedRule.sameWithoutSpaces("a\tb\n", " ab"))
        #expect(!ShadowedRule.sameWithoutSpaces("ab", "abc"))
        #expect(!ShadowedRule.sameWithoutSpaces("a b", "b a"))
        #expect(ShadowedRule.hashWithoutSpaces("case.p == 1") == ShadowedRule.hashWithoutSpaces("case.p==1"))
    }

    /// The depth-first search of shadowed-rule (no witness) proves a rule dead exactly when the
    /// search in mask order does, on random rules over enum fields and conditions on other data.
    @Test func depthFirstCaseSearchAgreesWithTheMaskOrder() {
        var generator = SystemRandomNumberGenerator()
        let atoms = ["case.n > 1", "case.n > 2", "case.s == \"x\"", "case.s == \"y\""]
        func literal() -> String {
            switch Int.random(in: 0..<4, using: &generator) {
            case 0: return "case.p == \"P\(Int.random(in: 1...3, using: &generator))\""
            case 1: return "case.b"
            default: return atoms.randomElement(using: &generator)!
            }
        }
        func condition(_ depth: Int) -> String {
            guard depth > 0, Bool.random(using: &generator) else { return Bool.random(using: &generator) ? literal() : "not \(literal())" }
            return "(\(condition(depth - 1)) \(Bool.random(using: &generator) ? "and" : "or") \(condition(depth - 1)))"
        }
        var compared = 0
        var proved = 0
        for _ in 0..<60 {
            let rules = (0..<Int.random(in: 2...5, using: &generator)).map { "  - { name: r\($0), when: '\(condition(2))', to: team.one }" }
            let text = """
                ladder: 1
                workflow: demo
                fields:
                  p: { enum: [P1, P2, P3], required: true }
                  b: bool
                  n: number
                  s: string
                teams:
                  one: { members: [anna] }
                routing:
                \(rules.joined(separator: "\n"))
                stages:
                  handle: { assign: routing }
                """
            let source = SourceFile(path: "random.yaml", bytes: Array(text.utf8))
            let (compiled, diagnostics) = WorkflowAnalyzer.load(source)
            guard !diagnostics.contains(where: { $0.severity == .error }), let conditions = compiled.routingConditions else { continue }
            let programs = conditions.map { $0.map(ConditionProgram.init) }
            let base = KnownPaths.atOpening(compiled)
            for index in programs.indices.dropFirst() {
                let before = programs[..<index].compactMap { $0 }
                var space = CaseSpace(reading: [], compiled: compiled, limit: 10_000)
                for program in before + [programs[index]].compactMap({ $0 }) { space.read(paths: program.paths, compiled: compiled, limit: 10_000) }
                let fast = CaseSearch.find(allFalse: before, target: programs[index], base: base, space: space, atoms: AtomTable(), witness: false)
                let full = CaseSearch.find(allFalse: before, target: programs[index], base: base, space: space, atoms: AtomTable(), witness: true)
                #expect(fast.provedNone == full.provedNone, "\(text)")
                compared += 1
                if full.provedNone { proved += 1 }
            }
        }
        #expect(compared > 20)
        #expect(proved > 0, "no rule was dead: the comparison says little")
    }

    @Test func templateSectionsMustBeBalanced() {
        let diagnostics = lint("""
            ladder: 1
            workflow: demo
            stages:
              handle: { notify: { to: [assignee], template: t } }
            templates:
              t: { subject: "{{case.id", body: "{{/case.id}} {{^case.closed}}open" }
            """)
        let messages = diagnostics.filter { $0.id == "template-variable" }.map(\.message)
        #expect(messages.contains { $0.contains("not closed") })
        #expect(messages.contains { $0.contains("never opened") })
        #expect(messages.contains { $0.contains("never closed") })
    }

    @Test func weeksOnAnUnevenCalendarAreNotAmbiguous() {
        let diagnostics = lint("""
            ladder: 1
            workflow: demo
            calendars:
              desk: { timezone: UTC, hours: { mon-fri: "09:00-17:00", sat: "09:00-12:00" } }
            stages:
              handle: { sla: { target: 1w, calendar: desk } }
            """)
        #expect(diagnostics.isEmpty, "\(summary(diagnostics))")
    }

    @Test func exampleWorkflowsLintClean() {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let report = Linter().lint(paths: [root.appendingPathComponent("workflows").path])
        #expect(report.diagnostics.isEmpty, "\(summary(report.diagnostics))")
        #expect(report.errorCount == 0)
    }
}

/// Actions that change stages change what is reachable.
struct ReachabilityWithActionsTests {
    @Test func aReopenedStageIsReachableWhateverItsCondition() {
        let diagnostics = lint("""
            ladder: 1
            workflow: demo
            fields:
              priority: { enum: [P1, P2], required: true }
            stages:
              review: { when: case.priority == "P1" and case.priority == "P2" }
              after_review: { needs: [review], when: stage.review.done }
            rules:
              - { name: again, on: case.updated, do: [ { reopen: review } ] }
            """)
        #expect(diagnostics.isEmpty, "\(summary(diagnostics))")
    }

    @Test func aSkippableStageOnACycleDoesNotBlockItsDependants() {
        let diagnostics = lint("""
            ladder: 1
            workflow: demo
            stages:
              a: { needs: [b] }
              b: { needs: [a] }
              c: { needs: [a] }
            rules:
              - { name: unblock, on: case.opened, do: [ { skip: a } ] }
            """)
        #expect(diagnostics.map(\.id) == ["needs-cycle"], "\(summary(diagnostics))")
    }
}
