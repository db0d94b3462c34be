/// "Did you mean" suggestions by edit distance.
public enum Suggestions {
    /// The candidate closest to `word`, if it is close enough to be a plausible typo.
    public static func closest<S: Sequence>(to word: String, in candidates: S) -> String? where S.Element == String {
        let target = Array(word.lowercased().unicodeScalars)
        guard !target.isEmpty else { return nil }
        var best: (String, Int)?
        for candidate in candidates {
            let distance = editDistance(target, Array(candidate.lowercased().unicodeScalars))
            if best == nil || distance < best!.1 { best = (candidate, distance) }
        }
        guard let (candidate, distance) = best else { return nil }
        let limit = max(1, min(3, (target.count + 2) / 3))
        return distance <= limit ? candidate : nil
    }

    /// Levenshtein distance with transpositions counted as one edit.
    public static func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previousPrevious = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    value = min(value, previousPrevious[j - 2] + 1)
                }
                current[j] = value
            }
            (previousPrevious, previous, current) = (previous, current, previousPrevious)
        }
        return previous[b.count]
    }

    /// Turns an arbitrary name into a valid Ladder identifier (`[a-z][a-z0-9_]*`).
    public static func identifier(from name: String) -> String {
        var result = ""
        var lastWasSeparator = false
        var previousWasLower = false
        for scalar in name.unicodeScalars {
            if scalar.properties.isUppercase, previousWasLower, !result.isEmpty, !lastWasSeparator {
                result.append("_")
            }
            let lowered = String(scalar).lowercased()
            if let first = lowered.unicodeScalars.first, first.isASCII,
               (("a"..."z").contains(first) || ("0"..."9").contains(first)) {
                result.append(lowered)
                lastWasSeparator = false
                previousWasLower = !scalar.properties.isUppercase
            } else if !result.isEmpty, !lastWasSeparator {
                result.append("_")
                lastWasSeparator = true
                previousWasLower = false
            }
        }
        while result.hasSuffix("_") { result.removeLast() }
        if let first = result.unicodeScalars.first, ("0"..."9").contains(first) { result = "n_" + result }
        return result.isEmpty ? "name" : result
    }
}
