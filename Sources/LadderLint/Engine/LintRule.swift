import LadderDiagnostics
import LadderLanguage

/// A lint rule: a stable id, a default severity, its documentation with a bad and a good
/// example, and a check over an analysed workflow.
///
/// Some rules are reported by the front-end while decoding or resolving names (`origin` is
/// `.frontEnd`); they are declared here all the same so that every diagnostic id has one place
/// that documents it, can be configured, and has its examples tested.
public protocol LintRule: Sendable {
    static var id: String { get }
    static var severity: Severity { get }
    static var summary: String { get }
    /// What the rule checks and why, in a few sentences.
    static var explanation: String { get }
    /// A workflow (or fragment) that the rule reports.
    static var badExample: String { get }
    /// The same workflow, fixed.
    static var goodExample: String { get }
    static var origin: RuleOrigin { get }

    init()
    /// Adds the rule's findings to `context`.
    func check(_ context: inout LintContext)
}

/// Where a rule's diagnostics come from.
public enum RuleOrigin: String, Sendable {
    /// The YAML reader, the decoder or the name/type analysis.
    case frontEnd = "front-end"
    /// A check of its own in the linter.
    case linter
}

extension LintRule {
    public static var origin: RuleOrigin { .linter }
    public func check(_ context: inout LintContext) {}
}
