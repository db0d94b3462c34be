/// Bounds that keep hostile input from exhausting time or memory.
public struct YAMLLimits: Sendable {
    /// Most nodes a document may expand to, counting every alias as a full copy of its anchor.
    /// A "billion laughs" file stops here with a diagnostic instead of exhausting memory.
    public var maxExpandedNodes: Int
    /// Deepest nesting of mappings and lists.
    public var maxDepth: Int

    public init(maxExpandedNodes: Int = 1_000_000, maxDepth: Int = 256) {
        self.maxExpandedNodes = maxExpandedNodes
        self.maxDepth = maxDepth
    }

    public static let `default` = YAMLLimits()
}
