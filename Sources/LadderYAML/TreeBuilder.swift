import CYAML
import LadderDiagnostics

/// Builds the tree from libyaml events with an explicit stack (no recursion, so depth is bounded
/// by `YAMLLimits.maxDepth`, not by the thread's stack).
struct TreeBuilder {
    /// A collection being read. Its children collect in the builder's shared `nodes` from
    /// `base` on (a mapping's keys and values alternating), and move into an exactly sized
    /// array when it ends: no array grows per collection.
    ///
    /// Only plain values, so that moving, copying and dropping a frame costs no reference
    /// counting; the rare anchor and merge values wait in `openAnchors` and `openMerges`.
    struct Frame {
        var isMapping: Bool
        /// Where this collection's children start in `nodes`.
        var base: Int
        /// The byte offset where the collection starts.
        var start: Int
        /// Whether this collection's anchor is the last of `openAnchors`.
        var hasAnchor: Bool
        /// Whether this mapping has merge key (`<<`) values at the end of `openMerges`.
        var hasMerges = false
        var expandedCount = 1
        var lastEnd: Int?
        /// Whether this mapping's values go to the builder's `sink` as they are read.
        var streams = false
    }

    /// Mappings up to this many keys check duplicates as each key arrives; larger ones once,
    /// with a hash set, when they end.
    static let linearLimit = 16

    let source: SourceFile
    /// Where the bytes given to ``run(_:)`` start in the file, and on which line (0-based): a
    /// part of a file parsed on its own (``SplitParse``) has positions in the whole file.
    let baseOffset: Int
    let baseLine: Int
    /// The file's path, interned once for every span of the tree.
    let file: SourceFileID
    let limits: YAMLLimits
    let isASCII: Bool
    /// The file's size and line count, read once rather than per position.
    let byteCount: Int
    let lineCount: Int
    /// The collection being read, held apart from the enclosing ones so that updating it per
    /// child is a plain store (no array bounds or uniqueness checks).
    var current: Frame?
    /// The collections enclosing `current`.
    var stack: [Frame] = []
    /// The anchors of open collections, innermost last.
    var openAnchors: [String] = []
    /// Values of merge keys, applied when their mapping ends: the innermost open mapping's last.
    var openMerges: [(depth: Int, value: YAMLNode)] = []
    let nodes = NodeStack()
    var anchors: [String: (node: YAMLNode, count: Int)] = [:]
    var expanded = 0
    var documents = 0
    var root: YAMLNode?
    var diagnostics: [Diagnostic] = []
    var stopped = false
    /// Whether a merge key (`<<`) was applied: a part of a file cannot be joined with the
    /// others then (a merge's keys go after all of its mapping's explicit keys).
    var sawMerge = false
    /// Whether the last scalar of the document, in document order, ends where its text does (see
    /// ``SplitParse/endsExactly(_:)``), kept as the tree is built: a streamed value is no longer
    /// in the tree to be walked to.
    var lastLeafEndsExactly = true
    /// Where the values of the streamed mapping go (see ``YAMLEntrySink``), with the top-level key
    /// whose mapping streams. A part of a file that starts among that mapping's entries streams
    /// its own root mapping instead (`streamsRoot`), and a part that starts among another
    /// section's entries has no top-level keys (`findsKey` false).
    var sink: (any YAMLEntrySink)?
    var streamKey = ""
    var streamsRoot = false
    var findsKey = true
    /// How many mappings streamed, and whether one of them carried an anchor (an alias to it
    /// would repeat the streamed-out values: the caller parses again without streaming).
    var streamedMappings = 0
    var streamedAnchor = false

    init(source: SourceFile, limits: YAMLLimits, baseOffset: Int = 0, baseLine: Int = 0) {
        self.source = source
        self.baseOffset = baseOffset
        self.baseLine = baseLine
        self.file = source.id
        self.limits = limits
        self.isASCII = source.columnsAreBytes
        self.byteCount = source.bytes.count
        self.lineCount = source.lineCount
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
                reportParserError(ParserFailure(parser))
                return
            }
            let done = event.type == YAML_STREAM_END_EVENT
            handle(&event)
            yaml_event_delete(&event)
            if done { break }
        }
    }

    // MARK: Events

    /// Positions are computed only where an event needs them (most collection events need one).
    mutating func handle(_ event: inout yaml_event_t) {
        switch event.type {
        case YAML_DOCUMENT_START_EVENT:
            documents += 1
            if documents > 1 {
                diagnostics.append(Diagnostic(
                    id: "yaml-syntax", message: "a Ladder file holds one YAML document, this is a second one",
                    span: SourceSpan(fileID: file, start: location(event.start_mark), end: location(event.end_mark)),
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
            let offsets = between(offset(event.start_mark), offset(event.end_mark))
            if data.tag != nil { checkTag(data.tag, span: source.span(offsets)) }
            lastLeafEndsExactly = style != .plain || data.length > 0
            add(YAMLNode(.scalar(YAMLScalar(value, style: style)), offsets: offsets), count: 1, anchor: string(data.anchor))
        case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
            let isMapping = event.type == YAML_MAPPING_START_EVENT
            let tag = isMapping ? event.data.mapping_start.tag : event.data.sequence_start.tag
            let anchor = isMapping ? event.data.mapping_start.anchor : event.data.sequence_start.anchor
            let start = offset(event.start_mark)
            if tag != nil { checkTag(tag, span: source.span(between(start, offset(event.end_mark)))) }
            guard stack.count + (current == nil ? 0 : 1) < limits.maxDepth else {
                diagnostics.append(Diagnostic(
                    id: "yaml-syntax", message: "the document nests deeper than \(limits.maxDepth) levels",
                    span: source.span(between(start, offset(event.end_mark))),
                    hint: "Ladder files are shallow; flatten this structure"))
                stopped = true
                return
            }
            let streams = isMapping && sink != nil && startsStreamedMapping()
            if streams {
                streamedMappings += 1
                if anchor != nil { streamedAnchor = true }
            }
            // Moved, not copied, between `current` and the stack.
            if let enclosing = current.take() { stack.append(enclosing) }
            if let anchor = string(anchor) { openAnchors.append(anchor) }
            current = Frame(isMapping: isMapping, base: nodes.count, start: start, hasAnchor: anchor != nil, streams: streams)
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            guard let frame = current.take() else { return }
            let depth = stack.count + 1
            current = stack.popLast()
            let offsets = between(frame.start, frame.lastEnd ?? offset(event.end_mark))
            if nodes.count == frame.base { lastLeafEndsExactly = true }  // an empty collection
            let node: YAMLNode
            if frame.isMapping {
                var pairs = nodes.movePairs(from: frame.base)
                if pairs.count > TreeBuilder.linearLimit { removeDuplicateKeys(&pairs) }
                if frame.hasMerges {
                    let first = openMerges.lastIndex { $0.depth != depth }.map { $0 + 1 } ?? 0
                    applyMerges(openMerges[first...].map(\.value), to: &pairs)
                    openMerges.removeSubrange(first...)
                }
                node = YAMLNode(.mapping(pairs), offsets: offsets)
            } else {
                node = YAMLNode(.sequence(nodes.moveNodes(from: frame.base)), offsets: offsets)
            }
            add(node, count: frame.expandedCount, anchor: frame.hasAnchor ? openAnchors.removeLast() : nil, alreadyCounted: true)
        case YAML_ALIAS_EVENT:
            let name = string(event.data.alias.anchor) ?? ""
            let offsets = between(offset(event.start_mark), offset(event.end_mark))
            guard let anchored = anchors[name] else {
                diagnostics.append(Diagnostic(
                    id: "yaml-syntax", message: "unknown alias *\(name)", span: source.span(offsets),
                    hint: "define the anchor with &\(name) before using it"))
                add(YAMLNode(.scalar(YAMLScalar("")), offsets: offsets), count: 1, anchor: nil)
                return
            }
            lastLeafEndsExactly = SplitParse.endsExactly(anchored.node)
            add(anchored.node, count: anchored.count, anchor: nil)
        default:
            break
        }
    }

    /// Appends a finished node to its parent (or makes it the root), counting its expanded size.
    mutating func add(_ node: consuming YAMLNode, count: Int, anchor: String?, alreadyCounted: Bool = false) {
        if !alreadyCounted {
            expanded += count
            if expanded > limits.maxExpandedNodes {
                diagnostics.append(Diagnostic(
                    id: "alias-limit",
                    message: "aliases expand this document beyond \(limits.maxExpandedNodes) nodes",
                    span: node.span(in: source),
                    hint: "an alias repeats its anchor's whole content; a file this large is almost certainly an alias bomb"))
                stopped = true
                return
            }
        }
        if let anchor { anchors[anchor] = (node, count) }
        guard current != nil else {
            if root == nil { root = node }
            return
        }
        current!.expandedCount += count
        current!.lastEnd = node.offsets.upperBound
        // In a mapping, an odd number of children means this node is the value of the last key.
        if current!.isMapping, (nodes.count - current!.base) & 1 == 1 {
            switch valueKind(base: current!.base) {
            case .pair: break
            case .merge:
                current!.hasMerges = true
                sawMerge = true
                openMerges.append((stack.count + 1, node))
                return
            case .duplicate:
                return
            }
            if current!.streams, let sink {
                // The value goes to the sink; the tree keeps an empty mapping at its offsets.
                let offsets = node.offsets
                sink.receive(key: nodes.last, value: node)
                nodes.push(YAMLNode(.mapping([]), offsets: offsets))
                return
            }
        }
        nodes.push(node)
    }

    /// Whether the mapping starting now is the streamed one: the part's root mapping when the
    /// part starts among the streamed mapping's entries, else the value of the top-level key.
    func startsStreamedMapping() -> Bool {
        guard let parent = current else { return streamsRoot && root == nil }
        guard findsKey, stack.isEmpty, parent.isMapping, (nodes.count - parent.base) & 1 == 1,
              let key = nodes.scalar(at: nodes.count - 1) else { return false }
        return key.value == streamKey
    }

    enum ValueKind { case pair, merge, duplicate }

    /// What the value arriving for the last key of the mapping read from `base` on is: the second half of a
    /// pair, a merge key's (`<<`) or a duplicate key's, reported here at the second occurrence
    /// (small mappings here, large ones in ``removeDuplicateKeys(_:)``). The key of a merge or a
    /// duplicate is removed.
    mutating func valueKind(base: Int) -> ValueKind {
        let keyIndex = nodes.count - 1
        guard let scalar = nodes.scalar(at: keyIndex) else { return .pair }
        let length = scalar.value.utf8.count
        if length == 2, scalar.style == .plain, scalar.value == "<<" {
            nodes.removeLast()
            return .merge
        }
        if (keyIndex - base) / 2 < TreeBuilder.linearLimit {
            for index in stride(from: base, to: keyIndex, by: 2) {
                guard let other = nodes.scalar(at: index),
                      other.value.utf8.count == length, other.value == scalar.value else { continue }
                reportDuplicate(scalar.value, at: source.span(nodes.offsets(at: keyIndex)), first: source.span(nodes.offsets(at: index)))
                nodes.removeLast()
                return .duplicate
            }
        }
        return .pair
    }

    mutating func reportDuplicate(_ text: String, at span: SourceSpan, first: SourceSpan) {
        diagnostics.append(Diagnostic(
            id: "duplicate-key", message: "duplicate key \"\(text)\"", span: span,
            notes: [Diagnostic.Note("first defined here", span: first)],
            hint: "remove one of the two, or merge their contents"))
    }

    /// Finds repeated keys of a large mapping with one hash set pass, keeps the first of each,
    /// and reports the others in document order (the first `linearLimit` keys are already
    /// distinct). Hashing beats sorting here: a sort compares each key some log n times; the
    /// table (`KeyTable`) hashes each key's bytes once, without SipHash.
    mutating func removeDuplicateKeys(_ pairs: inout [YAMLPair]) {
        var seen = KeyTable(capacity: pairs.count)
        var anyRepeated = false
        for pair in pairs {
            guard case .scalar(let scalar) = pair.key.content else { continue }
            if !seen.insert(scalar.value) {
                anyRepeated = true
                break
            }
        }
        guard anyRepeated else { return }
        // Rare: find where each key first appears, report and drop the later ones. Keys are
        // compared by their bytes, as everywhere else (String equality would join a name written
        // precomposed and decomposed).
        var first: [[UInt8]: Int] = [:]
        var dropped: Set<Int> = []
        for index in pairs.indices {
            guard case .scalar(let scalar) = pairs[index].key.content else { continue }
            let bytes = Array(scalar.value.utf8)
            if let earlier = first[bytes] {
                reportDuplicate(scalar.value, at: pairs[index].key.span(in: self.source), first: pairs[earlier].key.span(in: self.source))
                dropped.insert(index)
            } else {
                first[bytes] = index
            }
        }
        pairs = pairs.enumerated().filter { !dropped.contains($0.offset) }.map(\.element)
    }

    /// Applies YAML merge keys (`<<: *defaults`), whose keys never override explicit ones.
    mutating func applyMerges(_ merges: [YAMLNode], to pairs: inout [YAMLPair]) {
        var present = Set(pairs.compactMap { $0.key.scalar?.value })
        for merged in merges {
            let mappings: [YAMLNode]
            switch merged.content {
            case .mapping: mappings = [merged]
            case .sequence(let items): mappings = items
            case .scalar:
                diagnostics.append(Diagnostic(
                    id: "yaml-syntax", message: "a merge key `<<` needs a mapping or a list of mappings",
                    span: merged.span(in: source), hint: "write `<<: *anchor` where the anchor names a mapping"))
                continue
            }
            for mapping in mappings {
                for pair in mapping.pairs ?? [] {
                    if let name = pair.key.scalar?.value {
                        guard !present.contains(name) else { continue }
                        present.insert(name)
                    }
                    pairs.append(pair)
                }
            }
        }
    }

    // MARK: Problems

    mutating func checkTag(_ tag: UnsafeMutablePointer<yaml_char_t>?, span: SourceSpan) {
        guard let tag = string(tag) else { return }
        diagnostics.append(Diagnostic(
            id: "yaml-tag", message: "YAML tags such as `\(tag)` are not used in Ladder files", span: span,
            hint: "a value starting with `!` is read as a tag: for a negated condition write `not …`, otherwise quote the whole value"))
    }

    mutating func reportParserError(_ parser: ParserFailure) {
        let problem = parser.problem ?? "malformed YAML"
        let context = parser.context
        let at: SourceLocation
        if parser.error == YAML_READER_ERROR {
            at = source.location(ofOffset: baseOffset + parser.problem_offset)
        } else {
            at = location(parser.problem_mark)
        }
        var message = problem
        if let context { message = "\(context), \(problem)" }
        var notes: [Diagnostic.Note] = []
        if let context, parser.error != YAML_READER_ERROR, parser.context_mark.line != parser.problem_mark.line || parser.context_mark.column != parser.problem_mark.column {
            notes.append(Diagnostic.Note("\(context) that started here", span: SourceSpan(fileID: file, start: location(parser.context_mark), end: location(parser.context_mark))))
        }
        diagnostics.append(Diagnostic(
            id: "yaml-syntax", message: message,
            span: SourceSpan(fileID: file, start: at, end: at),
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

    /// The byte offset of a mark: for an ASCII file with LF breaks libyaml's character index
    /// (a part starts at a line's start, so its positions are the file's).
    func offset(_ mark: yaml_mark_t) -> Int {
        if isASCII, baseLine + mark.line < lineCount {
            let offset = min(baseOffset + mark.index, byteCount)
            assert(offset == min(source.lineStart(baseLine + mark.line + 1) + mark.column, byteCount))
            return offset
        }
        return source.offset(line: baseLine + mark.line + 1, column: mark.column + 1)
    }

    /// The offsets from `start` to `end` (never reversed).
    func between(_ start: Int, _ end: Int) -> Range<Int> { start..<max(start, end) }

    /// The position of a mark as libyaml counts it (for its error messages).
    func location(_ mark: yaml_mark_t) -> SourceLocation {
        let line = baseLine + mark.line + 1
        let column = mark.column + 1
        let offset: Int
        if isASCII, line <= lineCount {
            offset = min(baseOffset + mark.index, byteCount)
            assert(offset == min(source.lineStart(line) + mark.column, byteCount))
        } else {
            offset = source.offset(line: line, column: column)
        }
        return SourceLocation(line: line, column: column, offset: offset)
    }
}
