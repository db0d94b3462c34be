import Foundation

/// The UTC offsets of a time zone as a precomputed table, so calendar arithmetic never calls
/// Foundation in its hot path.
///
/// The table holds every offset change from 1900 to 2440, read once from Foundation
/// (`nextDaylightSavingTimeTransition(after:)` and `secondsFromGMT(for:)`). Beyond 2440 the
/// zone's rules are taken to repeat every 400 Gregorian years (exact for the annual rules the
/// tz database uses after 2037). Before 1900 the 1900 offset is used.
struct ZoneRules: Sendable {
    /// 1900-01-01T00:00:00Z.
    static let tableStart: Int64 = Civil.days(year: 1900, month: 1, day: 1) * 86_400
    /// 2440-01-01T00:00:00Z; from here on the last 400 years of the table repeat.
    static let tableEnd: Int64 = Civil.days(year: 2440, month: 1, day: 1) * 86_400
    /// 400 Gregorian years (146 097 days) in seconds.
    static let cycle: Int64 = 146_097 * 86_400
    /// Start of the repeating part of the table, 2040-01-01T00:00:00Z.
    static let cycleStart: Int64 = tableEnd - cycle

    /// Offset in force before the first transition.
    let initialOffset: Int64
    /// Instants where the offset changes, ascending, all in `tableStart..<tableEnd`.
    let times: [Int64]
    /// `offsets[i]` is in force from `times[i]` up to the next transition.
    let offsets: [Int64]
    /// Index of the first transition at or after `cycleStart`.
    let cycleFirst: Int
    /// `bucketFirst[b]`: index of the first transition at or after the start of bucket `b`, where
    /// bucket `b` covers `tableStart + b << bucketShift` (about 48 days each); narrows lookups to
    /// one or two entries.
    let bucketFirst: [Int32]
    static let bucketShift: Int64 = 22

    /// True when the offset never changes.
    var isFixed: Bool { times.isEmpty }

    init(initialOffset: Int64, times: [Int64], offsets: [Int64]) {
        self.initialOffset = initialOffset
        self.times = times
        self.offsets = offsets
        self.cycleFirst = times.firstIndex { $0 >= ZoneRules.cycleStart } ?? times.count
        var buckets: [Int32] = []
        if !times.isEmpty {
            let count = Int((ZoneRules.tableEnd - ZoneRules.tableStart) >> ZoneRules.bucketShift) + 1
            buckets.reserveCapacity(count)
            var i = 0
            for b in 0..<count {
                let start = ZoneRules.tableStart + Int64(b) << ZoneRules.bucketShift
                while i < times.count, times[i] < start { i += 1 }
                buckets.append(Int32(i))
            }
        }
        self.bucketFirst = buckets
    }

    /// Reads the table of a Foundation time zone (about 1 000 Foundation calls for a zone with
    /// daylight saving time, a millisecond or two; use `rules(for:)`, which caches).
    init(zone: TimeZone) {
        var t = Date(timeIntervalSince1970: Double(ZoneRules.tableStart))
        let end = Date(timeIntervalSince1970: Double(ZoneRules.tableEnd))
        let initial = Int64(zone.secondsFromGMT(for: t))
        var last = initial
        var times: [Int64] = []
        var offsets: [Int64] = []
        var steps = 0
        // Real zones change offset at most a few times a year; the cap only guards against a
        // Foundation implementation that keeps reporting non-changes.
        while steps < 20_000, let next = zone.nextDaylightSavingTimeTransition(after: t), next < end {
            steps += 1
            // Guard against an implementation that does not move forward.
            let moved = next > t ? next : t.addingTimeInterval(1)
            let instant = Int64(moved.timeIntervalSince1970.rounded())
            let offset = Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(instant))))
            if offset != last {
                times.append(instant)
                offsets.append(offset)
                last = offset
            }
            t = moved
        }
        self.init(initialOffset: initial, times: times, offsets: offsets)
    }

    /// The offset in force at `t` and the instant the next offset change happens
    /// (`Int64.max` when there is none).
    @inline(__always)
    func span(at t: Int64) -> (offset: Int64, end: Int64) {
        let count = times.count
        if count == 0 { return (initialOffset, .max) }
        if t < ZoneRules.tableEnd {
            let i = lastIndex(atOrBefore: t, from: 0)
            let offset = i < 0 ? initialOffset : offsets[i]
            let end: Int64
            if i + 1 < count {
                end = times[i + 1]
            } else {
                end = cycleFirst < count ? times[cycleFirst] + ZoneRules.cycle : .max
            }
            return (offset, end)
        }
        // Repeating part: map t into the last 400 years of the table.
        let offsetAtCycleStart = cycleFirst > 0 ? offsets[cycleFirst - 1] : initialOffset
        if cycleFirst == count { return (offsetAtCycleStart, .max) }
        let k = (t - ZoneRules.cycleStart) / ZoneRules.cycle
        let shifted = t - k * ZoneRules.cycle
        let shift = k * ZoneRules.cycle
        let i = lastIndex(atOrBefore: shifted, from: cycleFirst)
        if i < cycleFirst {
            return (offsetAtCycleStart, times[cycleFirst] + shift)
        }
        let end = i + 1 < count ? times[i + 1] + shift : times[cycleFirst] + shift + ZoneRules.cycle
        return (offsets[i], end)
    }

    /// The offset in force at `t`.
    @inline(__always)
    func offset(at t: Int64) -> Int64 { span(at: t).offset }

    /// Largest index `i >= from` with `times[i] <= t`, or `from - 1` if none.
    /// Requires `tableStart <= t < tableEnd` or `t` below the first transition.
    @inline(__always)
    private func lastIndex(atOrBefore t: Int64, from: Int) -> Int {
        guard t >= ZoneRules.tableStart else { return from - 1 }
        var i = max(Int(bucketFirst[Int((t - ZoneRules.tableStart) >> ZoneRules.bucketShift)]), from)
        while i < times.count, times[i] <= t { i += 1 }
        return i - 1
    }

    // MARK: Cache

    /// The rules of a zone, computed once per zone identifier and process.
    static func rules(for zone: TimeZone) -> ZoneRules {
        cache.rules(for: zone)
    }

    private static let cache = Cache()

    /// Zone tables by identifier. A lock-protected dictionary: tables are built rarely (once per
    /// zone) and then only read by value.
    private final class Cache: @unchecked Sendable {
        private let lock = NSLock()
        private var tables: [String: ZoneRules] = [:]

        func rules(for zone: TimeZone) -> ZoneRules {
            let key = zone.identifier
            lock.lock()
            if let found = tables[key] {
                lock.unlock()
                return found
            }
            lock.unlock()
            let built = ZoneRules(zone: zone)
            lock.lock()
            tables[key] = built
            lock.unlock()
            return built
        }
    }
}
