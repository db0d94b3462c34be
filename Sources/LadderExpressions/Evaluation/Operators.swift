/// The runtime meaning of every operator and function, shared by the compiled closures, the
/// explaining interpreter and constant folding, so they cannot disagree.
///
/// Every function is total: operands of an unexpected type (a context that breaks the schema)
/// give `null` or `false`, never a trap.
/// - `==`/`!=` treat null as a value; `int` and `number` compare by value.
/// - `< <= > >=` with null (or incomparable operands) are false.
/// - Arithmetic and functions with a null operand give null; so do integer overflow, division by
///   zero, non-finite numbers and text longer than ``maximumTextBytes``.
/// - `and`/`or`/`not` treat null as false; `x in list` with null `x` is false.
public enum Operators {
    /// Longest text that `+`, `lower` and `upper` produce, in UTF-8 bytes (1 MiB); longer results are null.
    public static let maximumTextBytes = 1 << 20

    // MARK: - Comparison

    /// `a == b`.
    public static func equals(_ a: Value, _ b: Value) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.int(let x), .int(let y)): return x == y
        case (.number(let x), .number(let y)): return x == y
        case (.int(let x), .number(let y)): return Double(x) == y
        case (.number(let x), .int(let y)): return x == Double(y)
        case (.string(let x), .string(let y)): return x == y
        case (.duration(let x), .duration(let y)): return x == y
        case (.time(let x), .time(let y)): return x == y
        case (.list(let x), .list(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { equals($0, $1) }
        default: return false
        }
    }

    /// The order of `a` and `b` (negative, zero, positive), or nil when they have none (null,
    /// different types, NaN). Strings compare as Swift strings (Unicode canonical order).
    @inline(__always)
    public static func compare(_ a: Value, _ b: Value) -> Int? {
        switch (a, b) {
        case (.int(let x), .int(let y)): return order(x, y)
        case (.number(let x), .number(let y)): return order(x, y)
        case (.int(let x), .number(let y)): return order(Double(x), y)
        case (.number(let x), .int(let y)): return order(x, Double(y))
        case (.duration(let x), .duration(let y)), (.time(let x), .time(let y)): return order(x, y)
        case (.string(let x), .string(let y)): return order(x, y)
        default: return nil
        }
    }

    @inline(__always)
    static func order<T: Comparable>(_ x: T, _ y: T) -> Int? {
        x < y ? -1 : x == y ? 0 : x > y ? 1 : nil
    }

    /// `a < b`, `a <= b`, `a > b`, `a >= b`.
    public static func ordered(_ op: BinaryOperator, _ a: Value, _ b: Value) -> Bool {
        guard let order = compare(a, b) else { return false }
        return holds(op, order)
    }

    @inline(__always)
    static func holds(_ op: BinaryOperator, _ order: Int) -> Bool {
        switch op {
        case .less: order < 0
        case .lessOrEqual: order <= 0
        case .greater: order > 0
        case .greaterOrEqual: order >= 0
        default: false
        }
    }

    /// `x in list`: false when `x` is null or `list` is not a list.
    public static func isIn(_ element: Value, _ list: Value) -> Bool {
        guard !element.isNull, case .list(let values) = list else { return false }
        return values.contains { equals(element, $0) }
    }

    /// `text matches "pattern"`: false unless `text` is text.
    public static func matches(_ text: Value, _ regex: RegularExpression) -> Bool {
        guard case .string(let string) = text else { return false }
        return regex.matches(string)
    }

    // MARK: - Arithmetic

    /// `-a`.
    public static func negate(_ a: Value) -> Value {
        switch a {
        case .int(let x): return x == .min ? .null : .int(-x)
        case .number(let x): return .number(-x)
        case .duration(let x): return x == .min ? .null : .duration(-x)
        default: return .null
        }
    }

    /// `a + b`, `a - b`, `a * b`, `a / b`.
    public static func arithmetic(_ op: BinaryOperator, _ a: Value, _ b: Value) -> Value {
        switch op {
        case .add: add(a, b)
        case .subtract: subtract(a, b)
        case .multiply: multiply(a, b)
        case .divide: divide(a, b)
        default: .null
        }
    }

    /// Numbers as doubles when at least one is a `number` and neither is null.
    @inline(__always)
    private static func doubles(_ a: Value, _ b: Value) -> (Double, Double)? {
        switch (a, b) {
        case (.number(let x), .number(let y)): (x, y)
        case (.int(let x), .number(let y)): (Double(x), y)
        case (.number(let x), .int(let y)): (x, Double(y))
        default: nil
        }
    }

    private static func number(_ x: Double) -> Value { x.isFinite ? .number(x) : .null }

    private static func checked(_ result: (partialValue: Int64, overflow: Bool), _ wrap: (Int64) -> Value) -> Value {
        result.overflow ? .null : wrap(result.partialValue)
    }

    /// Seconds from a double, rounded to the nearest second; null out of range.
    private static func seconds(_ x: Double) -> Value {
        Int64(exactly: x.rounded()).map { .duration($0) } ?? .null
    }

    public static func add(_ a: Value, _ b: Value) -> Value {
        switch (a, b) {
        case (.int(let x), .int(let y)): return checked(x.addingReportingOverflow(y), Value.int)
        case (.duration(let x), .duration(let y)): return checked(x.addingReportingOverflow(y), Value.duration)
        case (.time(let x), .duration(let y)), (.duration(let y), .time(let x)): return checked(x.addingReportingOverflow(y), Value.time)
        case (.string(let x), .string(let y)):
            return x.utf8.count + y.utf8.count > maximumTextBytes ? .null : .string(x + y)
        default:
            guard let (x, y) = doubles(a, b) else { return .null }
            return number(x + y)
        }
    }

    public static func subtract(_ a: Value, _ b: Value) -> Value {
        switch (a, b) {
        case (.int(let x), .int(let y)): return checked(x.subtractingReportingOverflow(y), Value.int)
        case (.duration(let x), .duration(let y)): return checked(x.subtractingReportingOverflow(y), Value.duration)
        case (.time(let x), .duration(let y)): return checked(x.subtractingReportingOverflow(y), Value.time)
        case (.time(let x), .time(let y)): return checked(x.subtractingReportingOverflow(y), Value.duration)
        default:
            guard let (x, y) = doubles(a, b) else { return .null }
            return number(x - y)
        }
    }

    public static func multiply(_ a: Value, _ b: Value) -> Value {
        switch (a, b) {
        case (.int(let x), .int(let y)): return checked(x.multipliedReportingOverflow(by: y), Value.int)
        case (.duration(let x), .int(let y)), (.int(let y), .duration(let x)):
            return checked(x.multipliedReportingOverflow(by: y), Value.duration)
        case (.duration(let x), .number(let y)), (.number(let y), .duration(let x)):
            return seconds(Double(x) * y)
        default:
            guard let (x, y) = doubles(a, b) else { return .null }
            return number(x * y)
        }
    }

    /// Integer division truncates toward zero; any division by zero is null.
    public static func divide(_ a: Value, _ b: Value) -> Value {
        switch (a, b) {
        case (.int(let x), .int(let y)):
            return y == 0 ? .null : checked(x.dividedReportingOverflow(by: y), Value.int)
        case (.duration(let x), .int(let y)):
            return y == 0 ? .null : checked(x.dividedReportingOverflow(by: y), Value.duration)
        case (.duration(let x), .number(let y)):
            return y == 0 ? .null : seconds(Double(x) / y)
        case (.duration(let x), .duration(let y)):
            return y == 0 ? .null : number(Double(x) / Double(y))
        default:
            guard let (x, y) = doubles(a, b), y != 0 else { return .null }
            return number(x / y)
        }
    }

    // MARK: - Functions

    /// `has(path)`.
    public static func has(_ a: Value) -> Bool { !a.isNull }

    /// `size(x)`: elements of a list, characters of text.
    public static func size(_ a: Value) -> Value {
        switch a {
        case .list(let values): .int(Int64(values.count))
        case .string(let text): .int(Int64(text.count))
        default: .null
        }
    }

    /// `contains(text, part)` (UTF-8 bytes, linear time) or `contains(list, element)`.
    public static func contains(_ a: Value, _ b: Value) -> Value {
        switch (a, b) {
        case (.string(let text), .string(let part)): .bool(Text.find(part, in: text))
        case (.list(let values), _) where !b.isNull: .bool(values.contains { equals($0, b) })
        default: .null
        }
    }

    /// `starts_with(text, prefix)`, comparing UTF-8 bytes.
    public static func startsWith(_ a: Value, _ b: Value) -> Value {
        guard case .string(let text) = a, case .string(let prefix) = b else { return .null }
        return .bool(text.utf8.starts(with: prefix.utf8))
    }

    /// `ends_with(text, suffix)`, comparing UTF-8 bytes.
    public static func endsWith(_ a: Value, _ b: Value) -> Value {
        guard case .string(let text) = a, case .string(let suffix) = b else { return .null }
        return .bool(text.utf8.reversed().starts(with: suffix.utf8.reversed()))
    }

    /// `lower(text)`.
    public static func lower(_ a: Value) -> Value {
        guard case .string(let text) = a else { return .null }
        return bounded(text.lowercased())
    }

    /// `upper(text)` (which may lengthen text: "ß" becomes "SS").
    public static func upper(_ a: Value) -> Value {
        guard case .string(let text) = a else { return .null }
        return bounded(text.uppercased())
    }

    /// Text no longer than ``maximumTextBytes``, else null.
    private static func bounded(_ text: String) -> Value {
        text.utf8.count > maximumTextBytes ? .null : .string(text)
    }

    /// A call of a built-in function with already evaluated arguments (shared by the evaluator,
    /// the interpreter and the linter's abstract evaluation).
    public static func call(_ function: BuiltinFunction, _ arguments: [Value]) -> Value {
        let first = arguments.first ?? .null
        let second = arguments.count > 1 ? arguments[1] : .null
        return switch function {
        case .has: .bool(has(first))
        case .size: size(first)
        case .contains: contains(first, second)
        case .startsWith: startsWith(first, second)
        case .endsWith: endsWith(first, second)
        case .lower: lower(first)
        case .upper: upper(first)
        }
    }
}

/// Substring search in linear time (Knuth–Morris–Pratt over UTF-8 bytes).
enum Text {
    static func find(_ part: String, in text: String) -> Bool {
        let needle = Array(part.utf8)
        guard !needle.isEmpty else { return true }
        var failure = [Int](repeating: 0, count: needle.count)
        var k = 0
        for i in 1..<needle.count {
            while k > 0, needle[i] != needle[k] { k = failure[k - 1] }
            if needle[i] == needle[k] { k += 1 }
            failure[i] = k
        }
        var matched = 0
        for byte in text.utf8 {
            while matched > 0, byte != needle[matched] { matched = failure[matched - 1] }
            if byte == needle[matched] { matched += 1 }
            if matched == needle.count { return true }
        }
        return false
    }
}
