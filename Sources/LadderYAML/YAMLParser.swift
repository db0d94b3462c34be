import CYAML
import Foundation
import LadderDiagnostics

/// Reads a YAML document into a `YAMLNode` tree with spans, using libyaml's event parser.
///
/// Beyond YAML itself it enforces what Ladder files need: one document per file, no duplicate
/// keys (reported at the second key), no tags, bounded alias expansion and nesting depth.
/// It never stops silently: every problem becomes a located diagnostic.
public enum YAMLParser {
    /// Whether a file is parsed in two parts at once (see ``SplitParse``).
    public enum Parallelism: Sendable {
        /// For files of at least ``parallelThreshold`` bytes on a machine with several cores.
        case automatic
        case never
        /// Whenever the file can be split, whatever its size (for tests).
        case always
    }

    /// The file size from which ``Parallelism/automatic`` parses in two parts (smaller files
    /// finish before a second thread would pay for itself).
    public static let parallelThreshold = 128 * 1024

    /// Parses `source`. Returns the root node (nil when the file is empty or unreadable) and the
    /// diagnostics found. A syntax error ends parsing; other problems are collected.
    ///
    /// In parallel, two parts of the file are parsed at once, each by its own libyaml parser,
    /// and their trees joined; the result is the same as one parse of the whole (when a part
    /// reports anything, or the parts cannot be joined exactly, the whole file is parsed again
    /// on one thread).
    public static func parse(
        _ source: SourceFile, limits: YAMLLimits = .default, parallelism: Parallelism = .automatic
    ) -> (root: YAMLNode?, diagnostics: [Diagnostic]) {
        let (root, diagnostics, _) = parse(source, limits: limits, parallelism: parallelism)
        return (root, diagnostics)
    }

    /// Parses `source` as ``parse(_:limits:parallelism:)`` does, except that when the file is
    /// parsed in two parts at once (a large file), the values of the mapping under the top-level
    /// key `key` go to sinks made by `makeSink`, one per part, as they are read: see
    /// ``YAMLEntrySink``. The sinks come back in document order (their entries, taken in turn,
    /// are the mapping's), and the tree holds an empty mapping in place of each value.
    ///
    /// `sinks` is nil when nothing was streamed (a small file, a file that could not be split,
    /// any YAML problem, an anchor on the streamed mapping): the tree is then whole, and what
    /// the sinks received, if anything, is to be dropped.
    public static func parse<Sink: YAMLEntrySink>(
        _ source: SourceFile, limits: YAMLLimits = .default, parallelism: Parallelism = .automatic,
        streaming key: String, into makeSink: () -> Sink
    ) -> (root: YAMLNode?, diagnostics: [Diagnostic], sinks: [Sink]?) {
        var sinks: [Sink] = []  // made only for a split parse
        let (root, diagnostics, streamed) = parse(source, limits: limits, parallelism: parallelism, streaming: key) {
            sinks = [makeSink(), makeSink(), makeSink()]
            return sinks
        }
        return (root, diagnostics, streamed ? sinks : nil)
    }

    static func parse(
        _ source: SourceFile, limits: YAMLLimits, parallelism: Parallelism,
        streaming key: String? = nil, makeSinks: () -> [any YAMLEntrySink] = { [] }
    ) -> (root: YAMLNode?, diagnostics: [Diagnostic], streamed: Bool) {
        guard !source.bytes.isEmpty else {
            return (nil, [Diagnostic(id: "yaml-syntax", message: "the file is empty", span: .fileStart(source.path),
                                     hint: "a workflow starts with `ladder: 1` and `workflow: <id>`")], false)
        }
        // libyaml would decode UTF-16 and count positions in its characters; Ladder's positions,
        // snippets and byte offsets are UTF-8.
        if source.bytes.count >= 2, source.bytes[0] == 0xFF && source.bytes[1] == 0xFE || source.bytes[0] == 0xFE && source.bytes[1] == 0xFF {
            return (nil, [Diagnostic(id: "yaml-syntax", message: "the file is UTF-16 (it starts with a UTF-16 byte order mark); Ladder reads UTF-8",
                                     span: .fileStart(source.path), hint: "save the file as UTF-8")], false)
        }
        let parallel = switch parallelism {
        case .always: true
        case .never: false
        case .automatic: source.bytes.count >= parallelThreshold && ProcessInfo.processInfo.activeProcessorCount > 1
        }
        if parallel, let plan = SplitParse.Plan(source, minimumPart: parallelism == .always ? 1 : 16 * 1024),
           let (root, streamed) = SplitParse.parse(source, plan: plan, limits: limits,
                                                   stream: key.map { SplitParse.Stream(key: $0, sinks: makeSinks()) }) {
            return (root, [], streamed)
        }
        var builder = TreeBuilder(source: source, limits: limits)
        source.bytes.withUnsafeBufferPointer { builder.run($0) }
        if builder.root == nil, builder.diagnostics.isEmpty {
            builder.diagnostics.append(Diagnostic(
                id: "yaml-syntax", message: "the file holds no YAML document: it is blank or only comments",
                span: .fileStart(source.path), hint: "a workflow starts with `ladder: 1` and `workflow: <id>`"))
        }
        return (builder.root, builder.diagnostics, false)
    }
}
