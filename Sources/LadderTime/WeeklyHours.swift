/// The open hours of a calendar for each day of the week: per weekday, a sorted list of
/// non-overlapping `OpenRange`s in local wall-clock time. A day with no ranges is closed.
public struct WeeklyHours: Hashable, Sendable, CustomStringConvertible {
    private var days: [[OpenRange]]

    /// Every day closed.
    public init() {
        days = Array(repeating: [], count: 7)
    }

    /// Hours from a table. Ranges are sorted and overlapping or touching ranges of a day are
    /// merged, so the invariant holds for any input (the parsers report overlaps as errors instead).
    public init(_ table: [Weekday: [OpenRange]]) {
        self.init()
        for (day, ranges) in table { self[day] = ranges }
    }

    /// The same ranges on each of `days`, closed on the others.
    public init(_ ranges: [OpenRange], on days: some Sequence<Weekday>) {
        self.init()
        for day in days { self[day] = ranges }
    }

    /// Open every day, all day (24x7).
    public static let allDay = WeeklyHours([.wholeDay], on: Weekday.allCases)

    /// The sorted, non-overlapping ranges of a weekday. Setting normalizes (sorts, merges overlaps).
    public subscript(day: Weekday) -> [OpenRange] {
        get { days[day.rawValue] }
        set { days[day.rawValue] = WeeklyHours.normalized(newValue) }
    }

    /// Open seconds on a weekday (nominal: 24:00 means 24 hours, daylight saving ignored).
    public func openSeconds(on day: Weekday) -> Int64 {
        days[day.rawValue].reduce(0) { $0 + $1.seconds }
    }

    /// Open seconds in a nominal week.
    public var weeklyOpenSeconds: Int64 {
        Weekday.allCases.reduce(0) { $0 + openSeconds(on: $1) }
    }

    /// Whether any day has open time.
    public var hasOpenTime: Bool { days.contains { !$0.isEmpty } }

    private static func normalized(_ ranges: [OpenRange]) -> [OpenRange] {
        var out: [OpenRange] = []
        for range in ranges.sorted() {
            if let last = out.last, range.start <= last.end {
                out[out.count - 1] = OpenRange(start: last.start, end: max(last.end, range.end))!
            } else {
                out.append(range)
            }
        }
        return out
    }

    /// Compact text grouping consecutive days with equal hours: `mon-fri 08:00-18:00, sat 09:00-13:00`;
    /// `closed` when nothing is open.
    public var description: String {
        var parts: [String] = []
        var i = 0
        while i < 7 {
            let ranges = days[i]
            var j = i
            while j + 1 < 7, days[j + 1] == ranges { j += 1 }
            if !ranges.isEmpty {
                let key = i == j ? Weekday(rawValue: i)!.name : "\(Weekday(rawValue: i)!.name)-\(Weekday(rawValue: j)!.name)"
                parts.append("\(key) \(ranges.map(\.description).joined(separator: ", "))")
            }
            i = j + 1
        }
        return parts.isEmpty ? "closed" : parts.joined(separator: "; ")
    }

    // MARK: Parsing the `hours:` mapping

    /// A problem in one entry of an `hours:` mapping.
    public struct Issue: Error, Hashable, Sendable, CustomStringConvertible {
        /// Which string of the entry the problem is in.
        public enum Part: Hashable, Sendable {
            /// The key, e.g. `mon-fri`.
            case days
            /// The value, e.g. `"08:00-18:00"`.
            case hours
        }
        /// Index of the entry in the order given to `parse`.
        public var entry: Int
        /// Whether the problem is in the key or the value.
        public var part: Part
        /// Message, byte offset within that part's text, and hint.
        public var error: TimeParseError

        public var description: String { error.description }
    }

    /// Builds weekly hours from the entries of an `hours:` mapping, in file order, e.g.
    /// `[("mon-fri", "08:00-18:00"), ("sat", "09:00-13:00")]`.
    ///
    /// Keys are parsed with `Weekday.parseDays`, values with `OpenRange.parseList`. Each day may
    /// appear in only one key; a day given hours twice is reported on the later key, naming the day
    /// (and the overlapping ranges, if any). Days not mentioned are closed. Returns the hours built
    /// from the valid entries together with every issue found, so a decoder can report all of them.
    public static func parse(_ entries: [(days: String, hours: String)]) -> (hours: WeeklyHours, issues: [Issue]) {
        var hours = WeeklyHours()
        var issues: [Issue] = []
        var owner: [Int: (entry: Int, key: String)] = [:]
        for (index, entry) in entries.enumerated() {
            let mentions: [Weekday.Mention]
            switch Weekday.parseMentions(entry.days) {
            case .failure(let error):
                issues.append(Issue(entry: index, part: .days, error: error))
                mentions = []
            case .success(let list):
                mentions = list
            }
            let ranges: [OpenRange]?
            switch OpenRange.parseList(entry.hours) {
            case .failure(let error):
                issues.append(Issue(entry: index, part: .hours, error: error))
                ranges = nil
            case .success(let list):
                ranges = list
            }
            for mention in mentions {
                for day in mention.days {
                    if let first = owner[day.rawValue] {
                        var message = "\(day) is given hours twice, in \"\(first.key)\" and in \"\(entry.days)\""
                        if let ranges {
                            let clashes = ranges.flatMap { r in hours[day].filter { $0.overlaps(r) }.map { "\($0) and \(r)" } }
                            if let clash = clashes.first { message += "; its ranges \(clash) overlap" }
                        }
                        issues.append(Issue(entry: index, part: .days, error: TimeParseError(
                            message: message, offset: mention.offset,
                            hint: "list each day in one key; give a day several ranges as \"08:00-12:00, 13:00-17:00\"")))
                        continue
                    }
                    owner[day.rawValue] = (index, entry.days)
                    if let ranges { hours.days[day.rawValue] = ranges }
                }
            }
        }
        return (hours, issues)
    }
}

extension Weekday {
    /// Days named by one token of a day key, with the byte offset of the token.
    struct Mention {
        var days: [Weekday]
        var offset: Int
    }

    /// Parses a day key of an `hours:` mapping: a day `mon`, a range `mon-fri` (inclusive, running
    /// forward from `mon` to `sun`; `fri-mon` is refused with a hint), or a comma list of those,
    /// `mon, wed-fri`. Returns the days in week order. A day named twice is an error.
    public static func parseDays(_ text: String) -> Result<[Weekday], TimeParseError> {
        parseMentions(text).map { mentions in mentions.flatMap(\.days).sorted() }
    }

    static func parseMentions(_ text: String) -> Result<[Mention], TimeParseError> {
        let bytes = Array(text.utf8)
        var i = 0
        var mentions: [Mention] = []
        var seen: [Weekday: Int] = [:]
        func skipSpaces() { while i < bytes.count, Bytes.isSpace(bytes[i]) { i += 1 } }
        func isWordByte(_ b: UInt8) -> Bool {
            (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || b >= 0x80
        }
        func word() -> Result<(Weekday, Int), TimeParseError> {
            skipSpaces()
            let start = i
            while i < bytes.count, isWordByte(bytes[i]) { i += 1 }
            let name = Bytes.text(bytes, start..<i)
            if name.isEmpty {
                let what = i == bytes.count ? "end of text" : Bytes.character(bytes, at: i)
                return .failure(TimeParseError(message: "expected a day (mon .. sun), found \(what)", offset: start,
                                               hint: "write days as mon, mon-fri or mon, wed-fri"))
            }
            guard let day = Weekday(name: name) else {
                return .failure(TimeParseError(message: "unknown day \"\(name)\"", offset: start, hint: suggestion(for: name)))
            }
            return .success((day, start))
        }
        skipSpaces()
        if i == bytes.count {
            return .failure(TimeParseError(message: "empty day key", offset: 0, hint: "write days as mon, mon-fri or mon, wed-fri"))
        }
        while true {
            let first: Weekday
            let offset: Int
            switch word() {
            case .failure(let error): return .failure(error)
            case .success(let (day, at)): first = day; offset = at
            }
            var last = first
            skipSpaces()
            if i < bytes.count, bytes[i] == UInt8(ascii: "-") {
                i += 1
                switch word() {
                case .failure(let error): return .failure(error)
                case .success(let (day, _)): last = day
                }
                guard first <= last else {
                    let key = Bytes.text(bytes, offset..<i)
                    let tail = first == .sun ? "sun" : "\(first)-sun"
                    let head = last == .mon ? "mon" : "mon-\(last)"
                    return .failure(TimeParseError(message: "day range \"\(key)\" runs backwards", offset: offset,
                                                   hint: "ranges run forward from mon to sun; write \"\(tail), \(head)\" to span the weekend"))
                }
            }
            let days = (first.rawValue...last.rawValue).map { Weekday(rawValue: $0)! }
            for day in days {
                if seen[day] != nil {
                    return .failure(TimeParseError(message: "\(day) is named twice in \"\(text)\"", offset: offset,
                                                   hint: "name each day once"))
                }
                seen[day] = offset
            }
            mentions.append(Mention(days: days, offset: offset))
            skipSpaces()
            if i == bytes.count { break }
            guard bytes[i] == UInt8(ascii: ",") else {
                return .failure(TimeParseError(message: "expected \",\" or \"-\" after \(last), found \(Bytes.character(bytes, at: i))",
                                               offset: i, hint: "write days as mon, mon-fri or mon, wed-fri"))
            }
            i += 1
        }
        return .success(mentions)
    }

    /// A "did you mean" hint for an unknown day name.
    static func suggestion(for name: String) -> String {
        let all = "days are mon, tue, wed, thu, fri, sat, sun"
        let lower = name.lowercased()
        let fullNames = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
        var best: Weekday?
        if let day = Weekday(name: lower) {
            best = day
        } else if lower.count >= 2, let index = fullNames.firstIndex(where: { $0.hasPrefix(lower) || lower.hasPrefix($0) }) {
            best = Weekday(rawValue: index)
        } else {
            let scored = Weekday.allCases.map { ($0, editDistance(Array(lower.utf8), Array($0.name.utf8))) }
            if let (day, distance) = scored.min(by: { $0.1 < $1.1 }), distance <= 1 || (distance == 2 && lower.count >= 4) {
                best = day
            }
        }
        if let best { return "did you mean \"\(best)\"? \(all)" }
        return all
    }

    /// Edit distance counting a swap of two neighbouring letters as one edit (`fir` -> `fri`).
    private static func editDistance(_ a: [UInt8], _ b: [UInt8]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var d = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
                }
            }
        }
        return d[a.count][b.count]
    }
}
