import LadderDiagnostics
import Testing
@testable import LadderLint

/// Every rule's documented examples behave as documented: the bad one is reported by that rule,
/// the good one is clean.
struct RuleExampleTests {
    static let ids = RuleRegistry.all.map { $0.id }

    @Test(arguments: ids)
    func badExampleIsReportedByItsRule(id: String) throws {
        let rule = try #require(RuleRegistry.rule(id: id))
        let diagnostics = lint(rule.badExample)
        #expect(diagnostics.contains { $0.id == id }, "\(id) bad example gave:\n\(summary(diagnostics))")
    }

    @Test(arguments: ids)
    func goodExampleIsClean(id: String) throws {
        let rule = try #require(RuleRegistry.rule(id: id))
        let diagnostics = lint(rule.goodExample)
        #expect(diagnostics.isEmpty, "\(id) good example gave:\n\(summary(diagnostics))")
    }

    @Test func everyRuleHasDocumentation() {
        for rule in RuleRegistry.all {
            #expect(!rule.summary.isEmpty && !rule.explanation.isEmpty, "\(rule.id)")
            #expect(rule.id.allSatisfy { $0.isLowercase || $0 == "-" }, "\(rule.id)")
        }
        #expect(Set(RuleExampleTests.ids).count == RuleExampleTests.ids.count, "rule ids are unique")
    }
}
