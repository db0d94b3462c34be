import Dispatch
import Foundation
import LadderDiagnostics
import LadderLanguage
import LadderYAML

/// Lints workflow and scenario files: front-end diagnostics, every rule, suppression comments
/// and the configuration, in parallel over files.
public struct Linter: Sendable {
    public var configuration: LintConfiguration

    public init(configuration: LintConfiguration = LintConfiguration()) {
        self.configuration = configuration
    }

    /// The result of linting some files.
    public struct Report: Sendable {
        /// Every file read, by path, for snippets.
        public var sources: [String: SourceFile]
        public var diagnostics: [Diagnostic]
        /// Paths that could not be read, with the reason.
        public var unreadable: [(path: String, reason: String)]

        public var errorCount: Int { diagnostics.count { $0.severity == .error } }
        public var warningCount: Int { diagnostics.count { $0.severity == .warning } }
    }

    /// Lints files and folders (folders recursively, `*.yaml` and `*.yml`).
    public func lint(paths: [String]) -> Report {
        var files: [String] = []
        var unreadable: [(String, String)] = []
        for path in paths {
            switch FileFinder.yamlFiles(at: path) {
            case .success(let found): files += found
            case .failure(let error): unreadable.append((path, error.message))
            }
        }
        var report = lint(files: files)
        report.unreadable = unreadable + report.unreadable
        return report
    }

    /// Lints the given files in parallel.
    public func lint(files: [String]) -> Report {
        let results = ResultSlots<(SourceFile?, [Diagnostic], String?)>(count: files.count)
        let workflows = WorkflowCache()
        DispatchQueue.concurrentPerform(iterations: files.count) { index in
            let path = files[index]
            // The bytes only: the `Data` is a temporary, not kept alive (a second copy of the
            // file) for the whole lint.
            guard let bytes = FileManager.default.contents(atPath: path).map({ Array($0) }) else {
                results.set(index, (nil, [], "cannot read the file"))
                return
            }
            let source = SourceFile(path: path, bytes: bytes)
            results.set(index, (source, lint(source, workflows: workflows), nil))
        }
        var report = Report(sources: [:], diagnostics: [], unreadable: [])
        for (index, result) in results.values.enumerated() {
            guard let (source, diagnostics, problem) = result else { continue }
            if let problem { report.unreadable.append((files[index], problem)) }
            if let source { report.sources[source.path] = source }
            report.diagnostics += diagnostics
        }
        return report
    }

    /// Lints one file's text: a workflow, or a scenario (recognised by its `scenario:` key).
    public func lint(_ source: SourceFile) -> [Diagnostic] {
        lint(source, workflows: WorkflowCache())
    }

    func lint(_ source: SourceFile, workflows: WorkflowCache) -> [Diagnostic] {
        // A large workflow's stages are decoded while it is read (see `WorkflowDecoder.parse`).
        var (root, yamlDiagnostics, stages) = WorkflowDecoder.parse(source)
        var diagnostics = yamlDiagnostics
        if root != nil, !yamlDiagnostics.contains(where: { $0.id == "yaml-syntax" || $0.id == "alias-limit" }) {
            if ScenarioDecoder.isScenario(root!) {
                // A scenario's `stages:` key, if any, was streamed out as a workflow's would be;
                // scenarios have no such key, and an unknown key's value is never read.
                diagnostics += lintScenario(root: root!, source: source, workflows: workflows)
            } else {
                // Hand the only reference to the tree over, so it is freed once decoded.
                diagnostics += lintWorkflow(root: root.take()!, stages: stages, source: source)
            }
        }
        return finish(diagnostics, source: source)
    }

    func lintWorkflow(root: consuming YAMLNode, stages: DecodedStages?, source: SourceFile) -> [Diagnostic] {
        // The decoder takes the only reference to the tree: it frees each stage's nodes once the
        // stage is decoded (a large file's stages were decoded while it was read: `stages`),
        // and the rest of the tree before it returns (here, not in the
        // background: analysis would otherwise allocate while it is still held). The model
        // keeps what it needs (spans, texts).
        let (workflow, decodeDiagnostics) = WorkflowDecoder.decode(root: consume root, stages: stages, source: source)
        let (compiled, analysisDiagnostics) = WorkflowAnalyzer.analyze(workflow, generatingCode: false)
        let frontEnd = decodeDiagnostics + analysisDiagnostics
        let frontEndIDs = Set(frontEnd.map(\.id))
        let rules = Linter.linterRules
        guard workflow.stages.count >= Linter.parallelRuleThreshold else {
            var context = LintContext(workflow: workflow, compiled: compiled, frontEndIDs: frontEndIDs)
            for rule in rules { rule.init().check(&context) }
            return frontEnd + context.diagnostics
        }
        // A large workflow: two threads take rules in turn, each with its own context, and the
        // findings are put back in rule order, as one thread would have produced them. The stage
        // facts (needs graph, cycles, never-active stages) are shared: computed once, by the first
        // thread that needs them.
        let found = ResultSlots<[Diagnostic]>(count: rules.count)
        let turns = RuleTurns()
        let stageFacts = StageFacts()
        DispatchQueue.concurrentPerform(iterations: 2) { _ in
            var context = LintContext(workflow: workflow, compiled: compiled, frontEndIDs: frontEndIDs, stageFacts: stageFacts)
            while let index = turns.next(below: rules.count) {
                let before = context.diagnostics.count
                rules[index].init().check(&context)
                found.set(index, Array(context.diagnostics[before...]))
            }
            // The model's facts are freed on a background thread, off the lint's path.
            BackgroundRelease.release(context)
        }
        return frontEnd + found.values.flatMap { $0 ?? [] }
    }

    /// The rules the linter runs (the others document front-end diagnostics), listed once.
    static let linterRules = RuleRegistry.all.filter { $0.origin == .linter }

    /// From this many stages on, a workflow's rules run on two threads.
    static let parallelRuleThreshold = 512

    func lintScenario(root: YAMLNode, source: SourceFile, workflows: WorkflowCache) -> [Diagnostic] {
        let (scenario, decodeDiagnostics) = ScenarioDecoder.decode(root: root, source: source)
        guard let scenario else { return decodeDiagnostics }
        let workflowPath = ScenarioFiles.workflowPath(of: scenario)
        guard let loaded = workflows.load(workflowPath) else {
            return decodeDiagnostics + [Diagnostic(
                id: "unknown-reference", message: "cannot read the workflow file \(workflowPath)", span: scenario.workflowPath.span,
                hint: "`workflow:` is a path relative to this scenario file")]
        }
        if loaded.diagnostics.contains(where: { $0.severity == .error }) {
            return decodeDiagnostics + [Diagnostic(
                id: "unknown-reference", message: "the workflow \(workflowPath) has errors; lint it first", span: scenario.workflowPath.span)]
        }
        let (_, resolveDiagnostics) = ScenarioResolver.resolve(scenario, workflow: loaded.compiled)
        return decodeDiagnostics + resolveDiagnostics
    }

    /// Applies suppression comments and the configuration, and sorts.
    func finish(_ diagnostics: [Diagnostic], source: SourceFile) -> [Diagnostic] {
        guard !diagnostics.isEmpty else { return [] }  // nothing to suppress: skip reading the comments
        let suppressions = Suppressions(source: source)
        var result: [Diagnostic] = []
        result.reserveCapacity(diagnostics.count)
        for var diagnostic in diagnostics where !suppressions.isSuppressed(diagnostic) {
            guard let severity = configuration.severity(of: diagnostic, path: source.path) else { continue }
            diagnostic.severity = severity
            result.append(diagnostic)
        }
        return result.sorted(by: Diagnostic.sourceOrder)
    }
}

/// Fixed slots written from concurrent iterations.
final class ResultSlots<Value>: @unchecked Sendable {
    private var storage: [Value?]
    private let lock = NSLock()

    init(count: Int) { storage = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: Value) {
        lock.lock()
        storage[index] = value
        lock.unlock()
    }

    var values: [Value?] { lock.withLock { storage } }
}

/// Workflows loaded for scenario files, shared across files so each is analysed once.
final class WorkflowCache: @unchecked Sendable {
    struct Loaded {
        var compiled: CompiledWorkflow
        var diagnostics: [Diagnostic]
    }

    private var loaded: [String: Loaded?] = [:]
    private let lock = NSLock()

    func load(_ path: String) -> Loaded? {
        let key = URL(fileURLWithPath: path).standardizedFileURL.path
        lock.lock()
        if let cached = loaded[key] {
            lock.unlock()
            return cached
        }
        lock.unlock()
        var result: Loaded?
        if let data = FileManager.default.contents(atPath: path) {
            let (compiled, diagnostics) = WorkflowAnalyzer.load(SourceFile(path: path, bytes: Array(data)))
            result = Loaded(compiled: compiled, diagnostics: diagnostics)
        }
        lock.withLock { loaded[key] = result }
        return result
    }
}

/// Hands out rule indices one at a time to the threads running rules.
private final class RuleTurns: @unchecked Sendable {
    private let lock = NSLock()
    private var taken = 0

    func next(below count: Int) -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard taken < count else { return nil }
        taken += 1
        return taken - 1
    }
}

/// Frees large values on a background thread: dropping the last reference to a tree of tens of
/// thousands of nodes costs milliseconds the caller need not wait for.
enum BackgroundRelease {
    static func release<Value: Sendable>(_ value: consuming Value) {
        let box = ReleaseBox(value)
        DispatchQueue.global(qos: .utility).async { box.drop() }
    }
}

private final class ReleaseBox<Value: Sendable>: @unchecked Sendable {
    private var value: Value?

    init(_ value: consuming Value) { self.value = value }

    /// Called once, on the background thread.
    func drop() { value = nil }
}
