import LadderDiagnostics

/// A stage's `needs` entries, in a table shared with the other stages of the workflow (see
/// ``SharedSlice``): each entry is its stage name and, in a table read from a file, the byte
/// offsets of its span, the line and column looked up in the file when the span is asked for.
public struct NeedEntries: RandomAccessCollection, Sendable {
    @usableFromInline var table: NeedTable?
    @usableFromInline let start: Int32
    @usableFromInline let length: Int32

    /// Entries in a table of their own, their spans kept as given.
    public init(_ entries: [Located<String>]) {
        self.init(table: entries.isEmpty ? nil : NeedTable(keeping: entries), start: 0, length: Int32(entries.count))
    }

    init(table: NeedTable?, start: Int32, length: Int32) {
        self.table = length == 0 ? nil : table
        self.start = start
        self.length = length
    }

    /// The entries `range` of a table given later by `share`, while the table is being filled.
    init(pending range: Range<Int>) {
        self.init(table: nil, start: Int32(range.lowerBound), length: Int32(range.count))
    }

    /// Gives the entries their table (when there are any).
    mutating func share(_ table: NeedTable) {
        if length > 0 { self.table = table }
    }

    @inlinable public var startIndex: Int { 0 }
    @inlinable public var endIndex: Int { Int(length) }

    public subscript(position: Int) -> Located<String> {
        precondition(position >= 0 && position < Int(length), "index out of range")
        return table!.entry(Int(start) + position)
    }

    /// The stage name of entry `position`, without its span.
    @inlinable public func name(at position: Int) -> String {
        precondition(position >= 0 && position < Int(length), "index out of range")
        return table!.names[Int(start) + position]
    }

    /// The stage names, without their spans.
    @inlinable public var names: LazyMapCollection<Range<Int>, String> { indices.lazy.map { name(at: $0) } }
}

/// The `needs` entries of many stages, one list after the other. Read from a file, an entry is
/// its name and its span's byte offsets (24 bytes, not the 48 of a `Located<String>`: a large
/// workflow has thousands); given in code, it keeps its span.
@usableFromInline
final class NeedTable: Sendable {
    @usableFromInline let names: [String]
    /// Each entry's span as start and end byte offsets in `source` (start in the high half).
    let offsets: [UInt64]
    let source: SourceFile?
    /// The spans, when there is no source to look them up in.
    let spans: [SourceSpan]

    /// The entries of a file as they are read, in the table's form.
    struct Builder {
        let source: SourceFile
        private(set) var names: [String] = []
        private(set) var offsets: [UInt64] = []
        /// One stage's entries as `NodeReader` reads them, kept for its capacity.
        var read: [Located<String>] = []

        init(source: SourceFile) { self.source = source }

        var count: Int { names.count }

        /// Appends the entries in `read` (their spans made by `source.span(_:)`, as a YAML
        /// node's are), and empties it.
        mutating func appendRead() {
            for entry in read {
                assert(source.span(entry.span.start.offset..<max(entry.span.start.offset, entry.span.end.offset)) == entry.span,
                       "a need's span is not the file's span of its offsets")
                names.append(entry.value)
                offsets.append(UInt64(UInt32(truncatingIfNeeded: entry.span.start.offset)) << 32
                               | UInt64(UInt32(truncatingIfNeeded: entry.span.end.offset)))
            }
            read.removeAll(keepingCapacity: true)
        }

        /// The table of the entries appended.
        func build() -> NeedTable { NeedTable(names: names, offsets: offsets, source: source) }
    }

    private init(names: [String], offsets: [UInt64], source: SourceFile) {
        self.names = names
        self.offsets = offsets
        self.source = source
        spans = []
    }

    /// A table of entries given in code: their spans are kept as given.
    init(keeping entries: [Located<String>]) {
        names = entries.map(\.value)
        offsets = []
        spans = entries.map(\.span)
        source = nil
    }

    func entry(_ index: Int) -> Located<String> {
        guard let source else { return Located(names[index], span: spans[index]) }
        let packed = offsets[index]
        let start = Int(packed >> 32), end = Int(packed & 0xFFFF_FFFF)
        return Located(names[index], span: source.span(start..<max(start, end)))
    }
}
