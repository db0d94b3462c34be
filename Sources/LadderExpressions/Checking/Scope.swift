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
        return reference
    }

    public func resolve(_ segments: [String]) -> PathResolution {
        let dotted = segments.joined(separator: ".")
        if let entry = entries[dotted] { return .resolved(entry.reference, entry.type) }
        let suggestion = Suggestions.closest(to: dotted, in: entries.keys.sorted())
        return .unknown(message: "unknown path \(dotted)", hint: suggestion.map { "did you mean \($0)?" })
    }
}
