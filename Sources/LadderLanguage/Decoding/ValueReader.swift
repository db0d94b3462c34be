import LadderDiagnostics
import LadderExpressions
import LadderTime
import LadderYAML

/// Reads a YAML value as a value of a field's type: the schema, not YAML, decides what `NO`,
/// `1.0` or `2026-12-24` mean. Used for defaults, scenario cases and updates.
public enum ValueReader {
    /// Why a value does not fit its field.
    public struct Problem: Error, Sendable {
        public var message: String
        public var span: SourceSpan
        public var hint: String?

        public func diagnostic(context: String) -> Diagnostic {
            Diagnostic(id: "invalid-value", message: "\(context): \(message)", span: span, hint: hint)
        }
    }

    public static func read(_ node: YAMLNode, as type: FieldType, source: SourceFile) -> Result<Value, Problem> {
        if node.isNull { return .success(.null) }
        if case .list(let element) = type {
            guard let items = node.items else {
                return .failure(Problem(message: "expected a list, found \(node.kindDescription)", span: node.span(in: source),
                                        hint: "write `[a, b]`"))
            }
            var values: [Value] = []
            values.reserveCapacity(items.count)
            for item in items {
                switch read(item, as: element, source: source) {
                case .success(let value): values.append(value)
                case .failure(let problem): return .failure(problem)
                }
            }
            return .success(.list(values))
        }
        guard let text = node.text else {
            return .failure(Problem(message: "expected a single \(type) value, found \(node.kindDescription)", span: node.span(in: source), hint: nil))
        }
        return read(text: text, as: type).mapError { Problem(message: $0.message, span: node.span(in: source), hint: $0.hint) }
    }

    /// The reason a text is not a value of a type.
    public struct TextProblem: Error, Sendable {
        public var message: String
        public var hint: String?
    }

    /// Reads a scalar text as a value of `type` (not a list).
    public static func read(text: String, as type: FieldType) -> Result<Value, TextProblem> {
        switch type {
        case .string:
            return .success(.string(text))
        case .int:
            guard let number = Int64(text) else {
                return .failure(TextProblem(message: "\"\(text)\" is not a whole number", hint: nil))
            }
            return .success(.int(number))
        case .number:
            guard let number = Double(text), number.isFinite else {
                return .failure(TextProblem(message: "\"\(text)\" is not a number", hint: nil))
            }
            return .success(.number(number))
        case .bool:
            switch text {
            case "true": return .success(.bool(true))
            case "false": return .success(.bool(false))
            default: return .failure(TextProblem(message: "\"\(text)\" is not true or false", hint: "write `true` or `false`"))
            }
        case .duration:
            switch DurationValue.parse(text) {
            case .success(let duration): return .success(.duration(duration.wallSeconds))
            case .failure(let error): return .failure(TextProblem(message: error.message, hint: nil))
            }
        case .time:
            switch Instant.parse(text) {
            case .success(let instant): return .success(.time(instant.seconds))
            case .failure(let error): return .failure(TextProblem(message: "\"\(text)\" is not a time: \(error)", hint: "write e.g. 2026-11-20T17:30:00+01:00"))
            }
        case .enumeration(let values):
            guard values.contains(text) else {
                let suggestion = Suggestions.closest(to: text, in: values)
                return .failure(TextProblem(message: "\"\(text)\" is not one of \(values.joined(separator: ", "))",
                                            hint: suggestion.map { "did you mean \"\($0)\"?" }))
            }
            return .success(.string(text))
        case .list:
            return .failure(TextProblem(message: "expected a list", hint: "write `[a, b]`"))
        }
    }
}
