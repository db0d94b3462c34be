import LadderDiagnostics
import LadderYAML

/// The YAML front-end on arbitrary bytes: must never crash, hang or exhaust memory.
@_cdecl("LLVMFuzzerTestOneInput")
public func LLVMFuzzerTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let source = SourceFile(path: "fuzz.yaml", bytes: Array(UnsafeBufferPointer(start: data, count: size)))
    let (root, diagnostics) = YAMLParser.parse(source, limits: YAMLLimits(maxExpandedNodes: 100_000, maxDepth: 128))
    // Every diagnostic must point inside the file.
    for diagnostic in diagnostics {
        precondition(diagnostic.span.start.line >= 1 && diagnostic.span.start.line <= source.lineCount + 1)
        precondition(diagnostic.span.start.offset >= 0 && diagnostic.span.start.offset <= size)
    }
    if let root { _ = root.span }
    return 0
}
