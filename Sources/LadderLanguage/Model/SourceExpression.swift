import LadderDiagnostics
import LadderYAML

/// An expression as written in the file: its text and the YAML scalar it came from, so that a
/// problem at any column of the expression can be pointed at exactly.
public struct SourceExpression: Sendable {
    public var text: String
    public var node: YAMLNode
    /// The scalar's span in the file.
    public var span: SourceSpan

    public init(text: String, node: YAMLNode, in source: SourceFile) {
        self.text = text
        self.node = node
        self.span = node.span(in: source)
    }

    /// The span of a UTF-8 byte range of `text`.
    public func span(of range: Range<Int>, in source: SourceFile) -> SourceSpan {
        node.span(ofValueRange: range, in: source)
    }
}
