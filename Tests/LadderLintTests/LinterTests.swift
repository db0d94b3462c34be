import Foundation
import LadderDiagnostics
import Testing
@testable import LadderLint

/// Suppression comments, the configuration file, output formats, exit status, folders and the
/// generated rule reference.
struct SuppressionTests {
    static let workflow = """
        ladder: 1
        workflow: demo
        teams:
          unused_a: { members: [anna] }
          unused_b: { members: [ben] }
        stages:
          a: { needs: [a] }
        """

    @Test func withoutCommentsEveryFindingIsReported() {
        #expect(lint(SuppressionTests.workflow).map(\.id) == ["unused-definition", "unused-definition", "self-dependency"])
    }

    @Test func commentSilencesTheNamedRuleOnTheNextLineOnly() {
        let text = SuppressionTests.workflow.replacingOccurrences(
            of: "  unused_a:", with: "  # ladder-disable-next-line unused-definition\n  unused_a:")
        let diagnostics = lint(text)
        #expect(diagnostics.map(\.id) == ["unused-definition", "self-dependency"])
        #expect(diagnostics.first?.message.contains("unused_b") == true)
    }

    @Test func commentForAnotherRuleSilencesNothing() {
        let text = SuppressionTests.workflow.replacingOccurrences(of: "  a: {", with: "  # ladder-disable-next-line needs-cycle\n  a: {")
        #expect(lint(text).map(\.id).contains("self-dependency"))
    }

    @Test func commentMayListSeveralRulesAndSkipsCommentLines() {
        let text = SuppressionTests.workflow.replacingOccurrences(
            of: "  a: {", with: "  # ladder-disable-next-line needs-cycle, self-dependency\n  # why: legacy\n  a: {")
        #expect(!lint(text).map(\.id).contains("self-dependency"))
    }

    @Test func commentWithoutIdsSilencesEveryRuleOnTheNextLine() {
        let text = SuppressionTests.workflow.replacingOccurrences(of: "  a: {", with: "  # ladder-disable-next-line\n  a: {")
        #expect(lint(text).map(\.id) == ["unused-definition", "unused-definition"])
    }
}

struct ConfigurationTests {
    static func configuration(_ text: String) -> (LintConfiguration, [Diagnostic]) {
        LintConfiguration.load(SourceFile(path: ".ladder-lint.yaml", bytes: Array(text.utf8)), knownRules: RuleRegistry.ids)
    }

    @Test func ruleTurnedOffIsNotReported() {
        let (configuration, problems) = ConfigurationTests.configuration("rules:\n  unused-definition: off\n")
        #expect(problems.isEmpty)
        #expect(lint(SuppressionTests.workflow, configuration: configuration).map(\.id) == ["self-dependency"])
    }

    @Test func severityCanBeChanged() {
        let (configuration, _) = ConfigurationTests.configuration("rules:\n  self-dependency: warning\n  unused-definition: error\n")
        let diagnostics = lint(SuppressionTests.workflow, configuration: configuration)
        #expect(diagnostics.first { $0.id == "self-dependency" }?.severity == .warning)
        #expect(diagnostics.filter { $0.id == "unused-definition" }.allSatisfy { $0.severity == .error })
    }

    @Test func overridesApplyToMatchingPathsAndLaterOnesWin() {
        let (configuration, problems) = ConfigurationTests.configuration("""
            rules:
              self-dependency: warning
            overrides:
              - paths: ["workflows/legacy/**"]
                rules: { self-dependency: off, unused-definition: off }
              - paths: ["workflows/legacy/keep/*.yaml"]
                rules: { self-dependency: error }
            """)
        #expect(problems.isEmpty)
        let elsewhere = lint(SuppressionTests.workflow, path: "workflows/new.yaml", configuration: configuration)
        #expect(elsewhere.first { $0.id == "self-dependency" }?.severity == .warning)
        let legacy = lint(SuppressionTests.workflow, path: "workflows/legacy/deep/old.yaml", configuration: configuration)
        #expect(legacy.isEmpty)
        let kept = lint(SuppressionTests.workflow, path: "./workflows/legacy/keep/old.yaml", configuration: configuration)
        #expect(kept.map(\.id) == ["self-dependency"])
        #expect(kept.first?.severity == .error)
    }

    @Test func globsMatchWithinAndAcrossFolders() {
        #expect(Glob.matches("workflows/*.yaml", "workflows/a.yaml"))
        #expect(!Glob.matches("workflows/*.yaml", "workflows/sub/a.yaml"))
        #expect(Glob.matches("workflows/**", "workflows/sub/deeper/a.yaml"))
        #expect(Glob.matches("**/legacy_?.yaml", "x/y/legacy_1.yaml"))
    }

    @Test func unknownRulesAndLevelsAreReported() {
        let (_, problems) = ConfigurationTests.configuration("rules:\n  self-dependancy: off\n  needs-cycle: loud\n")
        #expect(problems.map(\.id) == ["unknown-key", "invalid-value"])
        #expect(problems.first?.hint == "did you mean `self-dependency`?")
    }
}

struct OutputFormatTests {
    static let text = """
        ladder: 1
        workflow: demo
        fields:
          region: { enum: [emea, amer], required: true }
        stages:
          a: { when: case.region == "emae" }
        """

    static func report(_ text: String = OutputFormatTests.text) -> Linter.Report {
        let source = SourceFile(path: "workflows/demo.yaml", bytes: Array(text.utf8))
        return Linter.Report(sources: [source.path: source], diagnostics: Linter().lint(source), unreadable: [])
    }

    @Test func textShowsLocationSourceLineMarkerNotesAndHint() {
        let output = OutputFormat.text.render(OutputFormatTests.report())
        #expect(output == """
            workflows/demo.yaml:6:29: error: "emae" is not a value of case.region [enum-literal]
              |
            6 |   a: { when: case.region == "emae" }
              |                             ^~~~~~
              = note: case.region is one of: emea, amer
              = hint: did you mean "emea"?

            1 error, 0 warnings in 1 file

            """)
    }

    @Test func textMarksTheWholeSpanOfALintFinding() {
        let output = OutputFormat.text.render(OutputFormatTests.report(SuppressionTests.workflow))
        #expect(output.contains("""
            workflows/demo.yaml:7:16: error: stage `a` needs itself, so it can never start [self-dependency]
              |
            7 |   a: { needs: [a] }
              |                ^
              = hint: remove `a` from its `needs`
            """))
        #expect(output.contains("warning: team `unused_a` is defined but never used [unused-definition]"))
        #expect(output.contains("  |   ^~~~~~~~\n"))
        #expect(output.hasSuffix("1 error, 2 warnings in 1 file\n"))
    }

    @Test func textSaysSoWhenClean() {
        let source = SourceFile(path: "clean.yaml", bytes: Array("ladder: 1\nworkflow: demo\nstages:\n  a: {}\n".utf8))
        let report = Linter.Report(sources: [source.path: source], diagnostics: [], unreadable: [])
        #expect(OutputFormat.text.render(report) == "1 file checked, no problems found\n")
    }

    @Test func jsonListsDiagnosticsWithPositionsAndCounts() throws {
        let output = OutputFormat.json.render(OutputFormatTests.report())
        let document = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        #expect(document["errors"] as? Int == 1)
        #expect(document["warnings"] as? Int == 0)
        let diagnostics = try #require(document["diagnostics"] as? [[String: Any]])
        let first = try #require(diagnostics.first)
        #expect(first["rule"] as? String == "enum-literal")
        #expect(first["severity"] as? String == "error")
        #expect(first["file"] as? String == "workflows/demo.yaml")
        let start = try #require(first["start"] as? [String: Any])
        let end = try #require(first["end"] as? [String: Any])
        #expect(start["line"] as? Int == 6 && start["column"] as? Int == 29)
        #expect(end["line"] as? Int == 6 && end["column"] as? Int == 35)
        #expect(first["hint"] as? String == "did you mean \"emea\"?")
        #expect((first["notes"] as? [[String: Any]])?.first?["message"] as? String == "case.region is one of: emea, amer")
    }

    @Test func sarifIsVersion210WithRulesAndResults() throws {
        let output = OutputFormat.sarif.render(OutputFormatTests.report())
        let document = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        #expect(document["version"] as? String == "2.1.0")
        #expect((document["$schema"] as? String)?.contains("sarif-2.1.0") == true)
        let run = try #require((document["runs"] as? [[String: Any]])?.first)
        let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        #expect(driver["name"] as? String == "ladder")
        let rules = try #require(driver["rules"] as? [[String: Any]])
        #expect(rules.compactMap { $0["id"] as? String } == RuleRegistry.all.map { $0.id })
        #expect(rules.allSatisfy { ($0["shortDescription"] as? [String: Any])?["text"] is String })
        let results = try #require(run["results"] as? [[String: Any]])
        #expect(results.count == 1)
        let result = try #require(results.first)
        #expect(result["ruleId"] as? String == "enum-literal")
        #expect(result["level"] as? String == "error")
        #expect(result["ruleIndex"] as? Int == RuleRegistry.all.firstIndex { $0.id == "enum-literal" })
        #expect((result["message"] as? [String: Any])?["text"] is String)
        let location = try #require((result["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
        #expect((location["artifactLocation"] as? [String: Any])?["uri"] as? String == "workflows/demo.yaml")
        let region = try #require(location["region"] as? [String: Any])
        #expect(region["startLine"] as? Int == 6)
        #expect(region["startColumn"] as? Int == 29)
        #expect(region["endLine"] as? Int == 6)
        #expect(region["endColumn"] as? Int == 35)
    }

    @Test func githubPrintsOneAnnotationPerFinding() {
        let output = OutputFormat.github.render(OutputFormatTests.report())
        #expect(output == "::error file=workflows/demo.yaml,line=6,col=29,endLine=6,endColumn=35,title=enum-literal::\"emae\" is not a value of case.region%0Ahint: did you mean \"emea\"?\n")
    }

    @Test func githubUsesWarningForWarnings() {
        let output = OutputFormat.github.render(OutputFormatTests.report(SuppressionTests.workflow))
        #expect(output.split(separator: "\n").filter { $0.hasPrefix("::warning ") }.count == 2)
        #expect(output.split(separator: "\n").filter { $0.hasPrefix("::error ") }.count == 1)
    }
}

struct ExitStatusTests {
    @Test func errorsFailWarningsDoNot() {
        #expect(OutputFormatTests.report().errorCount == 1)
        let warningsOnly = OutputFormatTests.report(SuppressionTests.workflow.replacingOccurrences(of: "needs: [a]", with: "needs: []"))
        #expect(warningsOnly.errorCount == 0)
        #expect(warningsOnly.warningCount == 2)
    }

    @Test func configuredSeverityDecidesTheStatus() {
        let (configuration, _) = ConfigurationTests.configuration("rules:\n  self-dependency: warning\n")
        let source = SourceFile(path: "a.yaml", bytes: Array(SuppressionTests.workflow.utf8))
        let report = Linter.Report(sources: [:], diagnostics: Linter(configuration: configuration).lint(source), unreadable: [])
        #expect(report.errorCount == 0)
        #expect(report.warningCount == 3)
    }
}

struct FolderTests {
    static let folder = Fixtures.url("folder").path

    @Test func foldersAreSearchedRecursivelyForYAMLFiles() throws {
        let files = try FileFinder.yamlFiles(at: FolderTests.folder).get()
        let relative = files.map { String($0.dropFirst(FolderTests.folder.count + 1)) }
        #expect(relative == ["clean.yaml", "nested/finding.yml", "scenarios/handle.yaml", "scenarios/missing_workflow.yaml"])
    }

    @Test func scenarioFilesAreRecognisedAndCheckedAgainstTheirWorkflow() {
        let report = Linter().lint(paths: [FolderTests.folder])
        #expect(report.sources.count == 4)
        let findings = report.diagnostics.map { ($0.id, ($0.span.file as NSString).lastPathComponent) }
        #expect(findings.map(\.0) == ["self-dependency", "unknown-reference"])
        #expect(findings.map(\.1) == ["finding.yml", "missing_workflow.yaml"])
        #expect(report.errorCount == 2)
    }

    @Test func missingPathsAreUnreadable() {
        let report = Linter().lint(paths: [Fixtures.url("no-such-folder").path])
        #expect(report.unreadable.count == 1)
        #expect(report.diagnostics.isEmpty)
    }
}

struct RuleDocumentationTests {
    @Test func docsRulesMarkdownIsCurrent() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let written = try String(contentsOf: root.appendingPathComponent("docs/rules.md"), encoding: .utf8)
        #expect(written == RuleDocumentation.markdown(), "docs/rules.md is stale: run `.build/debug/ladder rules --markdown > docs/rules.md`")
    }

    @Test func everyRuleIsDocumented() {
        let markdown = RuleDocumentation.markdown()
        for rule in RuleRegistry.all {
            #expect(markdown.contains("\n## \(rule.id)\n"), "\(rule.id)")
        }
    }
}

/// Large workflows run their rules on two threads; the findings must be those one thread finds.
@Test func rulesOnTwoThreadsFindWhatOneThreadFinds() {
    func workflow(stages: Int) -> String {
        var text = """
        ladder: 1
        workflow: big
        fields:
          priority: { enum: [P1, P2, P3], required: true }
          region: { enum: [emea, amer], required: true }
        teams:
          support: { members: [anna] }
          unused: { members: [bob] }
        routing:
          - { name: all, to: team.support }
          - { name: late, when: case.region == "emea", to: team.support }
        stages:
          a: { needs: [b] }
          b: { needs: [a] }
          c: { when: case.priority == "P1" and case.priority == "P2" }
          d: { assign: routing, when: case.region == "mars" }

        """
        for index in 0..<stages { text += "  s\(index): { needs: [\(index == 0 ? "c" : "s\(index - 1)")], assign: routing }\n" }
        return text
    }
    func findings(_ text: String) -> [String] {
        Linter().lint(SourceFile(path: "big.yaml", text: text)).map { "\($0.id)@\($0.span.start.line):\($0.span.start.column) \($0.message)" }
    }
    let small = findings(workflow(stages: 10))
    let large = findings(workflow(stages: Linter.parallelRuleThreshold + 100))
    #expect(Set(small.map { String($0.prefix { $0 != "@" }) }).isSuperset(of: ["needs-cycle", "unreachable-stage", "shadowed-rule", "unused-definition", "enum-literal"]))
    // The extra stages all follow `c`, which can never start, and add no finding of their own:
    // every finding is the same, in the same order.
    #expect(large == small)
}
