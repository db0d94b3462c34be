import LadderDiagnostics
import LadderYAML

/// The YAML front-end on arbitrary bytes: must never crash, hang or exhaust memory, and the
/// parse in two parts at once (where the text can be cut) must build exactly what the one-thread
/// parse does, positions included.
@_cdecl("LLVMFuzzerTestOneInput")
public func LLVMFuzzerTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let source = SourceFile(path: "fuzz.yaml", bytes: Array(UnsafeBufferPointer(start: data, count: size)))
    let limits = YAMLLimits(maxExpandedNodes: 100_000, maxDepth: 128)
    let (root, diagnostics) = YAMLParser.parse(source, limits: limits, parallelism: .never)
    // Every diagnostic must point inside the file.
    for diagnostic in diagnostics {
        precondition(diagnostic.span.start.line >= 1 && diagnostic.span.start.line <= source.lineCount + 1)
        precondition(diagnostic.span.start.offset >= 0 && diagnostic.span.start.offset <= size)
    }
    let split = YAMLParser.parse(source, limits: limits, parallelism: .always)
    precondition(dump(split.root) == dump(root), "the parse in two parts built another tree")
    precondition(split.diagnostics.map(summary) == diagnostics.map(summary), "the parse in two parts reported otherwise")
    // Streaming the top-level `stages` mapping: what the sinks received and the keys left in
    // the tree, put back together, are the whole tree; the diagnostics are the same.
    let streamed = YAMLParser.parse(source, limits: limits, parallelism: .always, streaming: "stages") { Sink() }
    precondition(streamed.diagnostics.map(summary) == diagnostics.map(summary), "the streaming parse reported otherwise")
    if let sinks = streamed.sinks {
        var rebuilt = streamed.root
        let values = sinks.flatMap(\.values)
        if let index = rebuilt?.pairs?.firstIndex(where: { $0.key.text == "stages" }), case .mapping(var pairs)? = rebuilt?.pairs?[index].value.content {
            precondition(pairs.count == values.count, "another number of streamed entries than the mapping's")
            for entry in pairs.indices {
                precondition(pairs[entry].value.offsets == values[entry].offsets, "a streamed value elsewhere than its placeholder")
                pairs[entry].value = values[entry]
            }
            var top = rebuilt!.pairs!
            top[index].value = YAMLNode(.mapping(pairs), offsets: top[index].value.offsets)
            rebuilt = YAMLNode(.mapping(top), offsets: rebuilt!.offsets)
        } else {
            precondition(values.isEmpty, "streamed entries without a top-level stages mapping")
        }
        precondition(dump(rebuilt) == dump(root), "the streamed parse put together is another tree")
    } else {
        precondition(dump(streamed.root) == dump(root), "a parse that streamed nothing built another tree")
    }
    // Nodes keep byte offsets; the lines and columns looked up from them must be libyaml's own.
    if diagnostics.isEmpty, let root, !hasAlias(source.bytes) {
        let ours = LibyamlMarks.scalars(of: root, in: source)
        // libyaml may place an empty value on the line after a last line without a line break,
        // a line the file does not have; Ladder puts such a position at the end of the last line.
        let theirs = LibyamlMarks.scalars(source.bytes)
        precondition(ours.count == theirs.count, "another number of scalars than libyaml's")
        for (mine, libyaml) in zip(ours, theirs) where libyaml[0] < source.lineCount && libyaml[2] < source.lineCount {
            precondition(mine == libyaml, "a looked-up position differs from libyaml's mark")
        }
    }
    return 0
}

/// Keeps the values streamed to it.
private final class Sink: YAMLEntrySink, @unchecked Sendable {
    var values: [YAMLNode] = []
    func receive(key: YAMLNode, value: consuming YAMLNode) { values.append(value) }
}

/// Aliases repeat their anchor's node (and its position), and merge keys reorder: compared only without them.
private func hasAlias(_ bytes: [UInt8]) -> Bool { bytes.contains(UInt8(ascii: "*")) || bytes.contains(UInt8(ascii: "<")) }

private func summary(_ diagnostic: Diagnostic) -> String {
    "\(diagnostic.id) \(diagnostic.message) \(diagnostic.span.start.offset)-\(diagnostic.span.end.offset) \(diagnostic.notes.count)"
}

private func dump(_ node: YAMLNode?) -> String {
    guard let node else { return "nil" }
    var out = ""
    func walk(_ node: YAMLNode) {
        out += "\(node.offsets)"
        switch node.content {
        case .scalar(let scalar): out += "s\(scalar.style):\(scalar.value.utf8.count):\(scalar.value);"
        case .sequence(let items):
            out += "["
            for item in items { walk(item) }
            out += "]"
        case .mapping(let pairs):
            out += "{"
            for pair in pairs { walk(pair.key); walk(pair.value) }
            out += "}"
        }
    }
    walk(node)
    return out
}
