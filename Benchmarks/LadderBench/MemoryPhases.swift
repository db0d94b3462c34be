import Foundation
import LadderDiagnostics
import LadderLanguage
import LadderLint

/// Resident memory phase by phase for one lint of the large workflow, in a fresh process: the
/// peak of each phase (the kernel's high-water mark is reset before it) over the resident set
/// before the lint, so the phase that sets the lint's peak can be found. Environment: `SEQ` parses
/// the YAML on one thread, `NOTAKE` decodes a tree that is still shared (nothing freed while
/// decoding), `NOLINT` leaves out the whole lint at the end (for massif).
enum MemoryPhases {
    static func run(stagesFactor: Int) {
        let bytes = Array(WorkflowGenerator.workflow(stages: 2_000 * stagesFactor, routes: 200, slas: 50).utf8)
        let small = Array(WorkflowGenerator.workflow(stages: 3, routes: 2, slas: 1, name: "warm_up").utf8)
        _ = Linter().lint(SourceFile(path: "small.yaml", bytes: small))
        let source = SourceFile(path: "large.yaml", bytes: bytes)
        let base = Measure.status("VmRSS"), codeBase = Measure.status("RssFile")
        func report(_ phase: String) {
            let peak = Measure.status("VmHWM") - base, now = Measure.status("VmRSS") - base
            print(String(format: "  %-28@ peak +%5.2f MB (%4.1fx)  after +%5.2f MB  code +%4.2f MB", phase as NSString,
                         Double(peak) / 1e6, Double(peak) / Double(bytes.count), Double(now) / 1e6,
                         Double(Measure.status("RssFile") - codeBase) / 1e6))
            resetPeak()
        }
        resetPeak()
        // As the linter reads it: the stages decoded while the file is parsed (unless `SEQ`).
        var (root, _, stages) = WorkflowDecoder.parse(source, parallelism: ProcessInfo.processInfo.environment["SEQ"] != nil ? .never : .always)
        report(stages != nil ? "YAML tree, stages decoded" : "YAML tree")
        var decoded: (workflow: Workflow, diagnostics: [Diagnostic])? = ProcessInfo.processInfo.environment["NOTAKE"] != nil
            ? WorkflowDecoder.decode(root: root!, stages: stages, source: source) : WorkflowDecoder.decode(root: root.take()!, stages: stages, source: source)
        report("decode (tree freed as read)")
        root = nil
        report("tree freed")
        var analyzed: (compiled: CompiledWorkflow, diagnostics: [Diagnostic])? = WorkflowAnalyzer.analyze(decoded!.workflow, generatingCode: false)
        report("analyze")
        analyzed = nil
        decoded = nil
        report("model freed")
        if ProcessInfo.processInfo.environment["NOLINT"] == nil {
            _ = Linter().lint(source)
            report("whole lint again")
        }
        _ = analyzed
    }

    /// Resets VmHWM to the current resident set (Linux ≥ 4.0).
    static func resetPeak() {
        _ = try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
    }
}
