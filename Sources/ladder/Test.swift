import ArgumentParser
import Dispatch
import Foundation
import LadderDiagnostics
import LadderLanguage
import LadderLint
import LadderScenario
import LadderYAML

struct Test: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run scenario files and check their expectations.",
        discussion: "Folders are searched recursively; YAML files that are not scenarios (workflows) are skipped. Exit status: 0 when every expectation of every scenario holds, 1 otherwise, 2 when a path cannot be read.")

    @Argument(help: "Scenario files or folders.")
    var paths: [String]

    @Flag(name: .shortAndLong, help: "List every expectation, not only failures.")
    var verbose = false

    func run() throws {
        var files: [String] = []
        var unreadable = false
        for path in paths {
            switch FileFinder.yamlFiles(at: path) {
            case .success(let found):
                var isDirectory: ObjCBool = false
                _ = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
                if isDirectory.boolValue {
                    files += found.filter(isScenarioFile)
                } else if isScenarioFile(path) {
                    files.append(path)
                } else {
                    FileHandle.standardError.write(Data("ladder: \(path) is not a scenario file (it has no top-level `scenario:` key); lint workflows with `ladder lint`\n".utf8))
                    unreadable = true
                }
            case .failure(let problem):
                FileHandle.standardError.write(Data("ladder: \(path): \(problem.message)\n".utf8))
                unreadable = true
            }
        }
        if unreadable { throw ExitCode(2) }
        let scenarios = files
        let outcomes = ResultList(count: scenarios.count)
        let verbose = verbose
        DispatchQueue.concurrentPerform(iterations: scenarios.count) { index in
            outcomes.set(index, Self.runScenario(scenarios[index], verbose: verbose))
        }
        var passed = 0
        var failed = 0
        for outcome in outcomes.values {
            print(outcome.report, terminator: "")
            if outcome.passed { passed += 1 } else { failed += 1 }
        }
        print("\n\(passed) passed, \(failed) failed")
        if failed > 0 || files.isEmpty { throw ExitCode(1) }
    }

    struct Outcome: Sendable {
        var passed: Bool
        var report: String
    }

    static func runScenario(_ path: String, verbose: Bool) -> Outcome {
        let (resolved, diagnostics) = ScenarioLoader.load(path: path)
        let errors = diagnostics.filter { $0.severity == .error }
        guard let resolved, errors.isEmpty else {
            return Outcome(passed: false, report: "✘ \(path): cannot run\n" + renderDiagnostics(errors.isEmpty ? diagnostics : errors))
        }
        let trace = ScenarioRunner.run(resolved)
        let verdict = ExpectationChecker.verdict(resolved, trace: trace)
        let name = resolved.scenario.name.value
        var report = "\(verdict.passed ? "✔" : "✘") \(name) (\(path)): \(verdict.results.count - verdict.failures.count)/\(verdict.results.count) expectations hold\n"
        for result in verdict.results where verbose || !result.passed {
            let span = result.check.span
            report += "    \(result.passed ? "✔" : "✘") \(span.file):\(span.start.line):\(span.start.column): \(result.check.summary)"
            report += result.passed ? "\n" : "\n        \(result.message)\n"
        }
        for problem in verdict.problems {
            report += "    ✘ \(problem.span.map { "\($0.file):\($0.start.line):\($0.start.column): " } ?? "")\(problem.message)\n"
        }
        return Outcome(passed: verdict.passed, report: report)
    }
}

/// Whether a YAML file is a scenario (top-level `scenario:` key).
func isScenarioFile(_ path: String) -> Bool {
    guard let data = FileManager.default.contents(atPath: path) else { return false }
    guard let root = YAMLParser.parse(SourceFile(path: path, bytes: Array(data))).root else { return false }
    return ScenarioDecoder.isScenario(root)
}

/// Results written by concurrent iterations.
final class ResultList: @unchecked Sendable {
    private var storage: [Test.Outcome?]
    private let lock = NSLock()
    init(count: Int) { storage = Array(repeating: nil, count: count) }
    func set(_ index: Int, _ value: Test.Outcome) { lock.withLock { storage[index] = value } }
    var values: [Test.Outcome] { lock.withLock { storage.compactMap { $0 } } }
}
