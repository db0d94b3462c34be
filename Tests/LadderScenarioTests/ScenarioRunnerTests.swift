import Foundation
import LadderEngine
import LadderLanguage
import LadderScenario
import LadderTime
import Testing

enum ScenarioFixture {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures").path

    static func run(_ name: String) throws -> (ResolvedScenario, Trace, ScenarioVerdict) {
        let (resolved, diagnostics) = ScenarioLoader.load(path: "\(folder)/\(name).yaml")
        let errors = diagnostics.filter { $0.severity == .error }
        #expect(errors.isEmpty, "\(errors.map { "\($0.span): \($0.message)" })")
        let scenario = try #require(resolved)
        let trace = ScenarioRunner.run(scenario)
        return (scenario, trace, ExpectationChecker.verdict(scenario, trace: trace))
    }
}

struct ExpectationCheckerTests {
    @Test func failedExpectationsSayWhatHappenedInstead() throws {
        let (_, _, verdict) = try ScenarioFixture.run("wrong_expectations")
        #expect(verdict.problems.isEmpty)
        let messages = verdict.results.map(\.message)
        #expect(verdict.results.map(\.passed) == [false, false, false, false, false, false, false, true])
        #expect(messages[0] == "stage announce is skipped (since Mon 2026-11-23 09:10 +00:00: when was false: stage.triage.outcome == \"valid\" → false (stage.triage.outcome = \"invalid\"))")
        #expect(messages[1].hasPrefix("stage fix was assigned to ben at Mon 2026-11-23 09:10 +00:00 (assign: team.support: round robin in team support; candidates: anna passed over, ben chosen, cleo passed over)"))
        #expect(messages[2] == "SLA resolution became met at Mon 2026-11-23 10:10 +00:00, not at Mon 2026-11-23 11:00 +00:00")
        #expect(messages[3] == "announce was never sent")
        #expect(messages[4] == "the case is at level support (since Mon 2026-11-23 09:00 +00:00)")
        #expect(messages[5] == "case.status is \"open\" (since the case opened)")
        #expect(messages[6] == "the case closed at Mon 2026-11-23 11:10 +00:00, not at Mon 2026-11-23 12:00 +00:00")
    }

    @Test func messageExpectationsNameTheTimesTheyWereSent() throws {
        let (trace, verdict) = try ExampleScenarioTests.run("p2_legal_threat")
        #expect(verdict.passed)
        // What a wrong `at:` would have said.
        var resolved = try #require(ScenarioLoader.load(path: "\(ExampleScenarioTests.folder)/p2_legal_threat.yaml").resolved)
        let check = try #require(resolved.checks.first { $0.summary == "sla_warning was sent to gwen 3 time(s)" })
        var wrong = check
        wrong.kind = .notified(.template(resolved.workflow.templateIndex["sla_warning"]!), to: "gwen", count: 2)
        resolved.checks = [wrong]
        let result = try #require(ExpectationChecker.check(resolved, trace: trace).first)
        #expect(!result.passed)
        #expect(result.message == "sla_warning was sent to gwen 3 times, not 2 times: at Mon 2026-12-28 11:00 -05:00, Mon 2026-12-28 15:48 -05:00, Mon 2026-12-28 18:30 -05:00")
    }
}

struct ScenarioRunnerTests {
    @Test func eventsAfterTheCaseClosedFailTheScenario() throws {
        let (_, _, verdict) = try ScenarioFixture.run("after_close")
        #expect(verdict.problems.map(\.kind) == [.eventsAfterClose])
        #expect(!verdict.passed)
    }

    @Test func aCaseThatNeverClosesFailsWithTheReason() throws {
        let (_, trace, verdict) = try ScenarioFixture.run("never_closes")
        #expect(verdict.problems.map(\.kind) == [.didNotClose])
        #expect(verdict.problems.first?.message == "the case did not close: nothing was left to happen after the last step")
        #expect(verdict.results.allSatisfy { $0.passed })
        #expect(trace.end.iso8601() == "2026-11-23T17:00:00Z")
    }

    @Test func anEventTheCaseCannotTakeFailsAtItsPosition() throws {
        let (_, _, verdict) = try ScenarioFixture.run("rejected_event")
        let problem = try #require(verdict.problems.first)
        #expect(problem.kind == .rejectedEvent)
        #expect(problem.message.contains("stage review of case rejected_event is pending, not active"))
        #expect(problem.span?.start.line == 6)
    }

    @Test func aRunStoppedByARejectedEventEndsAtThatEventAndSaysSoInJSON() throws {
        let (_, trace, verdict) = try ScenarioFixture.run("rejected_event")
        // `until: 1d`, but the run stopped at the rejected event 10 minutes in.
        #expect(trace.end.iso8601() == "2026-11-23T09:10:00Z")
        #expect(TraceRenderer.text(trace).hasSuffix("\nend Mon 2026-11-23 09:10 +00:00\n"))
        let summary = TraceRenderer.jsonSummary(trace, verdict: verdict)
        let parsed = try JSONSerialization.jsonObject(with: Data(summary.utf8))
        let object = try #require(parsed as? [String: Any])
        #expect(object["end"] as? String == "2026-11-23T09:10:00Z")
        #expect(object["passed"] as? Bool == false)
        let problems = try #require(object["problems"] as? [[String: Any]])
        #expect(problems.count == 1)
        #expect(problems.first?["kind"] as? String == "rejected_event")
        #expect(problems.first?["line"] as? Int == 6)
        let expectations = try #require(object["expectations"] as? [[String: Any]])
        #expect(expectations.count == verdict.results.count)
        #expect(expectations.first?["expect"] as? String == verdict.results.first?.check.summary)
    }

    @Test func runsAreDeterministic() throws {
        let (first, _) = try ExampleScenarioTests.run("urgent_weekend")
        let (second, _) = try ExampleScenarioTests.run("urgent_weekend")
        #expect(TraceRenderer.jsonLines(first) == TraceRenderer.jsonLines(second))
        #expect(TraceRenderer.text(first) == TraceRenderer.text(second))
    }
}

struct TraceRendererTests {
    @Test func textShowsStepsInTheZoneOfTheFirstBusinessCalendarClock() throws {
        let (trace, _) = try ExampleScenarioTests.run("p1_friday_evening")
        let text = TraceRenderer.text(trace)
        #expect(text.contains("times in Europe/Berlin, the zone of calendar emea_office of SLA resolution"))
        #expect(text.contains("\nFri 2026-11-20 17:40 +01:00  complete acknowledge\n"))
        #expect(text.contains("why: routed assignee: chosen ben — least_loaded in team emea_db"))
        #expect(text.contains("candidates: anna away (load 0), ben chosen (load 0), chiara passed over (load 0)"))
        #expect(text.contains("sla resolution: warning at 50% (4h counted)"))
        #expect(text.contains("message sla_warning [email] from sla resolution on_warning to owner → ben: \"SLA warning on p1_friday_evening: Production database down\""))
    }

    @Test func jsonLinesAreOneObjectPerStepWithTheDocumentedKeys() throws {
        let (trace, _) = try ExampleScenarioTests.run("p2_legal_threat")
        let lines = TraceRenderer.jsonLines(trace).split(separator: "\n")
        #expect(lines.count == trace.steps.count)
        var types = Set<String>()
        for line in lines {
            let parsed = try JSONSerialization.jsonObject(with: Data(line.utf8))
            let object = try #require(parsed as? [String: Any])
            #expect(Array(object.keys).sorted() == ["effects", "input", "local", "rejected", "step", "time"])
            for effect in object["effects"] as? [[String: Any]] ?? [] { types.insert(effect["type"] as? String ?? "?") }
        }
        #expect(types.isSuperset(of: ["opened", "stage", "assigned", "sla", "sla_warning", "level", "message", "event", "decision", "closed"]))
        let parsedFirst = try JSONSerialization.jsonObject(with: Data(lines[0].utf8))
        let first = try #require(parsedFirst as? [String: Any])
        #expect(first["local"] as? String == "2026-12-23T15:00:00-05:00")
        #expect((first["input"] as? [String: Any])?["type"] as? String == "open")
    }
}

struct UntilTests {
    @Test func untilADurationLetsAClosedCaseTakeUpdates() throws {
        let (_, trace, verdict) = try ScenarioFixture.run("closed_then_updated")
        #expect(verdict.passed, "\(verdict.problems.map(\.message)) \(verdict.failures.map(\.message))")
        #expect(trace.end.iso8601() == "2026-11-24T09:00:00Z")
    }
}
