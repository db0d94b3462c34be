/// A problem found in an expression, located by UTF-8 byte offsets in the expression's text.
///
/// The workflow decoder shifts `range` by the expression's position in the file to build a full
/// diagnostic; this module knows nothing of files.
public struct ExpressionDiagnostic: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of problem; the raw value is the stable rule id.
    public enum Kind: String, Hashable, Sendable, CaseIterable {
        /// The text is not an expression (also: invalid regular expression, limits exceeded).
        case syntax = "expression-syntax"
        /// Operands, arguments or the whole expression have the wrong type.
        case typeMismatch = "type-mismatch"
        /// A string literal compared with an enum is not one of its values.
        case enumLiteral = "enum-literal"
        /// A path or function that does not exist.
        case unknownReference = "unknown-reference"
        /// A condition that reads no path, so it is always true or always false (a warning).
        case constantCondition = "constant-condition"
    }

    /// How serious the problem is.
    public enum Severity: String, Hashable, Sendable {
        case warning
        case error
    }

    public var kind: Kind
    public var message: String
    /// UTF-8 byte offsets in the expression text.
    public var range: Range<Int>
    public var notes: [String]
    public var hint: String?

    public init(_ kind: Kind, _ message: String, at range: Range<Int>, notes: [String] = [], hint: String? = nil) {
        self.kind = kind
        self.message = message
        self.range = range
        self.notes = notes
        self.hint = hint
    }

    /// The stable rule id, e.g. `enum-literal`.
    public var id: String { kind.rawValue }

    /// Only `constant-condition` is a warning; everything else stops the expression compiling.
    public var severity: Severity { kind == .constantCondition ? .warning : .error }

    /// `0..<6: error: message [id]`, then notes and hint, for tests and logs.
    public var description: String {
        var out = "\(range.lowerBound)..<\(range.upperBound): \(severity.rawValue): \(message) [\(id)]"
        for note in notes { out += "\n  note: \(note)" }
        if let hint { out += "\n  hint: \(hint)" }
        return out
    }
}
