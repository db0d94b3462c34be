import LadderExpressions

/// Copies of a case's field values made by a loop specialized for `Value`. The standard
/// library's copy-on-write copies through generic value witnesses (~1,100 instructions for
/// fifteen fields); a case's fields are copied on a case's first change after a message kept a
/// snapshot of them, and on every open (from the workflow's defaults).
enum FieldValues {
    /// A copy of `values` in storage of its own.
    @inline(never)
    static func copy(_ values: [Value]) -> [Value] {
        // Appended one by one: `reserveCapacity` allocates through specialized code, where
        // `Array(unsafeUninitializedCapacity:)` looks up the storage's generic metadata (~600).
        var copy: [Value] = []
        copy.reserveCapacity(values.count)
        values.withUnsafeBufferPointer { source in
            for index in source.indices { copy.append(source[index]) }
        }
        return copy
    }

    /// Whether nothing else holds `values`' storage, so that a write changes it in place. An
    /// array is one reference to its storage on platforms without Objective-C bridging (checked
    /// by the tests: a shared array is seen as shared, a fresh copy as unique).
    @inline(__always)
    static func isUnique(_ values: inout [Value]) -> Bool {
        withUnsafeMutablePointer(to: &values) { pointer in
            UnsafeMutableRawPointer(pointer).withMemoryRebound(to: StorageReference.self, capacity: 1) {
                isKnownUniquelyReferenced(&$0.pointee)
            }
        }
    }

    /// Stands for an array's storage object while its reference count is read (nothing else
    /// of it is touched).
    private final class StorageReference {}

    /// Sets `values[slot]`, copying shared storage with `copy` first (not generically).
    @inline(__always)
    static func set(_ values: inout [Value], _ slot: Int, _ value: Value) {
        if !isUnique(&values) { values = copy(values) }
        values[slot] = value
    }
}
