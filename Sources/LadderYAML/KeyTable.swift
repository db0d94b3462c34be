/// A set of mapping keys for the duplicate checks of large mappings: open addressing on an
/// FNV-1a hash of each key's UTF-8 bytes, keys compared exactly when hashes are equal. Cheaper
/// than `Set<String>`, which hashes each key with SipHash through the runtime.
struct KeyTable {
    /// Per slot, 1 + the index of its key in `keys`, or 0 when empty.
    private var slots: [Int]
    private var keys: [String] = []
    private var hashes: [UInt64] = []
    private var mask: Int

    /// A table for up to `capacity` keys (more still work, probing longer).
    init(capacity: Int) {
        var size = 16
        while size < capacity * 2, size < 1 << 40 { size <<= 1 }
        slots = Array(repeating: 0, count: size)
        mask = size - 1
        keys.reserveCapacity(capacity)
        hashes.reserveCapacity(capacity)
    }

    static func hash(_ key: String) -> UInt64 {
        var key = key
        return key.withUTF8 { bytes in
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
            return hash
        }
    }

    /// The slot holding `key`, or the empty slot where it would go.
    private func slot(_ key: String, _ hash: UInt64) -> Int {
        var index = Int(truncatingIfNeeded: hash ^ (hash >> 29)) & mask
        var probes = 0
        while slots[index] != 0, probes <= mask {
            let known = slots[index] - 1
            if hashes[known] == hash, keys[known] == key { return index }
            index = (index + 1) & mask
            probes += 1
        }
        return index
    }

    /// Adds `key`; false when it was already there.
    mutating func insert(_ key: String) -> Bool {
        if keys.count * 2 >= slots.count { grow() }
        let hash = KeyTable.hash(key)
        let index = slot(key, hash)
        if slots[index] != 0 { return false }
        keys.append(key)
        hashes.append(hash)
        slots[index] = keys.count
        return true
    }

    func contains(_ key: String) -> Bool {
        slots[slot(key, KeyTable.hash(key))] != 0
    }

    private mutating func grow() {
        slots = Array(repeating: 0, count: slots.count * 2)
        mask = slots.count - 1
        for known in keys.indices {
            let hash = hashes[known]
            var index = Int(truncatingIfNeeded: hash ^ (hash >> 29)) & mask
            while slots[index] != 0 { index = (index + 1) & mask }
            slots[index] = known + 1
        }
    }
}
