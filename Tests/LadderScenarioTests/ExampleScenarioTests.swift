import Foundation
import LadderEngine
import LadderLanguage
import LadderScenario
import Testing

/// The example scenarios in `workflows/scenarios/` are the acceptance tests of the engine.
struct ExampleScenarioTests {
    static let folder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("workflows/scenarios").path

    static func run(_ name: String) throws -> (Trace, ScenarioVerdict) {
        let (resolved, diagnostics) = ScenarioLoader.load(path: "\(folder)/\(name).yaml")
        let errors = diagnostics.filter { $0.severity == .error }
        #expect(errors.isEmpty, "\(errors.map { "\($0.span): \($0.message)" })")
        let scenario = try #require(resolved)
        let trace = ScenarioRunner.run(scenario)
        return (trace, ExpectationChecker.verdict(scenario, trace: trace))
    }

    static func report(_ verdict: ScenarioVerdict) -> String {
        (verdict.problems.map { "problem: \($0.message)" } + verdict.failures.map { "\($0.check.summary): \($0.message)" })
            .joined(separator: "\n")
    }

    /// Every scenario file in the folder, so a new example is tested without being listed here.
    static let names: [String] = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
        .filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()

    @Test func theExamplesCoverWhatTheIssueAsksFor() {
        #expect(Self.names.count >= 11)
    }

    @Test(arguments: ExampleScenarioTests.names)
    func exampleScenarioPasses(_ name: String) throws {
        let (trace, verdict) = try Self.run(name)
        if !verdict.passed, ProcessInfo.processInfo.environment["LADDER_TRACE"] != nil {
            print(TraceRenderer.text(trace))
        }
        #expect(verdict.passed, "\(name):\n\(Self.report(verdict))")
    }
}
