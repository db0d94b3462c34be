import LadderDiagnostics

/// A node of a YAML document with the span it was read from.
///
/// Scalars keep their text and quoting style: Ladder types values by its schema, never by YAML's
/// implicit typing, so `NO`, `1.0` and `2026-12-24` stay text until a field says what they are.
public struct YAMLNode: Sendable {
    public enum Content: Sendable {
        case scalar(YAMLScalar)
        case sequence([YAMLNode])
        case mapping([YAMLPair])
    }

    public var content: Content
    // Byte offsets in the file, 32 bits each (as in `SourceLocation`): line and column are
    // looked up in the file's line table when a span is asked for, so a node is 32 bytes, not
    // 48 (nodes are most of a tree's memory).
    private var start: UInt32
    private var end: UInt32

    public init(_ content: Content, offsets: Range<Int>) {
        self.content = content
        self.start = UInt32(clamping: offsets.lowerBound)
        self.end = UInt32(clamping: offsets.upperBound)
    }

    /// A node at a span's byte offsets (its line and column are looked up again from them).
    public init(_ content: Content, span: SourceSpan) {
        self.init(content, offsets: span.start.offset..<max(span.start.offset, span.end.offset))
    }

    /// The UTF-8 byte offsets in the file where the node starts and ends.
    public var offsets: Range<Int> { Int(start)..<Int(end) }

    /// The node's span in `source`, the file it was read from.
    public func span(in source: SourceFile) -> SourceSpan { source.span(offsets) }

    /// The scalar, if this node is one.
    public var scalar: YAMLScalar? {
        if case .scalar(let scalar) = content { return scalar }
        return nil
    }

    /// The scalar's text, if this node is a scalar.
    public var text: String? { scalar?.value }

    /// The items, if this node is a sequence.
    public var items: [YAMLNode]? {
        if case .sequence(let items) = content { return items }
        return nil
    }

    /// The key/value pairs in document order, if this node is a mapping.
    public var pairs: [YAMLPair]? {
        if case .mapping(let pairs) = content { return pairs }
        return nil
    }

    /// Moves a mapping's pairs out of the node, which is left an empty mapping. When the node
    /// held the only reference to them, the caller then owns the pairs uniquely and can release
    /// the values one by one (the decoder frees each stage's subtree once it is decoded).
    public mutating func takePairs() -> [YAMLPair]? {
        guard case .mapping(let pairs) = content else { return nil }
        content = .mapping([])
        return pairs
    }

    /// Moves the value of `key` out of a mapping node, leaving an empty mapping in its place
    /// (the key and its position stay). Nil when the node is not a mapping or has no such key.
    public mutating func takeValue(forKey key: String) -> YAMLNode? {
        guard var pairs = takePairs() else { return nil }
        defer { content = .mapping(pairs) }
        guard let index = pairs.firstIndex(where: { $0.key.text == key }) else { return nil }
        let value = pairs[index].value
        pairs[index].value = YAMLNode(.mapping([]), offsets: value.offsets)
        return value
    }

    /// Whether this node is YAML's null: an empty plain scalar, `~` or `null`.
    public var isNull: Bool { scalar?.isNull ?? false }

    /// The value under a scalar key of a mapping.
    public subscript(key: String) -> YAMLNode? {
        pairs?.first { $0.key.text == key }?.value
    }

    /// A word for the node's kind, used in messages: "a mapping", "a list", "text".
    public var kindDescription: String {
        switch content {
        case .scalar(let scalar): scalar.isNull ? "null" : "a single value"
        case .sequence: "a list"
        case .mapping: "a mapping"
        }
    }
}

/// A key and its value in a mapping.
public struct YAMLPair: Sendable {
    public var key: YAMLNode
    public var value: YAMLNode

    public init(key: YAMLNode, value: YAMLNode) {
        self.key = key
        self.value = value
    }
}

/// A scalar's text and how it was written.
public struct YAMLScalar: Sendable, Hashable {
    public enum Style: Sendable, Hashable {
        case plain, singleQuoted, doubleQuoted, literal, folded
    }

    public var value: String
    public var style: Style

    public init(_ value: String, style: Style = .plain) {
        self.value = value
        self.style = style
    }

    /// Plain `~`, `null` (any case) or nothing at all.
    public var isNull: Bool {
        guard style == .plain else { return false }
        // By length first (O(1)): most scalars are not null, and a failed String comparison
        // is a call into the runtime.
        switch value.utf8.count {
        case 0: return true
        case 1: return value == "~"
        case 4: return value == "null" || value == "Null" || value == "NULL"
        default: return false
        }
    }
}
