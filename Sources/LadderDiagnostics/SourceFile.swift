/// The text of one source file, with a table of line starts for snippets and position lookups.
public struct SourceFile: Sendable {
    /// The path as the user named it; used in every diagnostic.
    public let path: String
    /// The raw bytes (not necessarily valid UTF-8).
    public let bytes: [UInt8]
    /// Byte offset of the start of each line (the first is 0), 32 bits each: a large file has
    /// tens of thousands of lines, and spans hold 32-bit offsets too.
    @usableFromInline let starts: [UInt32]
    /// Whether the file is ASCII with LF line breaks only, so a column is the byte distance from
    /// the line start plus one (the YAML front-end's fast path).
    public let columnsAreBytes: Bool
    /// The path, interned once for every span in the file.
    public let id: SourceFileID

    public init(path: String, bytes: [UInt8]) {
        self.path = path
        self.id = SourceFileID(path)
        self.bytes = bytes
        var starts: [UInt32] = [0]
        var plain = true
        starts.reserveCapacity(bytes.count / 24 + 1)
        // Line breaks as libyaml counts them, so its positions and ours agree: LF, CR, CR LF,
        // and U+0085, U+2028, U+2029.
        bytes.withUnsafeBufferPointer { buffer in
            var index = 0
            let count = buffer.count
            while index < count {
                let byte = buffer[index]
                // Most bytes are printable ASCII: one range check.
                if byte &- 0x0E < 0x72 {
                    index += 1
                    continue
                }
                if byte >= 0x80 || byte == 0x0D { plain = false }
                if byte == 0x0A {
                    starts.append(UInt32(clamping: index + 1))
                } else if byte == 0x0D {
                    if index + 1 < count, buffer[index + 1] == 0x0A { index += 1 }
                    starts.append(UInt32(clamping: index + 1))
                } else if byte == 0xC2, index + 1 < count, buffer[index + 1] == 0x85 {
                    index += 1
                    starts.append(UInt32(clamping: index + 1))
                } else if byte == 0xE2, index + 2 < count, buffer[index + 1] == 0x80, buffer[index + 2] == 0xA8 || buffer[index + 2] == 0xA9 {
                    index += 2
                    starts.append(UInt32(clamping: index + 1))
                }
                index += 1
            }
        }
        self.starts = starts
        self.columnsAreBytes = plain
    }

    public init(path: String, text: String) {
        self.init(path: path, bytes: Array(text.utf8))
    }

    public var lineCount: Int { starts.count }

    /// The byte offset where 1-based `line` starts (`1...lineCount`).
    @inlinable
    public func lineStart(_ line: Int) -> Int { Int(starts[line - 1]) }

    /// The bytes of 1-based `line`, without its line terminator.
    public func lineBytes(_ line: Int) -> ArraySlice<UInt8> {
        guard line >= 1, line <= starts.count else { return [] }
        let start = Int(starts[line - 1])
        var end = line < starts.count ? Int(starts[line]) : bytes.count
        if line < starts.count {
            // Drop the line break, whichever it is.
            if end - start >= 3, bytes[end - 3] == 0xE2, bytes[end - 2] == 0x80, bytes[end - 1] == 0xA8 || bytes[end - 1] == 0xA9 {
                end -= 3
            } else if end - start >= 2, bytes[end - 2] == 0xC2, bytes[end - 1] == 0x85 {
                end -= 2
            } else {
                if end > start, bytes[end - 1] == 0x0A { end -= 1 }
                if end > start, bytes[end - 1] == 0x0D { end -= 1 }
            }
        }
        return bytes[start..<max(start, end)]
    }

    /// The text of 1-based `line`, with invalid UTF-8 repaired.
    public func lineText(_ line: Int) -> String {
        String(decoding: lineBytes(line), as: UTF8.self)
    }

    /// The location of a byte offset.
    public func location(ofOffset offset: Int) -> SourceLocation {
        let clamped = max(0, min(offset, bytes.count))
        // The last line start at or before the offset. Lines are of similar length, so the
        // search starts at the line the offset's share of the file points to, gallops to a
        // bracket of the answer, and halves that (a few steps, not log2(lines)).
        let low = starts.withUnsafeBufferPointer { starts -> Int in
            let target = UInt32(truncatingIfNeeded: clamped)
            let count = starts.count
            let guess = min(count - 1, Int(UInt64(clamped) &* UInt64(count) / UInt64(max(1, bytes.count))))
            // `starts[low] <= target` (`starts[0]` is 0), and the answer is below `high`.
            var low: Int
            var high: Int
            var step = 1
            if starts[guess] <= target {
                low = guess
                while low + step < count, starts[low + step] <= target {
                    low += step
                    step &*= 2
                }
                high = min(low + step, count)
            } else {
                high = guess
                while high - step > 0, starts[high - step] > target {
                    high -= step
                    step &*= 2
                }
                low = max(high - step, 0)
            }
            while high - low > 1 {
                let middle = low + (high - low) / 2
                if starts[middle] <= target { low = middle } else { high = middle }
            }
            return low
        }
        let lineStart = Int(starts[low])
        let column = columnsAreBytes ? clamped - lineStart + 1 : SourceFile.characterCount(bytes[lineStart..<clamped]) + 1
        return SourceLocation(line: low + 1, column: column, offset: clamped)
    }

    /// The span of a range of byte offsets.
    ///
    /// Most spans end on the line they start on: the end is then placed on that line without a
    /// second search (the line the search would find, as the line starts ascend).
    public func span(_ offsets: Range<Int>) -> SourceSpan {
        let start = location(ofOffset: offsets.lowerBound)
        let clamped = max(0, min(offsets.upperBound, bytes.count))
        let target = UInt32(truncatingIfNeeded: clamped)
        let line = start.line  // 1-based: `starts[line - 1]` is its start, `starts[line]` the next line's
        guard starts[line - 1] <= target, line == starts.count || starts[line] > target else {
            return SourceSpan(fileID: id, start: start, end: location(ofOffset: offsets.upperBound))
        }
        let lineStart = Int(starts[line - 1])
        let column = columnsAreBytes ? clamped - lineStart + 1 : SourceFile.characterCount(bytes[lineStart..<clamped]) + 1
        return SourceSpan(fileID: id, start: start, end: SourceLocation(line: line, column: column, offset: clamped))
    }

    /// The byte offset of a 1-based line and character column.
    public func offset(line: Int, column: Int) -> Int {
        guard line >= 1, line <= starts.count else { return bytes.count }
        var offset = Int(starts[line - 1])
        let lineEnd = line < starts.count ? Int(starts[line]) : bytes.count
        var remaining = column - 1
        while remaining > 0, offset < lineEnd {
            offset += 1
            while offset < bytes.count, bytes[offset] & 0xC0 == 0x80 { offset += 1 }
            remaining -= 1
        }
        return offset
    }

    /// Counts characters (Unicode scalars, as libyaml does) in a run of UTF-8 bytes.
    static func characterCount(_ bytes: ArraySlice<UInt8>) -> Int {
        var count = 0
        for byte in bytes where byte & 0xC0 != 0x80 { count += 1 }
        return count
    }
}
