/// How serious a finding is.
public enum Severity: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case note
    case warning
    case error

    private var rank: Int {
        switch self {
        case .note: 0
        case .warning: 1
        case .error: 2
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// A finding about a source file: a rule id, a severity, a message and a primary span, with
/// optional notes (each possibly pointing elsewhere), a hint and a machine-applicable fix.
///
/// Diagnostics are values: whoever finds a problem builds one; formatters turn them into text,
/// JSON, SARIF or GitHub annotations.
public struct Diagnostic: Hashable, Sendable {
    /// A secondary message, optionally located.
    public struct Note: Hashable, Sendable {
        public var message: String
        public var span: SourceSpan?
        public init(_ message: String, span: SourceSpan? = nil) {
            self.message = message
            self.span = span
        }
    }

    /// A replacement of the text under `span` that fixes the problem.
    public struct FixIt: Hashable, Sendable {
        public var span: SourceSpan
        public var replacement: String
        public init(span: SourceSpan, replacement: String) {
            self.span = span
            self.replacement = replacement
        }
    }

    /// The stable id of the rule that produced this diagnostic, e.g. `needs-cycle`.
    public var id: String
    public var severity: Severity
    public var message: String
    public var span: SourceSpan
    public var notes: [Note]
    public var hint: String?
    public var fixIt: FixIt?

    public init(
        id: String,
        severity: Severity = .error,
        message: String,
        span: SourceSpan,
        notes: [Note] = [],
        hint: String? = nil,
        fixIt: FixIt? = nil
    ) {
        self.id = id
        self.severity = severity
        self.message = message
        self.span = span
        self.notes = notes
        self.hint = hint
        self.fixIt = fixIt
    }
}

extension Diagnostic {
    /// Orders diagnostics by file, then position, then rule id: the order users read them in.
    public static func sourceOrder(_ a: Diagnostic, _ b: Diagnostic) -> Bool {
        if a.span.fileID != b.span.fileID { return a.span.file < b.span.file }
        if a.span.start != b.span.start { return a.span.start < b.span.start }
        return a.id < b.id
    }
}
