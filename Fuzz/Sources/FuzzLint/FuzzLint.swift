import LadderDiagnostics
import LadderLint

/// The whole linter (YAML, decoder, analyzer, rules) on arbitrary bytes.
@_cdecl("LLVMFuzzerTestOneInput")
public func LLVMFuzzerTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let source = SourceFile(path: "fuzz.yaml", bytes: Array(UnsafeBufferPointer(start: data, count: size)))
    for diagnostic in Linter().lint(source) {
        precondition(diagnostic.span.start.line >= 1, "diagnostic without a line")
    }
    return 0
}
