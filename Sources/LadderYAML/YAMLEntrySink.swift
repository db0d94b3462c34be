/// Receives the entries of one mapping of a document as the parser reads them, so that a
/// caller can turn each into its own value at once, rather than after the whole tree is built.
///
/// The tree keeps the keys, each with an empty mapping at its value's offsets in place of the
/// value: a large workflow's stages are decoded, and their nodes freed, while the rest of the
/// file is still being read, so the file's whole tree never exists at once. See
/// ``YAMLParser/parse(_:limits:parallelism:streaming:into:)``.
public protocol YAMLEntrySink: AnyObject, Sendable {
    /// An entry of the streamed mapping, in document order: its key and its value, moved out
    /// of the tree. Called on the thread parsing that part of the file.
    func receive(key: YAMLNode, value: consuming YAMLNode)

    /// Before a part of the mapping is read: about how many entries the part holds and the
    /// mapping holds in all, and whether the part is the mapping's first. Counted from the
    /// lines that start a key, an estimate: for reserving room, never to be relied on.
    func expect(entries: Int, total: Int, first: Bool)
}

extension YAMLEntrySink {
    public func expect(entries: Int, total: Int, first: Bool) {}
}
