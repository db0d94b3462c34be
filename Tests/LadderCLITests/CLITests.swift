import Foundation
import Testing

/// Runs the built `ladder` executable as a user would and checks exit statuses and output.
struct CLITests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The `ladder` binary beside the test bundle.
    static var binary: URL {
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        if folder.lastPathComponent.hasSuffix(".xctest") { folder = folder.deletingLastPathComponent() }
        return folder.appendingPathComponent("ladder")
    }

    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    func ladder(_ arguments: String..., in directory: URL = CLITests.root) throws -> Output {
        let process = Process()
        process.executableURL = CLITests.binary
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self))
    }

    func temporaryFile(_ name: String, _ text: String) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ladder-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent(name)
        try Data(text.utf8).write(to: file)
        return file
    }

    @Test func lintExitsZeroOnTheCleanExamples() throws {
        let result = try ladder("lint", "workflows")
        #expect(result.status == 0, "\(result.stdout)")
        #expect(result.stdout.contains("no problems found"))
    }

    @Test func lintExitsOneWithRustcStyleTextOnErrors() throws {
        let file = try temporaryFile("bad.yaml", "ladder: 1\nworkflow: demo\nstages:\n  a: { titel: x }\n")
        let result = try ladder("lint", "--no-color", file.path)
        #expect(result.status == 1)
        #expect(result.stdout.contains("bad.yaml:4:8: error: unknown key `titel` in stage `a` [unknown-key]"))
        #expect(result.stdout.contains("4 |   a: { titel: x }"))
        #expect(result.stdout.contains("|        ^~~~~"))
        #expect(result.stdout.contains("= hint: did you mean `title`?"))
        #expect(!result.stdout.contains("\u{1B}["), "no colour when not on a terminal")
    }

    @Test func lintExitsTwoForAMissingPathOrBadConfiguration() throws {
        #expect(try ladder("lint", "no/such/file.yaml").status == 2)
        let config = try temporaryFile(".ladder-lint.yaml", "rules:\n  no-such-rule: off\n")
        #expect(try ladder("lint", "--config", config.path, "workflows").status == 2)
    }

    @Test func lintConfigurationCanTurnAnErrorIntoAWarning() throws {
        let file = try temporaryFile("w.yaml", "ladder: 1\nworkflow: demo\nstages:\n  a: { titel: x }\n")
        let config = file.deletingLastPathComponent().appendingPathComponent(".ladder-lint.yaml")
        try Data("rules:\n  unknown-key: warning\n".utf8).write(to: config)
        let result = try ladder("lint", "w.yaml", in: file.deletingLastPathComponent())
        #expect(result.status == 0)
        #expect(result.stdout.contains("warning: unknown key"))
    }

    @Test func lintSarifIsVersion210() throws {
        let result = try ladder("lint", "--format", "sarif", "workflows")
        let document = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        #expect(document?["version"] as? String == "2.1.0")
    }

    @Test func testCommandPassesTheExampleScenarios() throws {
        let result = try ladder("test", "workflows")
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.hasSuffix(" passed, 0 failed\n"))
    }

    @Test func testCommandFailsAndSaysWhatHappenedInstead() throws {
        let scenario = try String(contentsOf: CLITests.root.appendingPathComponent("workflows/scenarios/p1_friday_evening.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "workflow: ../customer_escalation.yaml", with: "workflow: \(CLITests.root.path)/workflows/customer_escalation.yaml")
            .replacingOccurrences(of: "- { assigned: investigate, to: ben, at: +10m }", with: "- { assigned: investigate, to: chiara, at: +10m }")
        let file = try temporaryFile("s.yaml", scenario)
        let result = try ladder("test", file.path)
        #expect(result.status == 1)
        #expect(result.stdout.contains("stage investigate was assigned to chiara"))
        #expect(result.stdout.contains("0 passed, 1 failed"))
    }

    @Test func testCommandRejectsAWorkflowNamedAsAScenario() throws {
        let result = try ladder("test", "workflows/customer_escalation.yaml")
        #expect(result.status == 2)
        #expect(result.stderr.contains("is not a scenario file"))
    }

    @Test func traceJSONIsOneObjectPerLine() throws {
        let result = try ladder("trace", "--format", "json", "workflows/scenarios/p1_friday_evening.yaml")
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count > 5)
        for line in lines.dropLast() {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            #expect(object?["step"] != nil && object?["time"] != nil && object?["effects"] != nil)
        }
        // The last line sums the run up: it passed, and every expectation is listed.
        let summary = try JSONSerialization.jsonObject(with: Data(try #require(lines.last).utf8)) as? [String: Any]
        #expect(summary?["passed"] as? Bool == true)
        #expect((summary?["problems"] as? [Any])?.isEmpty == true)
        #expect(((summary?["expectations"] as? [[String: Any]]) ?? []).count > 3)
    }

    @Test func traceTextExplainsRoutingWithConditionValues() throws {
        let result = try ladder("trace", "workflows/scenarios/p1_friday_evening.yaml")
        #expect(result.status == 0)
        #expect(result.stdout.contains("why: routing rule emea_database: matched"))
        #expect(result.stdout.contains("case.region == \"emea\" = true"))
        #expect(result.stdout.contains("candidates: anna away"))
    }

    @Test func traceRefusesAScenarioWithErrorsWithLocatedDiagnostics() throws {
        let file = try temporaryFile("s.yaml", """
        scenario: s
        workflow: \(CLITests.root.path)/workflows/customer_escalation.yaml
        start: 2026-11-20T17:30:00+01:00
        case: { priority: P1, region: emea, title: x, customer.name: Acme }
        events:
          - { after: 10m, complete: acknowlege }
        """)
        let result = try ladder("trace", file.path)
        #expect(result.status == 1)
        #expect(result.stderr.contains("s.yaml:6:29: error: the workflow has no stage `acknowlege` [unknown-reference]"))
    }

    @Test func graphPrintsMermaidAndDot() throws {
        let mermaid = try ladder("graph", "workflows/service_desk.yaml")
        #expect(mermaid.status == 0 && mermaid.stdout.hasPrefix("flowchart TD"))
        let dot = try ladder("graph", "--format", "dot", "workflows/service_desk.yaml")
        #expect(dot.status == 0 && dot.stdout.hasPrefix("digraph"))
    }
}
