import LadderDiagnostics
/// What a path resolved to, chosen by the scope and handed back to the ``EvaluationContext``.
///
/// This module never interprets it; the workflow compiler decides what namespaces, indexes and
/// properties mean (for example namespace "stage", index of the stage, property "outcome").
public struct PathReference: Hashable, Sendable, CustomStringConvertible {
    public var namespace: UInt8
    public var index: Int32
    public var property: UInt8

    public init(namespace: UInt8, index: Int32, property: UInt8 = 0) {
        self.namespace = namespace
        self.index = index
        self.property = property
    }

    public var description: String { "\(namespace):\(index).\(property)" }

    /// A placeholder for storage not yet filled.
    static let none = PathReference(namespace: 0, index: 0)
}

/// The scope's answer for a dotted path.
public enum PathResolution: Hashable, Sendable {
    case resolved(PathReference, ExprType)
    /// `message` says what is wrong (`case.teir is not a field`); `hint` is typically
    /// `did you mean case.customer.tier?`.
    case unknown(message: String, hint: String?)
}

/// The names an expression may read. `now` is a path like any other: a scope that offers it
/// resolves `["now"]` to a reference of type `time`, and the context returns the current time.
public protocol ExpressionScope: Sendable {
    /// Resolves every segment of a path at once: `case.customer.tier` is `["case", "customer", "tier"]`.
    func resolve(_ segments: [String]) -> PathResolution
}

/// A scope from a table of dotted paths, with "did you mean" hints. Handy for tests and for
/// callers whose schema is a flat list of paths.
public struct PathTable: ExpressionScope {
    public private(set) var entries: [String: (reference: PathReference, type: ExprType)] = [:]
    /// The entries by segments, so resolving a path needs neither a dotted string nor hashing
    /// every byte: an open-addressing table of row numbers, keyed by a summary of the segments.
    private var rows: [(segments: [String], reference: PathReference, type: ExprType)] = []
    /// Row numbers, -1 for an empty slot; the count is a power of two, at least twice the rows.
    private var slots: [Int32] = []

    /// The segment count, each segment's length, and the last segment's last two bytes, mixed.
    private static func summary(_ segments: [String]) -> Int {
        var summary = UInt64(truncatingIfNeeded: segments.count)
        for segment in segments { summary = summary &* 31 &+ UInt64(truncatingIfNeeded: segment.utf8.count) }
        if var last = segments.last {
            summary = summary &* 65_599 &+ last.withUTF8 { bytes in
                bytes.count < 2 ? UInt64(bytes.first ?? 0) : UInt64(bytes[bytes.count - 1]) << 8 | UInt64(bytes[bytes.count - 2])
            }
        }
        return Int(truncatingIfNeeded: (summary &* 0x9E37_79B9_7F4A_7C15) >> 32)
    }

    /// The row of `segments`, or the empty slot where it would go.
    private func find(_ segments: [String]) -> (row: Int?, slot: Int) {
        guard !slots.isEmpty else { return (nil, 0) }
        let mask = slots.count - 1
        var slot = Self.summary(segments) & mask
        while true {
            let row = Int(slots[slot])
            if row < 0 { return (nil, slot) }
            if rows[row].segments == segments { return (row, slot) }
            slot = (slot + 1) & mask
        }
    }

    private mutating func insert(_ segments: [String], _ reference: PathReference, _ type: ExprType) {
        let (row, _) = find(segments)
        if let row {
            rows[row].reference = reference
            rows[row].type = type
            return
        }
        rows.append((segments, reference, type))
        if rows.count * 2 > slots.count {
            slots = Array(repeating: -1, count: max(8, slots.count * 2))
            for (index, row) in rows.enumerated() { slots[find(row.segments).slot] = Int32(index) }
        } else {
            slots[find(segments).slot] = Int32(rows.count - 1)
        }
    }

    public init() {}

    /// Builds a table numbering the paths in namespace 0 in the order given.
    public init(_ paths: KeyValuePairs<String, ExprType>) {
        for (path, type) in paths { add(path, type) }
    }

    /// Adds (or retypes) a path; without a reference, a new path gets the next index in namespace 0
    /// and a known one keeps its reference.
    @discardableResult
    public mutating func add(_ path: String, _ type: ExprType, reference: PathReference? = nil) -> PathReference {
        let reference = reference ?? entries[path]?.reference ?? PathReference(namespace: 0, index: Int32(entries.count))
        entries[path] = (reference, type)
        insert(path.split(separator: ".", omittingEmptySubsequences: false).map(String.init), reference, type)
        return reference
    }

    public func resolve(_ segments: [String]) -> PathResolution {
        if let row = find(segments).row { return .resolved(rows[row].reference, rows[row].type) }
        // Segments holding dots still name the dotted path they spell.
        let dotted = segments.joined(separator: ".")
        if let entry = entries[dotted] { return .resolved(entry.reference, entry.type) }
        let suggestion = Suggestions.closest(to: dotted, in: entries.keys.sorted())
        return .unknown(message: "unknown path \(dotted)", hint: suggestion.map { "did you mean \($0)?" })
    }
}
