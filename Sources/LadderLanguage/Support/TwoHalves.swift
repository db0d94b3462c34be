import Foundation

/// Splits `0..<count` in two and runs `work` on each half on its own thread (the caller's and a
/// worker), returning both results in order. For the per-stage work of very large workflows,
/// where each stage is independent of the others.
func inTwoHalves<Value: Sendable>(of count: Int, _ work: @Sendable (Range<Int>) -> Value) -> (Value, Value) {
    let halves = [0..<count / 2, count / 2..<count]
    let results = HalfResults<Value>()
    DispatchQueue.concurrentPerform(iterations: 2) { part in
        results.store(part, work(halves[part]))
    }
    return (results.take(0), results.take(1))
}

/// Each slot is written by one thread and read after both finished (`concurrentPerform` returns
/// only then), under a lock all the same.
private final class HalfResults<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [Value?] = [nil, nil]

    func store(_ part: Int, _ value: Value) {
        lock.lock()
        slots[part] = value
        lock.unlock()
    }

    func take(_ part: Int) -> Value {
        lock.lock()
        defer { lock.unlock() }
        return slots[part]!
    }
}
