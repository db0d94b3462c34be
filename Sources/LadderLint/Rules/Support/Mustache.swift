/// The tags of a Mustache template, as far as Ladder supports them.
struct MustacheTag {
    enum Kind {
        /// `{{x}}`, `{{{x}}}`, `{{&x}}`.
        case variable
        /// `{{#x}}`.
        case section
        /// `{{^x}}`.
        case inverted
        /// `{{/x}}`.
        case close
        /// `{{! ... }}`.
        case comment
        /// `{{> x}}`: not supported.
        case partial
        /// `{{=<% %>=}}`: not supported.
        case delimiters
    }

    var kind: Kind
    var name: String
    /// UTF-8 byte range of the name in the template text (of the whole tag when there is no name).
    var nameRange: Range<Int>
}

/// A problem in the template's syntax, with its UTF-8 byte range.
struct MustacheProblem {
    var message: String
    var range: Range<Int>
    var hint: String?
}

enum Mustache {
    /// Splits a template into tags; stops at an unclosed tag or a delimiter change.
    static func tags(in text: String) -> (tags: [MustacheTag], problems: [MustacheProblem]) {
        let bytes = Array(text.utf8)
        var tags: [MustacheTag] = []
        var problems: [MustacheProblem] = []
        var index = 0
        func find(_ needle: [UInt8], from start: Int) -> Int? {
            guard bytes.count >= needle.count, start <= bytes.count - needle.count else { return nil }
            for position in start...(bytes.count - needle.count) where bytes[position] == needle[0] {
                if Array(bytes[position..<(position + needle.count)]) == needle { return position }
            }
            return nil
        }
        let open: [UInt8] = Array("{{".utf8)
        while let start = find(open, from: index) {
            let triple = start + 2 < bytes.count && bytes[start + 2] == UInt8(ascii: "{")
            let closing: [UInt8] = Array((triple ? "}}}" : "}}").utf8)
            let contentStart = start + (triple ? 3 : 2)
            guard let end = find(closing, from: contentStart) else {
                var lineEnd = start
                while lineEnd < bytes.count, bytes[lineEnd] != 0x0A { lineEnd += 1 }
                problems.append(MustacheProblem(
                    message: "this tag is not closed", range: start..<lineEnd, hint: "close it with `\(String(decoding: closing, as: UTF8.self))`"))
                break
            }
            index = end + closing.count
            var kind = MustacheTag.Kind.variable
            var nameStart = contentStart
            if !triple, contentStart < end {
                switch bytes[contentStart] {
                case UInt8(ascii: "#"): kind = .section
                case UInt8(ascii: "^"): kind = .inverted
                case UInt8(ascii: "/"): kind = .close
                case UInt8(ascii: "!"): kind = .comment
                case UInt8(ascii: ">"): kind = .partial
                case UInt8(ascii: "="): kind = .delimiters
                case UInt8(ascii: "&"): kind = .variable
                default: nameStart -= 1
                }
                nameStart += 1
            }
            var nameEnd = end
            if kind == .delimiters, nameEnd > nameStart, bytes[nameEnd - 1] == UInt8(ascii: "=") { nameEnd -= 1 }
            while nameStart < nameEnd, bytes[nameStart] == 0x20 || bytes[nameStart] == 0x09 || bytes[nameStart] == 0x0A { nameStart += 1 }
            while nameEnd > nameStart, bytes[nameEnd - 1] == 0x20 || bytes[nameEnd - 1] == 0x09 || bytes[nameEnd - 1] == 0x0A { nameEnd -= 1 }
            let name = String(decoding: bytes[nameStart..<nameEnd], as: UTF8.self)
            let range = nameStart < nameEnd ? nameStart..<nameEnd : start..<index
            tags.append(MustacheTag(kind: kind, name: name, nameRange: range))
            if kind == .delimiters { break }
        }
        return (tags, problems)
    }
}
