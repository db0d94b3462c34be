import Dispatch
import Foundation
import LadderDiagnostics

/// Parses a large file in two parts at once, each with its own libyaml parser on its own thread,
/// and joins the two trees into the one a parse of the whole file builds.
///
/// libyaml's scan is most of a large file's parse and cannot itself be shared between threads,
/// but a Ladder file can be cut at the start of a line where a block mapping's key begins: at
/// column 0 between two top-level keys, or between two children of the largest top-level
/// mapping (the `stages` of a large workflow), whose lines all share one indentation. Each part
/// is a YAML document of its own, and positions are the file's (a part knows its first byte and
/// line). Joining is refused, and the file parsed again on one thread, whenever the parts could
/// differ from the whole: any diagnostic in a part (a syntax error where the cut fell inside a
/// quoted value or a flow collection, an alias to another part's anchor, a tag), a merge key, a
/// key repeated across the cut, an empty value just before the cut (its position can be that
/// of what follows it), or the expansion limit of the whole.
enum SplitParse {
    /// Where the file is cut.
    struct Plan {
        /// The line start where the second part begins, and its 0-based line.
        var cut: Int
        var cutLine: Int
        /// For a cut between two children of a top-level mapping: the offset of that mapping's
        /// key, and where the top-level keys after it resume (the third part), if any.
        var section: Section?

        struct Section {
            var keyOffset: Int
            var end: (offset: Int, line: Int)?
        }

        init(cut: Int, cutLine: Int, section: Section?) {
            self.cut = cut
            self.cutLine = cutLine
            self.section = section
        }

        /// Finds the cut that shares the file most evenly between the two threads (the first
        /// parses the parts before and after the second). Nil when the file has no such cut, or
        /// when the smaller share would be under `minimumPart` bytes.
        init?(_ source: SourceFile, minimumPart: Int) {
            let bytes = source.bytes
            let count = bytes.count
            guard source.lineCount > 2 else { return nil }
            // Top-level keys: lines starting with a letter or `_`. Anything else at column 0
            // besides comments and blank lines (documents, flow collections, lists, quoted or
            // complex keys, tabs) is left to a whole parse.
            var roots: [(offset: Int, line: Int)] = []
            for line in 1...source.lineCount {
                let start = source.lineStart(line)
                guard start < count else { continue }
                let byte = bytes[start]
                if Plan.startsKey(byte), byte >= 0x41 {  // not a digit at the top level
                    roots.append((start, line - 1))
                } else if byte == 0x20 {
                    if roots.isEmpty, !Plan.isBlank(bytes, from: start) { return nil }
                } else if byte != 0x23, byte != 0x0A, byte != 0x0D {
                    return nil
                }
            }
            guard let first = roots.first else { return nil }
            // The largest top-level section, by bytes.
            var largest = 0
            var largestSize = 0
            for index in roots.indices {
                let size = (index + 1 < roots.count ? roots[index + 1].offset : count) - roots[index].offset
                if size > largestSize {
                    largest = index
                    largestSize = size
                }
            }
            // A cut between top-level keys: the first thread parses before it, the second after.
            var best: Plan?
            var bestShare = Int.max
            for root in roots.dropFirst() {
                let share = max(root.offset, count - root.offset)
                if share < bestShare {
                    best = Plan(cut: root.offset, cutLine: root.line, section: nil)
                    bestShare = share
                }
            }
            // A cut between two children of the largest section: the second thread parses from
            // the cut to the section's end, the first thread the rest.
            let sectionEnd = largest + 1 < roots.count ? roots[largest + 1] : nil
            let end = sectionEnd?.offset ?? count
            let target = end - count / 2
            if target > roots[largest].offset,
               let child = Plan.childCut(source, from: roots[largest].line + 2, to: sectionEnd.map { $0.line + 1 } ?? source.lineCount + 1, near: target) {
                let share = max(child.offset + count - end, end - child.offset)
                if share < bestShare {
                    best = Plan(cut: child.offset, cutLine: child.line,
                                section: Section(keyOffset: roots[largest].offset, end: sectionEnd))
                    bestShare = share
                }
            }
            guard let best, count - bestShare >= minimumPart, best.cut > first.offset else { return nil }
            self = best
        }

        /// The line start of a child key of the section whose lines are `lines` (1-based, end
        /// excluded) nearest `target`: a line indented exactly as the section's first child,
        /// starting a key. Not the first child itself.
        static func childCut(_ source: SourceFile, from firstLine: Int, to endLine: Int, near target: Int) -> (offset: Int, line: Int)? {
            let bytes = source.bytes
            var indent = -1
            var best: (offset: Int, line: Int)?
            var line = firstLine
            while line < endLine {
                let start = source.lineStart(line)
                var position = start
                while position < bytes.count, bytes[position] == 0x20 { position += 1 }
                defer { line += 1 }
                guard position < bytes.count, !isBlank(bytes, from: position) else { continue }
                let width = position - start
                if indent < 0 {
                    // The section's first child: a key, indented.
                    guard width > 0, startsKey(bytes[position]) else { return nil }
                    indent = width
                    continue
                }
                guard width == indent, startsKey(bytes[position]) else { continue }
                if let found = best, abs(found.offset - target) <= abs(start - target) { return found }
                best = (start, line - 1)
            }
            return best
        }

        /// The entries of the cut section before and after the cut, counted from the lines that
        /// start a key at the indentation of its first entry (an estimate: see
        /// ``YAMLEntrySink/expect(entries:total:first:)``).
        func entryCounts(_ source: SourceFile) -> (before: Int, after: Int)? {
            guard let section else { return nil }
            let bytes = source.bytes
            let endLine = section.end.map { $0.line + 1 } ?? source.lineCount + 1
            var indent = -1
            var counts = (before: 0, after: 0)
            for line in source.location(ofOffset: section.keyOffset).line + 1 ..< endLine {
                let start = source.lineStart(line)
                var position = start
                while position < bytes.count, bytes[position] == 0x20 { position += 1 }
                guard position < bytes.count, Plan.startsKey(bytes[position]) else { continue }
                if indent < 0 { indent = position - start }
                guard position - start == indent else { continue }
                if line <= cutLine { counts.before += 1 } else { counts.after += 1 }
            }
            return counts
        }

        static func startsKey(_ byte: UInt8) -> Bool {
            (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x5F
        }

        /// Whether the rest of the line from `position` is blank or a comment.
        static func isBlank(_ bytes: [UInt8], from position: Int) -> Bool {
            var position = position
            while position < bytes.count, bytes[position] == 0x20 { position += 1 }
            guard position < bytes.count else { return true }
            let byte = bytes[position]
            return byte == 0x23 || byte == 0x0A || byte == 0x0D
        }
    }

    /// What a part's parse left: its tree, whether it reported nothing, its expanded size, and
    /// what it streamed.
    struct Part: Sendable {
        var root: YAMLNode?
        var clean: Bool
        var expanded: Int
        /// See ``TreeBuilder/lastLeafEndsExactly``.
        var endsExactly: Bool
        var streamedMappings: Int
        var streamedAnchor: Bool
    }

    /// The top-level key whose mapping's values go to sinks, and a sink for each part.
    struct Stream: Sendable {
        var key: String
        var sinks: [any YAMLEntrySink]
    }

    /// The file's tree and whether the stream's mapping streamed, or nil when the parts cannot
    /// be joined exactly or the stream is not exactly that one mapping (parse the whole then).
    static func parse(_ source: SourceFile, plan: Plan, limits: YAMLLimits, stream: Stream? = nil) -> (root: YAMLNode, streamed: Bool)? {
        let count = source.bytes.count
        let parts = PartSlots()
        // The second part streams its root mapping when the cut fell among the streamed
        // mapping's entries; it has no top-level keys when the cut fell in another section.
        let continuesStream = stream.map { stream in
            plan.section.map { startsWithKey(source.bytes, at: $0.keyOffset, stream.key) } ?? false
        } ?? false
        if continuesStream, let stream, let (before, after) = plan.entryCounts(source) {
            stream.sinks[0].expect(entries: before, total: before + after, first: true)
            stream.sinks[1].expect(entries: after, total: before + after, first: false)
        }
        source.bytes.withUnsafeBufferPointer { buffer in
            let bytes = SharedBytes(buffer: buffer)
            DispatchQueue.concurrentPerform(iterations: 2) { thread in
                if thread == 0 {
                    parts.set(0, parsePart(source, bytes, 0..<plan.cut, line: 0, limits: limits, stream: stream, part: 0))
                    if let end = plan.section?.end {
                        parts.set(2, parsePart(source, bytes, end.offset..<count, line: end.line, limits: limits, stream: stream, part: 2))
                    }
                } else {
                    // The children of a section are one level deeper in the whole file.
                    var partLimits = limits
                    if plan.section != nil { partLimits.maxDepth -= 1 }
                    let end = plan.section?.end?.offset ?? count
                    parts.set(1, parsePart(source, bytes, plan.cut..<end, line: plan.cutLine, limits: partLimits, stream: stream, part: 1,
                                           streamsRoot: continuesStream, findsKey: plan.section == nil))
                }
            }
        }
        let (first, second, third) = parts.take()
        guard let root = join(first, second, third, plan: plan, limits: limits) else { return nil }
        guard stream != nil, let first, let second else { return (root, false) }
        // One streamed mapping (continued by the second part when the cut fell in it), or
        // none: another count would mean a repeated top-level key, which `join` refuses.
        let read = [first, second] + (third.map { [$0] } ?? [])
        let mappings = read.reduce(0) { $0 + $1.streamedMappings }
        guard !read.contains(where: \.streamedAnchor),
              continuesStream ? mappings == 2 && first.streamedMappings == 1 : mappings <= 1 else { return nil }
        return (root, mappings > 0)
    }

    static func parsePart(
        _ source: SourceFile, _ bytes: SharedBytes, _ range: Range<Int>, line: Int, limits: YAMLLimits,
        stream: Stream?, part: Int, streamsRoot: Bool = false, findsKey: Bool = true
    ) -> Part {
        var builder = TreeBuilder(source: source, limits: limits, baseOffset: range.lowerBound, baseLine: line)
        if let stream {
            builder.sink = stream.sinks[part]
            builder.streamKey = stream.key
            builder.streamsRoot = streamsRoot
            builder.findsKey = findsKey
        }
        builder.run(UnsafeBufferPointer(rebasing: bytes.buffer[range]))
        let clean = builder.diagnostics.isEmpty && !builder.sawMerge && !builder.stopped
        return Part(root: builder.root, clean: clean, expanded: builder.expanded, endsExactly: builder.lastLeafEndsExactly,
                    streamedMappings: builder.streamedMappings, streamedAnchor: builder.streamedAnchor)
    }

    /// Whether the plain key `key`, then `:`, starts at `offset`.
    static func startsWithKey(_ bytes: [UInt8], at offset: Int, _ key: String) -> Bool {
        var position = offset
        for byte in key.utf8 {
            guard position < bytes.count, bytes[position] == byte else { return false }
            position += 1
        }
        while position < bytes.count, bytes[position] == 0x20 { position += 1 }
        return position < bytes.count && bytes[position] == 0x3A
    }

    static func join(_ first: Part?, _ second: Part?, _ third: Part?, plan: Plan, limits: YAMLLimits) -> YAMLNode? {
        guard let first, let second, first.clean, second.clean,
              let head = first.root, case .mapping(var pairs) = head.content,
              let tail = second.root, case .mapping(let tailPairs) = tail.content,
              first.endsExactly else { return nil }
        // Scalars and aliases count, not collections: the parts add up to the whole.
        var expanded = first.expanded + second.expanded
        guard let section = plan.section else {
            guard expanded <= limits.maxExpandedNodes, !repeatsKeys(pairs, tailPairs) else { return nil }
            pairs += tailPairs
            return YAMLNode(.mapping(pairs), offsets: head.offsets.lowerBound..<max(head.offsets.lowerBound, tail.offsets.upperBound))
        }
        // The cut fell among the children of the head's last key.
        guard let last = pairs.last, last.key.offsets.lowerBound == section.keyOffset,
              case .mapping(var children) = last.value.content, !repeatsKeys(children, tailPairs) else { return nil }
        children += tailPairs
        pairs[pairs.count - 1] = YAMLPair(key: last.key, value: YAMLNode(
            .mapping(children), offsets: last.value.offsets.lowerBound..<max(last.value.offsets.lowerBound, tail.offsets.upperBound)))
        var end = tail.offsets.upperBound
        if section.end != nil {
            guard let third, third.clean, let rest = third.root, case .mapping(let restPairs) = rest.content,
                  second.endsExactly, !repeatsKeys(pairs, restPairs) else { return nil }
            expanded += third.expanded
            pairs += restPairs
            end = rest.offsets.upperBound
        }
        guard expanded <= limits.maxExpandedNodes else { return nil }
        return YAMLNode(.mapping(pairs), offsets: head.offsets.lowerBound..<max(head.offsets.lowerBound, end))
    }

    /// Whether the last node of a part ends where it would in the whole file: not an empty
    /// value, which libyaml may place at the token after it (the end of the part, or the next
    /// key of the whole; a `? key` without a value). A block scalar ends after its last line
    /// break in both.
    static func endsExactly(_ node: YAMLNode) -> Bool {
        var node = node
        while true {
            switch node.content {
            case .mapping(let pairs):
                guard let last = pairs.last else { return true }
                node = last.value
            case .sequence(let items):
                guard let last = items.last else { return true }
                node = last
            case .scalar(let scalar):
                switch scalar.style {
                case .plain: return !scalar.value.isEmpty
                case .literal, .folded, .singleQuoted, .doubleQuoted: return true
                }
            }
        }
    }

    /// Whether a scalar key of `later` is also a key of `earlier`.
    static func repeatsKeys(_ earlier: [YAMLPair], _ later: [YAMLPair]) -> Bool {
        var keys = KeyTable(capacity: earlier.count)
        for pair in earlier {
            if case .scalar(let scalar) = pair.key.content { _ = keys.insert(scalar.value) }
        }
        return later.contains { pair in
            if case .scalar(let scalar) = pair.key.content { return keys.contains(scalar.value) }
            return false
        }
    }
}

/// The file's bytes, read by both threads while the caller holds them.
struct SharedBytes: @unchecked Sendable {
    let buffer: UnsafeBufferPointer<UInt8>
}

/// The parts' results, each written by one thread and read after both finished.
private final class PartSlots: @unchecked Sendable {
    private let lock = NSLock()
    private var parts: [SplitParse.Part?] = [nil, nil, nil]

    func set(_ index: Int, _ part: SplitParse.Part) {
        lock.lock()
        parts[index] = part
        lock.unlock()
    }

    func take() -> (SplitParse.Part?, SplitParse.Part?, SplitParse.Part?) {
        lock.lock()
        defer { lock.unlock() }
        return (parts[0], parts[1], parts[2])
    }
}
