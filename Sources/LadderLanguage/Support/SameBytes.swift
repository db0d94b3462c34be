extension UnsafeBufferPointer<UInt8> {
    /// Whether both buffers hold the same bytes: an indexed loop, a few instructions a byte,
    /// where the generic `elementsEqual` walks two iterators.
    func sameBytes(as other: UnsafeBufferPointer<UInt8>) -> Bool {
        guard count == other.count else { return false }
        for index in 0..<count where self[index] != other[index] { return false }
        return true
    }
}
