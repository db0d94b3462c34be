/// Collects diagnostics during a pass that must not stop at the first problem.
public struct DiagnosticBag: Sendable {
    public private(set) var diagnostics: [Diagnostic] = []

    public init() {}

    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    public mutating func append(_ diagnostic: Diagnostic) { diagnostics.append(diagnostic) }

    public mutating func append(contentsOf other: [Diagnostic]) { diagnostics.append(contentsOf: other) }

    public mutating func error(
        _ id: String, _ message: String, at span: SourceSpan,
        notes: [Diagnostic.Note] = [], hint: String? = nil, fixIt: Diagnostic.FixIt? = nil
    ) {
        diagnostics.append(Diagnostic(id: id, severity: .error, message: message, span: span, notes: notes, hint: hint, fixIt: fixIt))
    }

    public mutating func warning(
        _ id: String, _ message: String, at span: SourceSpan,
        notes: [Diagnostic.Note] = [], hint: String? = nil, fixIt: Diagnostic.FixIt? = nil
    ) {
        diagnostics.append(Diagnostic(id: id, severity: .warning, message: message, span: span, notes: notes, hint: hint, fixIt: fixIt))
    }
}
