import Foundation
import LadderScenario
import Testing

@Test func debugPrintTrace() throws {
    guard let name = ProcessInfo.processInfo.environment["LADDER_DEBUG"] else { return }
    let (trace, verdict) = try ExampleScenarioTests.run(name)
    var text = TraceRenderer.text(trace, options: .init(timers: true, events: true, bodies: true))
    for result in verdict.results { text += (result.passed ? "PASS " : "FAIL ") + result.check.summary + " — " + result.message + "\n" }
    try text.write(toFile: "/tmp/\(name).txt", atomically: true, encoding: .utf8)
    try TraceRenderer.jsonLines(trace).write(toFile: "/tmp/\(name).jsonl", atomically: true, encoding: .utf8)
}
