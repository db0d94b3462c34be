import CYAML
import Foundation
import LadderDiagnostics

/// Reads a YAML document into a `YAMLNode` tree with spans, using libyaml's event parser.
///
/// Beyond YAML itself it enforces what Ladder files need: one document per file, no duplicate
/// keys (reported at the second key), no tags, bounded alias expansion and nesting depth.
/// It never stops silently: every problem becomes a located diagnostic.
public enum YAMLParser {
    /// Whether libyaml's scan runs on a thread of its own while the tree is built.
    public enum Pipelining: Sendable {
        /// For files of at least ``pipelineThreshold`` bytes on a machine with several cores.
        case automatic
        case never
        case always
    }

    /// The file size from which ``Pipelining/automatic`` pipelines (smaller files finish before a
    /// thread would pay for itself).
    public static let pipelineThreshold = 128 * 1024

    /// Parses `source`. Returns the root node (nil when the file is empty or unreadable) and the
    /// diagnostics found. A syntax error ends parsing; other problems are collected.
    ///
    /// With pipelining, libyaml scans on a second thread and hands its events over in batches,
    /// so scanning and tree building overlap; the result is the same either way.
    public static func parse(
        _ source: SourceFile, limits: YAMLLimits = .default, pipelining: Pipelining = .automatic
    ) -> (root: YAMLNode?, diagnostics: [Diagnostic]) {
        var builder = TreeBuilder(source: source, limits: limits)
        guard !source.bytes.isEmpty else {
            return (nil, [Diagnostic(id: "yaml-syntax", message: "the file is empty", span: .fileStart(source.path),
                                     hint: "a workflow starts with `ladder: 1` and `workflow: <id>`")])
        }
        let pipelined = switch pipelining {
        case .always: true
        case .never: false
        case .automatic: source.bytes.count >= pipelineThreshold && ProcessInfo.processInfo.activeProcessorCount > 1
        }
        source.bytes.withUnsafeBufferPointer { buffer in
            if pipelined { builder.runPipelined(buffer) } else { builder.run(buffer) }
        }
        if builder.root == nil, builder.diagnostics.isEmpty {
            builder.diagnostics.append(Diagnostic(
                id: "yaml-syntax", message: "the file holds no YAML document: it is blank or only comments",
                span: .fileStart(source.path), hint: "a workflow starts with `ladder: 1` and `workflow: <id>`"))
        }
        return (builder.root, builder.diagnostics)
    }
}
