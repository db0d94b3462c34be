import LadderDiagnostics

/// `{ by: case.priority, P1: 15m, P2: 1h, default: 4h }`: maps the values of an enum expression
/// to results. It must cover every value of the enum or have `default`.
public struct ByTable<Result: Sendable>: Sendable {
    public struct Entry: Sendable {
        public var key: Located<String>
        public var result: Result
    }

    public var by: SourceExpression
    public var entries: [Entry]
    public var defaultResult: Result?
    public var span: SourceSpan

    public init(by: SourceExpression, entries: [Entry], defaultResult: Result?, span: SourceSpan) {
        self.by = by
        self.entries = entries
        self.defaultResult = defaultResult
        self.span = span
    }

    /// Every result, entries first then the default.
    public var allResults: [Result] { entries.map(\.result) + (defaultResult.map { [$0] } ?? []) }
}

/// A value written directly or chosen by a `by` table.
public enum Selectable<Result: Sendable>: Sendable {
    case fixed(Result)
    case table(ByTable<Result>)

    public var allResults: [Result] {
        switch self {
        case .fixed(let result): [result]
        case .table(let table): table.allResults
        }
    }
}
