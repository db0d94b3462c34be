@testable import LadderEngine
import LadderExpressions
import Testing

/// Field values copied by the specialized loop, and copied only when shared.
@Suite struct FieldValuesTests {
    // Uniqueness is read outside `#expect`, which keeps copies of the values it shows.
    @Test func aCopyOfFieldValuesIsEqualAndIndependent() {
        var original: [Value] = [.null, .string("a long string value, not inline"), .int(3), .list([.string("x")]), .bool(true)]
        var copy = FieldValues.copy(original)
        let equal = copy == original
        copy[1] = .string("changed")
        let copyUnique = FieldValues.isUnique(&copy), originalUnique = FieldValues.isUnique(&original)
        let originalKept = original[1] == .string("a long string value, not inline")
        #expect(equal && originalKept && copyUnique && originalUnique)
        #expect(FieldValues.copy([]).isEmpty)
    }

    @Test func settingASharedFieldArrayLeavesTheOtherHolderUnchanged() {
        var fields: [Value] = [.string("one"), .string("two"), .int(3)]
        let uniqueAtFirst = FieldValues.isUnique(&fields)
        var snapshot: [Value]? = fields
        let sharedWhileSnapshot = !FieldValues.isUnique(&fields)
        let sharedAddress = fields.withUnsafeBufferPointer { $0.baseAddress }
        FieldValues.set(&fields, 1, .string("changed"))
        let copied = fields.withUnsafeBufferPointer { $0.baseAddress } != sharedAddress
        let uniqueAfterSet = FieldValues.isUnique(&fields)
        let snapshotKept = snapshot == [.string("one"), .string("two"), .int(3)]
        snapshot = nil
        // Unique: changed in place.
        let before = fields.withUnsafeBufferPointer { $0.baseAddress }
        FieldValues.set(&fields, 0, .null)
        let inPlace = fields.withUnsafeBufferPointer { $0.baseAddress } == before
        #expect(uniqueAtFirst && sharedWhileSnapshot && copied && uniqueAfterSet && snapshotKept && inPlace)
        #expect(fields == [.null, .string("changed"), .int(3)])
    }
}
