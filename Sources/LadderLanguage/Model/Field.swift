import LadderDiagnostics
import LadderExpressions

/// A field of the case schema: `priority: { enum: [P1, P2], required: true }`.
public struct Field: Sendable {
    /// The dotted name without `case.`, e.g. `customer.tier`.
    public var name: Located<String>
    public var type: FieldType
    public var required: Bool
    public var defaultValue: Located<Value>?
    /// Where the type is written (the whole field definition).
    public var span: SourceSpan

    public init(name: Located<String>, type: FieldType, required: Bool, defaultValue: Located<Value>?, span: SourceSpan) {
        self.name = name
        self.type = type
        self.required = required
        self.defaultValue = defaultValue
        self.span = span
    }
}

/// The type of a field.
public indirect enum FieldType: Sendable, Hashable, CustomStringConvertible {
    case string, int, number, bool, duration, time
    case enumeration([String])
    case list(FieldType)

    public static let scalarNames: [String: FieldType] = [
        "string": .string, "int": .int, "number": .number, "bool": .bool, "duration": .duration, "time": .time,
    ]

    public var description: String {
        switch self {
        case .string: "string"
        case .int: "int"
        case .number: "number"
        case .bool: "bool"
        case .duration: "duration"
        case .time: "time"
        case .enumeration(let values): "enum [\(values.joined(separator: ", "))]"
        case .list(let element): "list of \(element)"
        }
    }
}
