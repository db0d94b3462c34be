import ArgumentParser
import Foundation
import LadderDiagnostics
import LadderLanguage
import LadderScenario

struct Trace: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run one scenario in virtual time and print every step with the reason for each decision.",
        discussion: "Times are shown in the case's time zone. --format json prints one JSON object per step (see docs/scenarios.md).")

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @Argument(help: "The scenario file.")
    var scenario: String

    @Option(help: "text or json (JSON lines).")
    var format: Format = .text

    @Flag(help: "Also show timers being set and cancelled.")
    var timers = false

    @Flag(help: "Also show the rendered body of each message.")
    var bodies = false

    func run() throws {
        let resolved = try loadScenario(scenario)
        let trace = ScenarioRunner.run(resolved)
        switch format {
        case .text:
            print(TraceRenderer.text(trace, options: TraceRenderer.TextOptions(timers: timers, events: true, bodies: bodies)), terminator: "")
            let verdict = ExpectationChecker.verdict(resolved, trace: trace)
            if !verdict.results.isEmpty {
                print("\nexpectations:")
                for result in verdict.results {
                    print("  \(result.passed ? "✔" : "✘") \(result.check.summary)\(result.passed ? "" : " — \(result.message)")")
                }
            }
        case .json:
            print(TraceRenderer.jsonLines(trace), terminator: "")
            print(TraceRenderer.jsonSummary(trace, verdict: ExpectationChecker.verdict(resolved, trace: trace)), terminator: "")
        }
    }
}

/// Loads a scenario and its workflow, printing their errors (exit 1) or an unreadable file (exit 2).
func loadScenario(_ path: String) throws -> ResolvedScenario {
    guard FileManager.default.isReadableFile(atPath: path) else {
        FileHandle.standardError.write(Data("ladder: cannot read \(path)\n".utf8))
        throw ExitCode(2)
    }
    let (resolved, diagnostics) = ScenarioLoader.load(path: path)
    let errors = diagnostics.filter { $0.severity == .error }
    guard let resolved, errors.isEmpty else {
        FileHandle.standardError.write(Data(renderDiagnostics(errors.isEmpty ? diagnostics : errors).utf8))
        throw ExitCode(1)
    }
    return resolved
}

/// Renders diagnostics with their source lines (files are read again for the snippets).
func renderDiagnostics(_ diagnostics: [Diagnostic]) -> String {
    let renderer = TextRenderer(color: isatty(STDERR_FILENO) == 1)
    var sources: [String: SourceFile] = [:]
    var out = ""
    for diagnostic in diagnostics.sorted(by: Diagnostic.sourceOrder) {
        let path = diagnostic.span.file
        if sources[path] == nil, let data = FileManager.default.contents(atPath: path) {
            sources[path] = SourceFile(path: path, bytes: Array(data))
        }
        out += renderer.render(diagnostic, source: sources[path]) + "\n"
    }
    return out
}
