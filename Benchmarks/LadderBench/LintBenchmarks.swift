import CYAML
import Foundation
import LadderDiagnostics
import LadderLanguage
import LadderLint
import LadderYAML

/// Lint throughput on a large workflow compared with libyaml's own event scan of the same bytes,
/// throughput over a folder using every core, and peak memory.
enum LintBenchmarks {
    static func largeWorkflow() -> [UInt8] {
        Array(WorkflowGenerator.workflow(stages: 2_000, routes: 200, slas: 50).utf8)
    }

    static func run() {
        let bytes = largeWorkflow()
        let source = SourceFile(path: "large.yaml", bytes: bytes)
        let linter = Linter()
        let findings = linter.lint(source)
        print("large workflow: \(Measure.megabytes(bytes.count)), 2,000 stages, 200 routing rules, 50 SLAs; \(findings.count) findings")
        for finding in findings.prefix(3) { print("  ", finding.id, finding.message) }

        var events = 0
        let scan = Measure.fastest(repetitions: 15) { events = libyamlEventScan(bytes) }
        print("  libyaml event scan:      \(Measure.rate(bytes.count, scan))  (\(events) events, \(String(format: "%.1f", scan * 1000)) ms)")
        // The large file's lint uses a second core: libyaml scans on its own thread while the
        // tree is built, and stages and rules are checked on two threads.
        let lint = Measure.fastest(repetitions: 15) { _ = linter.lint(source) }
        print("  ladder lint:             \(Measure.rate(bytes.count, lint))  (\(String(format: "%.1f", lint * 1000)) ms, \(String(format: "%.2f", lint / scan))x the scan)")

        let folder = makeFolder(files: 200)
        let total = (try? FileManager.default.contentsOfDirectory(atPath: folder))?.reduce(0) { sum, name in
            sum + ((try? FileManager.default.attributesOfItem(atPath: folder + "/" + name)[.size] as? Int) ?? 0)
        } ?? 0
        var report: Linter.Report?
        let folderTime = Measure.fastest(repetitions: 3) { report = linter.lint(paths: [folder]) }
        print("folder of 200 medium workflows: \(Measure.megabytes(total)); \(report?.diagnostics.count ?? -1) findings")
        print("  ladder lint (all cores): \(Measure.rate(total, folderTime))  (\(String(format: "%.1f", folderTime * 1000)) ms, \(ProcessInfo.processInfo.activeProcessorCount) cores)")
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// Lints the large workflow (or the file at `path`) `times` times after a warm-up lint.
    static func loop(times: Int, path: String?) {
        let bytes = path.flatMap { FileManager.default.contents(atPath: $0) }.map { Array($0) } ?? largeWorkflow()
        let source = SourceFile(path: path ?? "large.yaml", bytes: bytes)
        let linter = Linter()
        var findings = linter.lint(source).count
        for _ in 0..<times { findings = linter.lint(source).count }
        print("\(times) lints of \(Measure.megabytes(bytes.count)); \(findings) findings")
    }

    /// Peak resident memory of one lint of the large file, measured in a fresh process.
    static func runMemory(stagesFactor: Int = 1) {
        let bytes = Array(WorkflowGenerator.workflow(stages: 2_000 * stagesFactor, routes: 200, slas: 50).utf8)
        // Warm up with a tiny lint first, so one-time costs (runtime metadata, Foundation, time
        // zone data) are in the baseline rather than charged to the file.
        let small = Array(WorkflowGenerator.workflow(stages: 3, routes: 2, slas: 1, name: "warm_up").utf8)
        _ = Linter().lint(SourceFile(path: "small.yaml", bytes: small))
        let before = Measure.status("VmHWM")
        let codeBefore = Measure.status("RssFile")
        let findings = Linter().lint(SourceFile(path: "large.yaml", bytes: bytes))
        let peak = Measure.status("VmHWM")
        // Resident file pages only grow during the lint: program code (the large-file paths:
        // the scanning thread, the two-thread phases) paged in for the first time, a one-time
        // cost the small warm-up does not reach. The rest of the peak is heap and stacks.
        let code = max(0, Measure.status("RssFile") - codeBefore)
        let ratio = { (bytesUsed: Int) in String(format: "%.1f", Double(bytesUsed) / Double(bytes.count)) }
        print("peak memory linting \(Measure.megabytes(bytes.count)) (\(2_000 * stagesFactor) stages, after a warm-up lint): +\(Measure.megabytes(peak - before)) resident over the process baseline (\(ratio(peak - before))x the file size), of which program code paged in for the first time \(Measure.megabytes(code)) and heap and stacks +\(Measure.megabytes(peak - before - code)) (\(ratio(peak - before - code))x); \(findings.count) findings")
    }

    static func makeFolder(files: Int) -> String {
        let folder = NSTemporaryDirectory() + "ladder-bench-\(getpid())"
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for index in 0..<files {
            let text = WorkflowGenerator.workflow(stages: 60, routes: 12, slas: 4, name: "medium_\(index)")
            _ = FileManager.default.createFile(atPath: "\(folder)/medium_\(index).yaml", contents: Data(text.utf8))
        }
        return folder
    }

    /// libyaml's parser over the bytes, events discarded: the floor for any YAML front-end.
    static func libyamlEventScan(_ bytes: [UInt8]) -> Int {
        var parser = yaml_parser_t()
        yaml_parser_initialize(&parser)
        defer { yaml_parser_delete(&parser) }
        var count = 0
        bytes.withUnsafeBufferPointer { buffer in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var event = yaml_event_t()
            while yaml_parser_parse(&parser, &event) == 1 {
                count += 1
                let done = event.type == YAML_STREAM_END_EVENT
                yaml_event_delete(&event)
                if done { break }
            }
        }
        return count
    }
}

extension LintBenchmarks {
    /// Where the large file's lint spends its time, phase by phase (fastest of 15 each): the
    /// YAML tree (in two parts and not), decoding, analysis, and the whole lint (rules and
    /// bookkeeping are the rest).
    static func phases(path: String?) {
        let bytes = path.flatMap { FileManager.default.contents(atPath: $0) }.map { Array($0) } ?? largeWorkflow()
        let source = SourceFile(path: path ?? "large.yaml", bytes: bytes)
        let ms = { (seconds: Double) in String(format: "%6.2f ms", seconds * 1000) }
        let scan = Measure.fastest(repetitions: 15) { _ = libyamlEventScan(bytes) }
        let tree = Measure.fastest(repetitions: 15) { _ = YAMLParser.parse(source) }
        let sequential = Measure.fastest(repetitions: 15) { _ = YAMLParser.parse(source, parallelism: .never) }
        let root = YAMLParser.parse(source).root!
        let decode = Measure.fastest(repetitions: 15) { _ = WorkflowDecoder.decode(root: root, source: source) }
        let workflow = WorkflowDecoder.decode(root: root, source: source).workflow
        let analyze = Measure.fastest(repetitions: 15) { _ = WorkflowAnalyzer.analyze(workflow, generatingCode: false) }
        let lint = Measure.fastest(repetitions: 15) { _ = Linter().lint(source) }
        print("phases of one lint, \(Measure.megabytes(bytes.count)):")
        print("  libyaml scan          \(ms(scan))")
        print("  tree, two parts       \(ms(tree))   (sequential \(ms(sequential)))")
        print("  decode                \(ms(decode))")
        print("  analyze               \(ms(analyze))")
        print("  whole lint            \(ms(lint))   (rules and the rest: \(ms(lint - tree - decode - analyze)))")
    }
}

extension LintBenchmarks {
    /// Parses the large workflow (or the file at `path`) into a YAML tree `times` times.
    static func yamlLoop(times: Int, pipelined: Bool, path: String?) {
        let bytes = path.flatMap { FileManager.default.contents(atPath: $0) }.map { Array($0) } ?? largeWorkflow()
        let source = SourceFile(path: path ?? "large.yaml", bytes: bytes)
        var nodes = 0
        for _ in 0..<times {
            let (root, _) = YAMLParser.parse(source, parallelism: pipelined ? .always : .never)
            nodes += root?.pairs?.count ?? 0
        }
        print("\(times) parses of \(Measure.megabytes(bytes.count)) (\(nodes / max(times, 1)) top-level keys)")
    }
}
