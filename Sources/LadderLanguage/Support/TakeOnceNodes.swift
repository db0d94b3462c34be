import LadderYAML

/// YAML nodes handed out once each, by index, so that each is released as soon as its reader is
/// done with it: the decoder frees a stage's subtree once the stage is decoded, instead of
/// holding the whole tree until the model is complete. Two threads may take disjoint indices at
/// once (nothing is appended then).
final class TakeOnceNodes: @unchecked Sendable {
    private let base: UnsafeMutablePointer<YAMLNode>
    private let capacity: Int
    private(set) var count = 0

    init(capacity: Int = 0) {
        self.capacity = capacity
        base = .allocate(capacity: max(capacity, 1))
    }

    func append(_ node: YAMLNode) {
        precondition(count < capacity, "more nodes than reserved")
        (base + count).initialize(to: node)
        count += 1
    }

    /// Moves node `index` out, leaving an empty mapping at its offsets in its place.
    func take(_ index: Int) -> YAMLNode {
        precondition(index >= 0 && index < count, "no node \(index)")
        let node = (base + index).move()
        (base + index).initialize(to: YAMLNode(.mapping([]), offsets: node.offsets))
        return node
    }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }
}
