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
    return 0
}

private func summary(_ diagnostic: Diagnostic) -> String {
    "\(diagnostic.id) \(diagnostic.message) \(diagnostic.span.start.offset)-\(diagnostic.span.end.offset) \(diagnostic.notes.count)"
}

private func dump(_ node: YAMLNode?) -> String {
    guard let node else { return "nil" }
    var out = ""
    func walk(_ node: YAMLNode) {
        out += "\(node.span.start.line):\(node.span.start.column)@\(node.span.start.offset)-\(node.span.end.line):\(node.span.end.column)@\(node.span.end.offset)"
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
