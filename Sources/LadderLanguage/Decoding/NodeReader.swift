import LadderDiagnostics
import LadderTime
import LadderYAML

/// Reads typed values out of YAML nodes, collecting a diagnostic for every problem and carrying
/// on, so one pass reports everything it can.
struct NodeReader: Sendable {
    let source: SourceFile
    var bag = DiagnosticBag()

    init(source: SourceFile) { self.source = source }

    // MARK: Mappings

    /// The pairs of a mapping keyed by their scalar key, after reporting unknown keys (with a
    /// "did you mean") and missing required keys. Returns nil if `node` is not a mapping or
    /// lacks a required key, so callers may rely on every required key being present.
    mutating func mapping(
        _ node: YAMLNode, in context: @autoclosure () -> String, allowed: [String], required: [String] = []
    ) -> KeyedPairs? {
        guard let pairs = node.pairs else {
            wrongType(node, expected: "a mapping", in: context())
            return nil
        }
        // Share the node's pairs array; a filtered copy is made only when a pair is left out
        // (an unknown or non-text key: an error path), so lookups never meet such a pair.
        var kept: [YAMLPair]?
        for index in pairs.indices {
            guard let key = pairs[index].key.text else {
                bag.error("wrong-type", "keys in \(context()) must be plain words", at: pairs[index].key.span(in: source))
                if kept == nil { kept = Array(pairs[..<index]) }
                continue
            }
            if KeyedPairs.isAllowed(key, in: allowed) {
                // The YAML front-end leaves one pair per key, so no search for an earlier one.
                kept?.append(pairs[index])
            } else {
                unknownKey(key, at: pairs[index].key.span(in: source), in: context(), allowed: allowed)
                if kept == nil { kept = Array(pairs[..<index]) }
            }
        }
        let result = KeyedPairs(kept ?? pairs)
        var complete = true
        for key in required where !result.contains(key) {
            bag.error("missing-key", "\(context()) is missing the required key `\(key)`", at: keySpan(of: node),
                      hint: "add `\(key): …`")
            complete = false
        }
        // Callers rely on required keys being present; an incomplete mapping is reported and skipped.
        return complete ? result : nil
    }

    mutating func unknownKey(_ key: String, at span: SourceSpan, in context: @autoclosure () -> String, allowed: [String]) {
        let suggestion = Suggestions.closest(to: key, in: allowed)
        bag.error(
            "unknown-key", "unknown key `\(key)` in \(context())", at: span,
            notes: [Diagnostic.Note("\(context()) accepts: \(allowed.joined(separator: ", "))")],
            hint: suggestion.map { "did you mean `\($0)`?" },
            fixIt: suggestion.map { Diagnostic.FixIt(span: span, replacement: $0) })
    }

    /// The span to point at for a whole mapping: its first line, not every line of it.
    func keySpan(of node: YAMLNode) -> SourceSpan {
        if let first = node.pairs?.first {
            return SourceSpan(fileID: node.span(in: source).fileID, start: node.span(in: source).start, end: first.key.span(in: source).end)
        }
        return node.span(in: source)
    }

    mutating func wrongType(_ node: YAMLNode, expected: String, in context: @autoclosure () -> String, hint: String? = nil) {
        bag.error("wrong-type", "\(context()) must be \(expected), found \(node.kindDescription)", at: node.span(in: source), hint: hint)
    }

    // MARK: Scalars

    /// The text of a scalar; a mapping or list is reported.
    mutating func text(_ node: YAMLNode, in context: @autoclosure () -> String) -> String? {
        guard let scalar = node.scalar else {
            wrongType(node, expected: "text", in: context())
            return nil
        }
        return scalar.value
    }

    /// A non-null scalar's text located at the node.
    mutating func locatedText(_ node: YAMLNode, in context: @autoclosure () -> String) -> Located<String>? {
        guard let value = text(node, in: context()) else { return nil }
        if node.isNull {
            bag.error("wrong-type", "\(context()) is empty", at: node.span(in: source), hint: "write a value after the colon")
            return nil
        }
        return Located(value, span: node.span(in: source))
    }

    /// An identifier `[a-z][a-z0-9_]*`; an invalid one is reported with the corrected name and
    /// still returned, so references to it resolve and are not reported twice.
    mutating func identifier(_ node: YAMLNode, kind: String) -> Located<String>? {
        // The common case, a valid name, straight from the scalar: nothing to report.
        if case .scalar(let scalar) = node.content, !scalar.isNull, Identifier.isValid(scalar.value) {
            return Located(scalar.value, span: node.span(in: source))
        }
        guard let located = locatedText(node, in: "a \(kind) name") else { return nil }
        checkIdentifier(located, kind: kind)
        return located
    }

    mutating func checkIdentifier(_ name: Located<String>, kind: String) {
        guard !Identifier.isValid(name.value) else { return }
        let suggestion = Suggestions.identifier(from: name.value)
        bag.error(
            "invalid-identifier", "\"\(name.value)\" is not a valid \(kind) name", at: name.span,
            notes: [Diagnostic.Note("names start with a lowercase letter and use only a-z, 0-9 and _")],
            hint: "rename it to `\(suggestion)`",
            fixIt: Diagnostic.FixIt(span: name.span, replacement: suggestion))
    }

    /// `true` or `false`. YAML 1.1 spellings (`yes`, `on`) are refused with a hint.
    mutating func bool(_ node: YAMLNode, in context: @autoclosure () -> String) -> Bool? {
        guard let value = text(node, in: context()) else { return nil }
        switch value {
        case "true": return true
        case "false": return false
        default:
            bag.error("invalid-value", "\(context()) must be true or false, found \"\(value)\"", at: node.span(in: source),
                      hint: ["yes", "on", "y", "True", "TRUE"].contains(value) ? "write `true`" :
                        ["no", "off", "n", "False", "FALSE"].contains(value) ? "write `false`" : nil)
            return nil
        }
    }

    mutating func int(_ node: YAMLNode, in context: @autoclosure () -> String) -> Int? {
        guard let value = text(node, in: context()) else { return nil }
        guard let number = Int(value) else {
            bag.error("invalid-value", "\(context()) must be a whole number, found \"\(value)\"", at: node.span(in: source))
            return nil
        }
        return number
    }

    mutating func duration(_ node: YAMLNode, in context: @autoclosure () -> String) -> Located<DurationValue>? {
        guard let value = locatedText(node, in: context()) else { return nil }
        switch DurationValue.parse(value.value) {
        case .success(let duration): return Located(duration, span: value.span)
        case .failure(let error):
            let at = node.span(ofValueRange: error.offset..<min(value.value.utf8.count, error.offset + 1), in: source)
            bag.error("invalid-value", "\(context()): \(error.message)", at: node.scalar?.style == .plain ? at : node.span(in: source))
            return nil
        }
    }

    /// An expression's source; its syntax and types are checked later, against the schema.
    mutating func expression(_ node: YAMLNode, in context: @autoclosure () -> String) -> SourceExpression? {
        guard let value = text(node, in: context()) else { return nil }
        if node.isNull {
            bag.error("wrong-type", "\(context()) is empty", at: node.span(in: source), hint: "write a condition, e.g. case.priority == \"P1\"")
            return nil
        }
        return SourceExpression(text: value, node: node, in: source)
    }

    // MARK: Lists

    /// The items of a list; a single scalar is accepted as a list of one when `allowSingle`.
    mutating func list(_ node: YAMLNode, in context: @autoclosure () -> String, allowSingle: Bool = false) -> [YAMLNode] {
        if let items = node.items { return items }
        if allowSingle, node.scalar != nil, !node.isNull { return [node] }
        if node.isNull { return [] }
        wrongType(node, expected: "a list", in: context(), hint: allowSingle ? nil : "write `[a, b]` or one `- item` per line")
        return []
    }

    mutating func identifierList(_ node: YAMLNode, kind: String, in context: @autoclosure () -> String, allowSingle: Bool = false) -> [Located<String>] {
        var result: [Located<String>] = []
        identifierList(node, kind: kind, in: context(), allowSingle: allowSingle, appendingTo: &result)
        return result
    }

    /// Appends the identifiers to `result` (where the entries before are another list's).
    mutating func identifierList(
        _ node: YAMLNode, kind: String, in context: @autoclosure () -> String, allowSingle: Bool = false,
        appendingTo result: inout [Located<String>]
    ) {
        let items = list(node, in: context(), allowSingle: allowSingle)
        let first = result.count
        if first == 0 { result.reserveCapacity(items.count) }
        for index in items.indices {
            guard let name = identifier(items[index], kind: kind) else { continue }
            if result.count > first, let previous = result[first...].first(where: { $0.value == name.value }) {
                bag.error("invalid-value", "\(kind) `\(name.value)` is listed twice in \(context())", at: name.span,
                          notes: [Diagnostic.Note("first listed here", span: previous.span)])
                continue
            }
            result.append(name)
        }
    }
}

/// Ladder's identifier syntax.
public enum Identifier {
    /// Whether `name` matches `[a-z][a-z0-9_]*`.
    public static func isValid(_ name: String) -> Bool {
        var name = name
        // Over the contiguous UTF-8 (in place for native strings, on the stack for small ones).
        return name.withUTF8 { bytes in
            guard let first = bytes.first, first >= 0x61, first <= 0x7A else { return false }
            for byte in bytes.dropFirst() {
                let isLower = byte >= 0x61 && byte <= 0x7A
                let isDigit = byte >= 0x30 && byte <= 0x39
                if !(isLower || isDigit || byte == 0x5F) { return false }
            }
            return true
        }
    }
}

/// The pairs of a mapping by key: a handful of pairs, so searched by key rather than hashed.
/// It holds the mapping node's own pairs array (no per-mapping copy or allocation) after
/// `NodeReader.mapping` left out pairs with unknown or non-text keys; the YAML front-end leaves
/// one pair per key, so each key appears once.
struct KeyedPairs: Sequence {
    private let pairs: [YAMLPair]

    init() { pairs = [] }

    /// `pairs` must have distinct text keys.
    init(_ pairs: [YAMLPair]) { self.pairs = pairs }

    /// Whether `key` is one of `allowed`; lengths first, as most names compared differ.
    static func isAllowed(_ key: String, in allowed: [String]) -> Bool {
        let length = key.utf8.count
        for name in allowed where name.utf8.count == length && name == key { return true }
        return false
    }

    /// The position of `key` in `pairs`; lengths first: O(1), and most keys compared are not
    /// the one sought.
    private func index(of key: String) -> Int? {
        let length = key.utf8.count
        for index in pairs.indices {
            guard case .scalar(let scalar) = pairs[index].key.content else { continue }
            if scalar.value.utf8.count == length && scalar.value == key { return index }
        }
        return nil
    }

    subscript(key: String) -> YAMLPair? {
        index(of: key).map { pairs[$0] }
    }

    /// The value of `key`: copies one node, not the whole pair.
    func value(_ key: String) -> YAMLNode? {
        index(of: key).map { pairs[$0].value }
    }

    func contains(_ key: String) -> Bool { index(of: key) != nil }

    /// Calls `body` with the position in `names` of each pair's key that is one of them, and
    /// the pair's value, in one pass over the pairs: for a caller that reads most of the keys
    /// (each `value(_:)` scans the pairs). Keys compare as in `value(_:)`.
    func forEachValue(named names: [String], _ body: (Int, YAMLNode) -> Void) {
        for pair in pairs {
            guard case .scalar(let scalar) = pair.key.content else { continue }
            let length = scalar.value.utf8.count
            for index in names.indices where names[index].utf8.count == length && names[index] == scalar.value {
                body(index, pair.value)
                break
            }
        }
    }

    var count: Int { pairs.count }

    func makeIterator() -> some IteratorProtocol<(key: String, value: YAMLPair)> {
        pairs.lazy.map { (key: $0.key.text ?? "", value: $0) }.makeIterator()
    }
}
