/// A short list (a stage's needs, the stages that need it) stored as a range of a table that
/// holds the lists of many values, one after the other.
///
/// An array per list costs an allocation and a 32-byte header each, more than the one or two
/// elements most lists have; one shared table costs neither. Reading an element costs no copy of
/// the list; `Array(_:)` makes one when needed.
public struct SharedSlice<Element: Sendable>: RandomAccessCollection, Sendable {
    @usableFromInline var table: SharedTable<Element>?
    @usableFromInline let start: Int32
    @usableFromInline let length: Int32

    /// Elements in a table of their own.
    public init(_ elements: [Element]) {
        self.init(table: elements.isEmpty ? nil : SharedTable(elements), range: 0..<elements.count)
    }

    init(table: SharedTable<Element>?, range: Range<Int>) {
        self.table = range.isEmpty ? nil : table
        start = Int32(range.lowerBound)
        length = Int32(range.count)
    }

    init(table: SharedTable<Element>?, start: Int32, length: Int32) {
        self.table = length == 0 ? nil : table
        self.start = start
        self.length = length
    }

    /// The elements `range` of a table given later by `share`, while the table is being filled.
    init(pending range: Range<Int>) {
        self.init(table: nil, range: range)
    }

    /// Gives the elements their table (when there are any).
    mutating func share(_ table: SharedTable<Element>) {
        if length > 0 { self.table = table }
    }

    @inlinable public var startIndex: Int { 0 }
    @inlinable public var endIndex: Int { Int(length) }

    @inlinable public subscript(position: Int) -> Element {
        precondition(position >= 0 && position < Int(length), "index out of range")
        return table!.elements[Int(start) + position]
    }
}

/// The table of `SharedSlice`s: their elements, one list after the other.
@usableFromInline
final class SharedTable<Element: Sendable>: Sendable {
    @usableFromInline let elements: [Element]

    init(_ elements: [Element]) {
        self.elements = elements
    }

    /// A table of an array built by appending: copied to an exact capacity when growing it left
    /// more than an eighth unused (the table lives as long as the workflow; the slack would too).
    convenience init(trimming elements: [Element]) {
        guard elements.capacity - elements.count > elements.count / 8 else {
            self.init(elements)
            return
        }
        self.init([Element](unsafeUninitializedCapacity: elements.count) { buffer, initialized in
            initialized = buffer.initialize(fromContentsOf: elements)
        })
    }
}
