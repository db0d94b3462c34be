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
    public var isNumeric: Bool {
        switch self {
        case .int, .number: true
        default: false
        }
    }

    /// `list(element)`, sharing one instance per simple element type: each `list` value is a
    /// separate allocation (the enum is indirect), and most list literals hold strings.
    static func listOf(_ element: ExprType) -> ExprType {
        switch element {
        case .string: listOfString
        case .int: listOfInt
        case .number: listOfNumber
        case .null: listOfNull
        default: .list(element)
        }
    }

    private static let listOfString = ExprType.list(.string)
    private static let listOfInt = ExprType.list(.int)
    private static let listOfNumber = ExprType.list(.number)
    private static let listOfNull = ExprType.list(.null)

    /// Whether this is `bool` (a switch, cheaper than `==` on this indirect enum).
    var isBool: Bool {
        if case .bool = self { return true }
        return false
    }

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
