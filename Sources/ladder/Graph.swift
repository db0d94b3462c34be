import ArgumentParser
import Foundation
import LadderDiagnostics
import LadderLanguage

struct Graph: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print a workflow's stage graph as Mermaid or Graphviz DOT.",
        discussion: "Each stage shows its title, condition, assignee, SLA and message; edges are needs; SLA clocks are linked to the stages that stop them.")

    enum Format: String, ExpressibleByArgument, CaseIterable { case mermaid, dot }

    @Argument(help: "The workflow file.")
    var workflow: String

    @Option(help: "mermaid or dot.")
    var format: Format = .mermaid

    func run() throws {
        let compiled = try loadWorkflow(workflow)
        let graph = StageGraph(compiled)
        print(format == .mermaid ? graph.mermaid() : graph.dot(), terminator: "")
    }
}

/// Loads a workflow for the commands that run it, printing its errors (exit 1) or an unreadable
/// file (exit 2) the way `ladder lint` does.
func loadWorkflow(_ path: String) throws -> CompiledWorkflow {
    guard let data = FileManager.default.contents(atPath: path) else {
        FileHandle.standardError.write(Data("ladder: cannot read \(path)\n".utf8))
        throw ExitCode(2)
    }
    let source = SourceFile(path: path, bytes: Array(data))
    let (compiled, diagnostics) = WorkflowAnalyzer.load(source)
    let errors = diagnostics.filter { $0.severity == .error }
    if !errors.isEmpty {
        FileHandle.standardError.write(Data(renderDiagnostics(errors).utf8))
        FileHandle.standardError.write(Data("ladder: \(path) has \(errors.count) error\(errors.count == 1 ? "" : "s"); run `ladder lint \(path)` for details\n".utf8))
        throw ExitCode(1)
    }
    return compiled
}
