import LadderDiagnostics

/// The children of the collections being read, in one buffer shared by all of them: a
/// sequence's items, a mapping's keys and values alternating. Nodes are moved in and out
/// (no retain and release per node, unlike copying them through an `Array` and then
/// removing them), and the buffer only grows, so no array is allocated per collection.
///
/// A class for its `deinit` (the nodes still held when parsing stops early); it never leaves
/// the tree builder.
final class NodeStack {
    private(set) var count = 0
    private var capacity: Int
    private var storage: UnsafeMutablePointer<YAMLNode>

    init(capacity: Int = 64) {
        self.capacity = capacity
        storage = .allocate(capacity: capacity)
    }

    deinit {
        storage.deinitialize(count: count)
        storage.deallocate()
    }

    func push(_ node: consuming YAMLNode) {
        if count == capacity { grow() }
        (storage + count).initialize(to: node)
        count += 1
    }

    /// Drops the last node.
    func removeLast() {
        count -= 1
        (storage + count).deinitialize(count: 1)
    }

    /// Removes and returns the last node.
    func popLast() -> YAMLNode {
        count -= 1
        return (storage + count).move()
    }

    /// The scalar at `index`, if that node is one (for key comparisons, without copying the node).
    func scalar(at index: Int) -> YAMLScalar? {
        if case .scalar(let scalar) = storage[index].content { return scalar }
        return nil
    }

    func offsets(at index: Int) -> Range<Int> { storage[index].offsets }

    /// A copy of the last node.
    var last: YAMLNode { storage[count - 1] }

    /// Moves the nodes from `base` on into an exactly sized array.
    ///
    /// Allocated with `reserveCapacity`, which this module specializes for the element type;
    /// `init(unsafeUninitializedCapacity:)` allocates through the standard library's unspecialized
    /// code instead, which looks the storage class's generic metadata up for every array.
    func moveNodes(from base: Int) -> [YAMLNode] {
        var nodes: [YAMLNode] = []
        nodes.reserveCapacity(count - base)
        for index in base..<count { nodes.append((storage + index).move()) }
        count = base
        return nodes
    }

    /// Moves the keys and values from `base` on into an exactly sized array of pairs (allocated
    /// as in ``moveNodes(from:)``). A key without its value (parsing stopped) is dropped.
    func movePairs(from base: Int) -> [YAMLPair] {
        if (count - base) & 1 == 1 { removeLast() }
        var pairs: [YAMLPair] = []
        pairs.reserveCapacity((count - base) / 2)
        for index in stride(from: base, to: count, by: 2) {
            pairs.append(YAMLPair(key: (storage + index).move(), value: (storage + index + 1).move()))
        }
        count = base
        return pairs
    }

    private func grow() {
        let bigger = UnsafeMutablePointer<YAMLNode>.allocate(capacity: capacity * 2)
        bigger.moveInitialize(from: storage, count: count)
        storage.deallocate()
        storage = bigger
        capacity *= 2
    }
}
