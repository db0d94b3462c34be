import Foundation
import LadderDiagnostics
import LadderLanguage
import LadderYAML

/// Reads a scenario file and its workflow, and resolves one against the other.
public enum ScenarioLoader {
    /// The scenario ready to run, or the diagnostics that prevent it (from the scenario, or from
    /// the workflow when it has errors).
    public static func load(path: String) -> (resolved: ResolvedScenario?, diagnostics: [Diagnostic]) {
        guard let data = FileManager.default.contents(atPath: path) else {
            return (nil, [Diagnostic(id: "unreadable-file", severity: .error, message: "cannot read \(path)",
                                     span: SourceSpan(file: path, start: SourceLocation(line: 1, column: 1, offset: 0),
                                                      end: SourceLocation(line: 1, column: 1, offset: 0)))])
        }
        return load(SourceFile(path: path, bytes: Array(data)))
    }

    public static func load(_ source: SourceFile) -> (resolved: ResolvedScenario?, diagnostics: [Diagnostic]) {
        let (root, yamlDiagnostics) = YAMLParser.parse(source)
        guard let root else { return (nil, yamlDiagnostics) }
        let (scenario, diagnostics) = ScenarioDecoder.decode(root: root, source: source)
        let all = yamlDiagnostics + diagnostics
        guard let scenario, !all.contains(where: { $0.severity == .error }) else { return (nil, all) }
        let workflowPath = ScenarioFiles.workflowPath(of: scenario)
        guard let data = FileManager.default.contents(atPath: workflowPath) else {
            return (nil, all + [Diagnostic(id: "unreadable-file", severity: .error, message: "cannot read the workflow \(workflowPath)",
                                           span: scenario.workflowPath.span)])
        }
        let (compiled, workflowDiagnostics) = WorkflowAnalyzer.load(SourceFile(path: workflowPath, bytes: Array(data)))
        if workflowDiagnostics.contains(where: { $0.severity == .error }) { return (nil, all + workflowDiagnostics) }
        let (resolved, resolveDiagnostics) = ScenarioResolver.resolve(scenario, workflow: compiled)
        return (resolved, all + workflowDiagnostics + resolveDiagnostics)
    }
}
