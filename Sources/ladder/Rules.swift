import ArgumentParser
import LadderLint

struct Rules: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the lint rules, or print the rule reference (docs/rules.md) with --markdown.")

    @Flag(help: "Print the Markdown rule reference.")
    var markdown = false

    func run() throws {
        if markdown {
            print(RuleDocumentation.markdown(), terminator: "")
        } else {
            for rule in RuleRegistry.all {
                print("\(rule.id.padding(toLength: 28, withPad: " ", startingAt: 0)) \(rule.severity.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)) \(rule.summary)")
            }
        }
    }
}
