import LadderDiagnostics

/// `# ladder-disable-next-line rule-id[, rule-id]` comments: the next non-comment line's
/// findings of those rules (of every rule when no id is given) are not reported.
struct Suppressions {
    static let marker = "ladder-disable-next-line"
    /// Line number → suppressed rule ids (empty set: every rule).
    private var byLine: [Int: Set<String>] = [:]

    init(source: SourceFile) {
        let needle = Array(Suppressions.marker.utf8)
        var pending: Set<String>?
        for line in 1...max(1, source.lineCount) {
            let trimmed = source.lineBytes(line).drop { $0 == 0x20 || $0 == 0x09 }
            if trimmed.first == 0x23 {
                if let range = Suppressions.find(needle, in: Array(trimmed)) {
                    let rest = String(decoding: Array(trimmed)[range.upperBound...], as: UTF8.self)
                    let ids = rest.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\t" }).map(String.init)
                    pending = (pending ?? []).union(ids)
                    if ids.isEmpty { pending = [] }
                }
                continue
            }
            if trimmed.isEmpty { continue }
            if let ids = pending {
                byLine[line] = ids
                pending = nil
            }
        }
    }

    func isSuppressed(_ diagnostic: Diagnostic) -> Bool {
        guard let ids = byLine[diagnostic.span.start.line] else { return false }
        return ids.isEmpty || ids.contains(diagnostic.id)
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Range<Int>? {
        guard haystack.count >= needle.count else { return nil }
        for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
            if Array(haystack[start..<(start + needle.count)]) == needle { return start..<(start + needle.count) }
        }
        return nil
    }
}
