import LadderDiagnostics

extension YAMLNode {
    /// The source span of the UTF-8 byte range `range` of this scalar's value, so that a problem
    /// inside an expression or a list of hours is pointed at exactly.
    ///
    /// Plain and quoted scalars on one line map exactly (escapes and `''` included); for block and
    /// multi-line scalars the value is aligned with the source text byte by byte.
    public func span(ofValueRange range: Range<Int>, in source: SourceFile) -> SourceSpan {
        guard let scalar else { return span(in: source) }
        let start = sourceOffset(ofValueOffset: range.lowerBound, scalar: scalar, source: source)
        let end = range.isEmpty ? start : sourceOffset(ofValueOffset: range.upperBound - 1, scalar: scalar, source: source) + 1
        return source.span(start..<max(start, end))
    }

    private func sourceOffset(ofValueOffset target: Int, scalar: YAMLScalar, source: SourceFile) -> Int {
        let bytes = source.bytes
        var raw = offsets.lowerBound
        let rawEnd = min(offsets.upperBound, bytes.count)
        let value = Array(scalar.value.utf8)
        switch scalar.style {
        case .singleQuoted, .doubleQuoted: raw += 1
        case .literal, .folded:
            // Skip the indicator line (`|`, `>-`, ...).
            while raw < rawEnd, bytes[raw] != 0x0A { raw += 1 }
            raw += 1
        case .plain: break
        }
        var index = 0
        while index < min(target, value.count), raw < rawEnd {
            let byte = value[index]
            if bytes[raw] == byte {
                if scalar.style == .singleQuoted, byte == 0x27, raw + 1 < rawEnd, bytes[raw + 1] == 0x27 { raw += 1 }
                raw += 1
                index += 1
                continue
            }
            if scalar.style == .doubleQuoted, bytes[raw] == 0x5C {
                // An escape sequence stands for one value character (or a few bytes of one).
                raw += 2
                index += 1
                while index < value.count, value[index] & 0xC0 == 0x80 { index += 1 }
                continue
            }
            // Folding and indentation: skip source whitespace that the value does not hold.
            if bytes[raw] == 0x20 || bytes[raw] == 0x0A || bytes[raw] == 0x0D || bytes[raw] == 0x09 {
                raw += 1
                continue
            }
            index += 1
        }
        return min(raw, max(rawEnd, offsets.lowerBound))
    }
}
