import CYAML
import LadderDiagnostics

/// Reads a YAML document into a `YAMLNode` tree with spans, using libyaml's event parser.
///
/// Beyond YAML itself it enforces what Ladder files need: one document per file, no duplicate
/// keys (reported at the second key), no tags, bounded alias expansion and nesting depth.
/// It never stops silently: every problem becomes a located diagnostic.
public enum YAMLParser {
    /// Parses `source`. Returns the root node (nil when the file is empty or unreadable) and the
    /// diagnostics found. A syntax error ends parsing; other problems are collected.
    public static func parse(_ source: SourceFile, limits: YAMLLimits = .default) -> (root: YAMLNode?, diagnostics: [Diagnostic]) {
        var builder = TreeBuilder(source: source, limits: limits)
        guard !source.bytes.isEmpty else {
            return (nil, [Diagnostic(id: "yaml-syntax", message: "the file is empty", span: .fileStart(source.path),
                                     hint: "a workflow starts with `ladder: 1` and `workflow: <id>`")])
        }
        source.bytes.withUnsafeBufferPointer { buffer in
            builder.run(buffer)
        }
        return (builder.root, builder.diagnostics)
    }
}

/// Builds the tree from libyaml events with an explicit stack (no recursion, so depth is bounded
/// by `YAMLLimits.maxDepth`, not by the thread's stack).
private struct TreeBuilder {
    struct Frame {
        var isMapping: Bool
        var children: [YAMLNode] = []
        var start: SourceLocation
        var anchor: String?
        var expandedCount = 1
    }

    let source: SourceFile
    let limits: YAMLLimits
    let isASCII: Bool
    var stack: [Frame] = []
    var anchors: [String: (node: YAMLNode, count: Int)] = [:]
    var expanded = 0
    var documents = 0
    var root: YAMLNode?
    var diagnostics: [Diagnostic] = []
    var stopped = false

    init(source: SourceFile, limits: YAMLLimits) {
        self.source = source
        self.limits = limits
        self.isASCII = !source.bytes.contains { $0 >= 0x80 || $0 == 0x0D }
    }

    mutating func run(_ buffer: UnsafeBufferPointer<UInt8>) {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else {
            diagnostics.append(Diagnostic(id: "yaml-syntax", message: "out of memory starting the YAML parser", span: .fileStart(source.path)))
            return
        }
        defer { yaml_parser_delete(&parser) }
        yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
        var event = yaml_event_t()
        while !stopped {
            guard yaml_parser_parse(&parser, &event) == 1 else {
                reportParserError(parser)
                return
            }
            let done = event.type == YAML_STREAM_END_EVENT
            handle(event)
            yaml_event_delete(&event)
            if done { break }
        }
    }

    // MARK: Events

    mutating func handle(_ event: yaml_event_t) {
        let start = location(event.start_mark)
        let end = location(event.end_mark)
        switch event.type {
        case YAML_DOCUMENT_START_EVENT:
            documents += 1
            if documents > 1 {
                diagnostics.append(Diagnostic(
                    id: "yaml-syntax", message: "a Ladder file holds one YAML document, this is a second one",
                    span: SourceSpan(file: source.path, start: start, end: end),
                    hint: "put each workflow or scenario in its own file and remove the `---` separator"))
                stopped = true
            }
        case YAML_SCALAR_EVENT:
            let data = event.data.scalar
            let value = data.value.map { String(decoding: UnsafeBufferPointer(start: $0, count: data.length), as: UTF8.self) } ?? ""
            let style: YAMLScalar.Style
            switch data.style {
            case YAML_SINGLE_QUOTED_SCALAR_STYLE: style = .singleQuoted
            case YAML_DOUBLE_QUOTED_SCALAR_STYLE: style = .doubleQuoted
            case YAML_LITERAL_SCALAR_STYLE: style = .literal
            case YAML_FOLDED_SCALAR_STYLE: style = .folded
            default: style = .plain
            }
            let span = SourceSpan(file: source.path, start: start, end: end)
            checkTag(data.tag, span: span, scalarText: style == .plain ? value : nil)
            let node = YAMLNode(.scalar(YAMLScalar(value, style: style)), span: span)
            add(node, count: 1, anchor: string(data.anchor))
        case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
            let isMapping = event.type == YAML_MAPPING_START_EVENT
            let tag = isMapping ? event.data.mapping_start.tag : event.data.sequence_start.tag
            let anchor = isMapping ? event.data.mapping_start.anchor : event.data.sequence_start.anchor
            checkTag(tag, span: SourceSpan(file: source.path, start: start, end: end), scalarText: nil)
            guard stack.count < limits.maxDepth else {
                diagnostics.append(Diagnostic(
                    id: "yaml-syntax", message: "the document nests deeper than \(limits.maxDepth) levels",
                    span: SourceSpan(file: source.path, start: start, end: end),
                    hint: "Ladder files are shallow; flatten this structure"))
                stopped = true
                return
            }
            stack.append(Frame(isMapping: isMapping, start: start, anchor: string(anchor)))
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            guard let frame = stack.popLast() else { return }
            let endLocation = frame.children.last?.span.end ?? end
            let span = SourceSpan(file: source.path, start: frame.start, end: endLocation)
            let node: YAMLNode
            if frame.isMapping {
                node = YAMLNode(.mapping(makePairs(frame.children)), span: span)
            } else {
                node = YAMLNode(.sequence(frame.children), span: span)
            }
            add(node, count: frame.expandedCount, anchor: frame.anchor, alreadyCounted: true)
        case YAML_ALIAS_EVENT:
            let name = string(event.data.alias.anchor) ?? ""
            let span = SourceSpan(file: source.path, start: start, end: end)
            guard let anchored = anchors[name] else {
                diagnostics.append(Diagnostic(
                    id: "yaml-syntax", message: "unknown alias *\(name)", span: span,
                    hint: "define the anchor with &\(name) before using it"))
                add(YAMLNode(.scalar(YAMLScalar("")), span: span), count: 1, anchor: nil)
                return
            }
            add(anchored.node, count: anchored.count, anchor: nil)
        default:
            break
        }
    }

    /// Appends a finished node to its parent (or makes it the root), counting its expanded size.
    mutating func add(_ node: YAMLNode, count: Int, anchor: String?, alreadyCounted: Bool = false) {
        if !alreadyCounted {
            expanded += count
            if expanded > limits.maxExpandedNodes {
                diagnostics.append(Diagnostic(
                    id: "alias-limit",
                    message: "aliases expand this document beyond \(limits.maxExpandedNodes) nodes",
                    span: node.span,
                    hint: "an alias repeats its anchor's whole content; a file this large is almost certainly an alias bomb"))
                stopped = true
                return
            }
        }
        if let anchor { anchors[anchor] = (node, count) }
        if stack.isEmpty {
            if root == nil { root = node }
        } else {
            stack[stack.count - 1].children.append(node)
            stack[stack.count - 1].expandedCount += count
        }
    }

    /// Pairs up a mapping's children, reports duplicate keys at the second occurrence and applies
    /// YAML merge keys (`<<: *defaults`), whose keys never override explicit ones.
    mutating func makePairs(_ children: [YAMLNode]) -> [YAMLPair] {
        var pairs: [YAMLPair] = []
        pairs.reserveCapacity(children.count / 2)
        var merged: [YAMLNode] = []
        var index = 0
        var seen: [String: SourceSpan] = [:]
        let useDictionary = children.count > 24
        while index + 1 < children.count {
            let key = children[index]
            let value = children[index + 1]
            index += 2
            if let scalar = key.scalar, scalar.style == .plain, scalar.value == "<<" {
                merged.append(value)
                continue
            }
            if let text = key.text {
                let previous: SourceSpan?
                if useDictionary {
                    previous = seen.updateValue(key.span, forKey: text)
                } else {
                    previous = pairs.first { $0.key.text == text }?.key.span
                }
                if let previous {
                    diagnostics.append(Diagnostic(
                        id: "duplicate-key", message: "duplicate key \"\(text)\"", span: key.span,
                        notes: [Diagnostic.Note("first defined here", span: previous)],
                        hint: "remove one of the two, or merge their contents"))
                    if useDictionary { seen[text] = previous }
                    continue
                }
            }
            pairs.append(YAMLPair(key: key, value: value))
        }
        for source in merged {
            let mappings: [YAMLNode]
            switch source.content {
            case .mapping: mappings = [source]
            case .sequence(let items): mappings = items
            case .scalar:
                diagnostics.append(Diagnostic(
                    id: "yaml-syntax", message: "a merge key `<<` needs a mapping or a list of mappings",
                    span: source.span, hint: "write `<<: *anchor` where the anchor names a mapping"))
                continue
            }
            for mapping in mappings {
                for pair in mapping.pairs ?? [] where !pairs.contains(where: { $0.key.text == pair.key.text }) {
                    pairs.append(pair)
                }
            }
        }
        return pairs
    }

    // MARK: Problems

    mutating func checkTag(_ tag: UnsafeMutablePointer<yaml_char_t>?, span: SourceSpan, scalarText: String?) {
        guard let tag = string(tag) else { return }
        diagnostics.append(Diagnostic(
            id: "yaml-tag", message: "YAML tags such as `\(tag)` are not used in Ladder files", span: span,
            hint: "a value starting with `!` is read as a tag: for a negated condition write `not …`, otherwise quote the whole value"))
    }

    mutating func reportParserError(_ parser: yaml_parser_t) {
        let problem = parser.problem.map { String(cString: $0) } ?? "malformed YAML"
        let context = parser.context.map { String(cString: $0) }
        let at: SourceLocation
        if parser.error == YAML_READER_ERROR {
            at = source.location(ofOffset: parser.problem_offset)
        } else {
            at = location(parser.problem_mark)
        }
        var message = problem
        if let context { message = "\(context), \(problem)" }
        var notes: [Diagnostic.Note] = []
        if let context, parser.error != YAML_READER_ERROR, parser.context_mark.line != parser.problem_mark.line || parser.context_mark.column != parser.problem_mark.column {
            notes.append(Diagnostic.Note("\(context) that started here", span: SourceSpan(file: source.path, start: location(parser.context_mark), end: location(parser.context_mark))))
        }
        diagnostics.append(Diagnostic(
            id: "yaml-syntax", message: message,
            span: SourceSpan(file: source.path, start: at, end: at),
            notes: notes, hint: hint(for: problem)))
        stopped = true
    }

    func hint(for problem: String) -> String? {
        if problem.contains("tab") || problem.contains("cannot start any token") {
            return "YAML indents with spaces, never tabs; a value starting with `@`, `` ` `` or `%` must be quoted"
        }
        if problem.contains("mapping values are not allowed") {
            return "a value that contains `: ` must be quoted, e.g. when: 'a: b'"
        }
        if problem.contains("could not find expected ':'") {
            return "check the indentation of this line against the lines above, or quote the value"
        }
        if problem.contains("did not find expected key") || problem.contains("did not find expected '-'") {
            return "this line's indentation does not match its siblings"
        }
        if problem.contains("UTF-8") || problem.contains("control characters") {
            return "save the file as UTF-8 text"
        }
        if problem.contains("found unexpected end of stream") {
            return "the file ends inside a quoted value or a `[`/`{` collection; close it"
        }
        return nil
    }

    // MARK: Helpers

    func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        guard let pointer else { return nil }
        return String(cString: UnsafeRawPointer(pointer).assumingMemoryBound(to: CChar.self))
    }

    func location(_ mark: yaml_mark_t) -> SourceLocation {
        let line = mark.line + 1
        let column = mark.column + 1
        let offset: Int
        if isASCII, line <= source.lineStarts.count {
            offset = min(source.lineStarts[line - 1] + mark.column, source.bytes.count)
        } else {
            offset = source.offset(line: line, column: column)
        }
        return SourceLocation(line: line, column: column, offset: offset)
    }
}
