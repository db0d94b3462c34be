import Collections
import Foundation
import LadderTime

/// The timers the engine asked for, in a heap, with lazy cancellation: a cancelled timer stays
/// in the heap and is dropped when it reaches the top.
///
/// Timers come out in `Timer` order: by instant; at the same instant team-availability timers,
/// then SLA thresholds, then periodic notifications; then in the order they were set.
public struct TimerQueue: Sendable {
    private var heap = Heap<Timer>()
    private var cancelled = Set<UInt64>()

    public init() {}

    /// Takes in the timers set and cancelled by a step.
    public mutating func apply(_ effects: [Effect]) {
        for effect in effects {
            switch effect {
            case .timerSet(let timer): heap.insert(timer)
            case .timerCancelled(let timer): cancelled.insert(timer.sequence)
            default: break
            }
        }
    }

    /// The earliest live timer.
    public mutating func peek() -> Timer? {
        while let top = heap.min {
            guard cancelled.contains(top.sequence) else { return top }
            cancelled.remove(top.sequence)
            heap.removeMin()
        }
        return nil
    }

    /// Removes and returns the earliest live timer if it is due at or before `instant`.
    public mutating func popDue(atOrBefore instant: Instant) -> Timer? {
        guard let top = peek(), top.due <= instant else { return nil }
        heap.removeMin()
        return top
    }

    /// Live and cancelled-but-not-yet-dropped timers.
    public var storedCount: Int { heap.count }
}

/// One step as the scheduler ran it: when, what came in, what happened.
public struct StepRecord: Sendable {
    public enum Input: Sendable {
        case event(EngineEvent)
        case timer(Timer)
    }

    public var time: Instant
    public var input: Input
    public var result: StepResult
}

/// Owns time for the engine: keeps the engine state and the timer heap, feeds due timers back
/// to the engine in order, and handles external events at an instant after every timer due at or
/// before it ("timers at an event's instant fire first").
///
/// The scheduler itself never reads a clock: callers say what time it is. `run(until:clock:)`
/// drives it with a `SchedulerClock` — `VirtualClock` jumps straight to the next due timer
/// (traces, tests), `WallClock` sleeps until it (the runner).
public struct Scheduler: Sendable {
    public let engine: Engine
    public private(set) var state: EngineState
    public private(set) var timers = TimerQueue()
    /// The instant of the last step.
    public private(set) var now: Instant

    public init(engine: Engine, state: EngineState? = nil, now: Instant) {
        self.engine = engine
        self.state = state ?? engine.makeState()
        self.now = now
    }

    /// The instant of the next live timer.
    public mutating func nextDue() -> Instant? { timers.peek()?.due }

    /// Fires every timer due at or before `instant`, in order, and moves time to `instant`.
    /// `limit` bounds the number of timers fired (a safety net); `onStep` sees each step.
    @discardableResult
    public mutating func advance(to instant: Instant, limit: Int = .max, _ onStep: (StepRecord) -> Void = { _ in }) -> Int {
        var fired = 0
        while fired < limit, let timer = timers.popDue(atOrBefore: instant) {
            fired += 1
            let at = max(now, timer.due)
            now = at
            let result = engine.step(&state, .timer(timer), at: at)
            timers.apply(result.effects)
            onStep(StepRecord(time: at, input: .timer(timer), result: result))
        }
        if fired < limit { now = max(now, instant) }
        return fired
    }

    /// Handles an external event at `instant`, after the timers due at or before it.
    public mutating func handle(_ event: EngineEvent, at instant: Instant, _ onStep: (StepRecord) -> Void = { _ in }) -> StepResult {
        advance(to: instant, onStep)
        let result = engine.step(&state, event, at: now)
        timers.apply(result.effects)
        onStep(StepRecord(time: now, input: .event(event), result: result))
        return result
    }

    /// Fires timers as the clock reaches them, until `deadline` (or for ever with nil).
    public mutating func run(until deadline: Instant?, clock: some SchedulerClock, _ onStep: (StepRecord) -> Void = { _ in }) async throws {
        while let due = nextDue() {
            if let deadline, due > deadline { break }
            try await clock.sleep(until: due)
            advance(to: clock.now(), onStep)
        }
        if let deadline {
            try await clock.sleep(until: deadline)
            advance(to: deadline, onStep)
        }
    }
}

/// Where the scheduler gets the time from.
public protocol SchedulerClock: Sendable {
    /// The current instant.
    func now() -> Instant
    /// Returns at `deadline` (or at once if it has passed).
    func sleep(until deadline: Instant) async throws
}

/// Real time: seconds since 1970 from the system clock.
public struct WallClock: SchedulerClock {
    public init() {}

    public func now() -> Instant { Instant(seconds: Int64(Date().timeIntervalSince1970.rounded(.down))) }

    public func sleep(until deadline: Instant) async throws {
        let wait = Double(deadline.seconds) - Date().timeIntervalSince1970
        if wait > 0 { try await Task.sleep(nanoseconds: UInt64(wait * 1_000_000_000)) }
    }
}

/// Virtual time: sleeping jumps straight to the deadline.
public final class VirtualClock: SchedulerClock, @unchecked Sendable {
    private let lock = NSLock()
    private var current: Instant

    public init(start: Instant) { current = start }

    public func now() -> Instant { lock.withLock { current } }

    public func sleep(until deadline: Instant) async throws {
        lock.withLock { current = max(current, deadline) }
    }

    /// Moves the clock forward (never back).
    public func advance(to instant: Instant) {
        lock.withLock { current = max(current, instant) }
    }
}
