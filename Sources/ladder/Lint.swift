import ArgumentParser
import Foundation
import LadderDiagnostics
import LadderLint

struct Lint: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check workflow and scenario files.",
        discussion: "Exit status: 0 when no error-level finding, 1 when there is one, 2 for usage errors or unreadable input."
    )

    @Argument(help: "Files or folders (folders are searched for *.yaml and *.yml).")
    var paths: [String]

    @Option(help: "Output format: text, json, sarif or github.")
    var format: OutputFormat = .text

    @Option(help: "Lint configuration file (default: ./\(LintConfiguration.fileName) if present).")
    var config: String?

    @Flag(inversion: .prefixedNo, help: "Colour the text output (default: only on a terminal).")
    var color: Bool?

    func run() throws {
        var configuration = LintConfiguration()
        let configPath = config ?? (FileManager.default.fileExists(atPath: LintConfiguration.fileName) ? LintConfiguration.fileName : nil)
        if let configPath {
            guard let data = FileManager.default.contents(atPath: configPath) else {
                FileHandle.standardError.write(Data("ladder: cannot read the configuration file \(configPath)\n".utf8))
                throw ExitCode(2)
            }
            let source = SourceFile(path: configPath, bytes: Array(data))
            let (loaded, problems) = LintConfiguration.load(source, knownRules: RuleRegistry.ids)
            if !problems.isEmpty {
                let renderer = TextRenderer(color: false)
                for problem in problems { FileHandle.standardError.write(Data(renderer.render(problem, source: source).utf8)) }
                throw ExitCode(2)
            }
            configuration = loaded
        }
        let report = Linter(configuration: configuration).lint(paths: paths)
        let useColor = color ?? (isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil)
        FileHandle.standardOutput.write(Data(format.render(report, color: useColor).utf8))
        if !report.unreadable.isEmpty { throw ExitCode(2) }
        if report.errorCount > 0 { throw ExitCode(1) }
    }
}

extension OutputFormat: ExpressibleByArgument {}
