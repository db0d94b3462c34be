import ArgumentParser

@main
struct Ladder: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ladder",
        abstract: "Customer-escalation processes as code: lint, trace, test and run Ladder workflows.",
        version: "0.1.0",
        subcommands: [Lint.self, Trace.self, Test.self, Graph.self, Rules.self]
    )
}
