import LadderDiagnostics
@testable import LadderLanguage

/// Decodes and analyses a workflow text.
func load(_ text: String) -> (CompiledWorkflow, [Diagnostic]) {
    WorkflowAnalyzer.load(SourceFile(path: "test.yaml", text: text))
}

/// The diagnostics of a workflow text.
func diagnostics(_ text: String) -> [Diagnostic] { load(text).1 }

/// A minimal valid header followed by `body`.
func workflow(_ body: String) -> String { "ladder: 1\nworkflow: demo\n" + body }

extension Diagnostic {
    /// `line:column-endColumn` for compact position assertions.
    var position: String { "\(span.start.line):\(span.start.column)-\(span.end.column)" }
}
