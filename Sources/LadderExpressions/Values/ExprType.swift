/// The static type of an expression or path.
public indirect enum ExprType: Hashable, Sendable {
    case bool
    case int
    case number
    case string
    /// Whole seconds at runtime (``Value/duration(_:)``).
    case duration
    /// Seconds since the Unix epoch at runtime (``Value/time(_:)``).
    case time
    /// A closed set of strings, e.g. `case.priority`. `name` is used in messages
    /// (`"P9" is not a value of case.priority`); at runtime the values are plain strings.
    case enumeration(name: String, values: [String])
    case list(ExprType)
    /// The type of the literal `null`; it compares equal to nothing but `null`.
    case null

    /// Whether values of this type are strings at runtime (`string` or an enum).
    public var isStringLike: Bool {
        switch self {
        case .string, .enumeration: true
        default: false
        }
    }

    /// Whether this is `int` or `number`.
    public var isNumeric: Bool { self == .int || self == .number }

    /// The element type of a list.
    public var elementType: ExprType? {
        if case .list(let element) = self { return element }
        return nil
    }

    /// The values of an enum.
    public var enumValues: [String]? {
        if case .enumeration(_, let values) = self { return values }
        return nil
    }
}

extension ExprType: CustomStringConvertible {
    /// How messages name the type: `string`, `enum case.priority`, `list of string`.
    public var description: String {
        switch self {
        case .bool: "bool"
        case .int: "int"
        case .number: "number"
        case .string: "string"
        case .duration: "duration"
        case .time: "time"
        case .enumeration(let name, _): "enum \(name)"
        case .list(let element): "list of \(element)"
        case .null: "null"
        }
    }
}
