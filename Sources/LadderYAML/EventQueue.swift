import CYAML
import Foundation

/// What libyaml reported when it stopped on an error, copied out of the parser.
struct ParserFailure {
    var error: yaml_error_type_t
    var problem: String?
    var context: String?
    var problem_offset: Int
    var problem_mark: yaml_mark_t
    var context_mark: yaml_mark_t

    init(_ parser: yaml_parser_t) {
        error = parser.error
        problem = parser.problem.map { String(cString: $0) }
        context = parser.context.map { String(cString: $0) }
        problem_offset = parser.problem_offset
        problem_mark = parser.problem_mark
        context_mark = parser.context_mark
    }
}

/// The thread libyaml scans on. A POSIX thread rather than Foundation's `Thread`, so that a
/// failure to create one is seen (the caller then parses on its own thread) and the caller can
/// join it.
struct ProducerThread {
    private let thread: pthread_t

    /// Starts scanning `buffer` into `queue`; nil when no thread can be created. The caller keeps
    /// `buffer` alive until ``join()`` returns.
    static func start(scanning buffer: UnsafeBufferPointer<UInt8>, into queue: EventQueue) -> ProducerThread? {
        let work = Unmanaged.passRetained(ProducerWork(buffer: buffer, queue: queue))
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setstacksize(&attributes, 1 << 20)
        var thread = pthread_t()
        let status = pthread_create(&thread, &attributes, { context in
            let work = Unmanaged<ProducerWork>.fromOpaque(context!).takeRetainedValue()
            EventQueue.produce(work.buffer, into: work.queue)
            return nil
        }, work.toOpaque())
        guard status == 0 else {
            work.release()
            return nil
        }
        return ProducerThread(thread: thread)
    }

    /// Waits for the thread to end.
    func join() {
        pthread_join(thread, nil)
    }
}

/// What the producer thread needs, handed over through its start argument.
private final class ProducerWork {
    let buffer: UnsafeBufferPointer<UInt8>
    let queue: EventQueue

    init(buffer: UnsafeBufferPointer<UInt8>, queue: EventQueue) {
        self.buffer = buffer
        self.queue = queue
    }
}

/// A bounded queue of event batches between libyaml's thread and the tree builder.
final class EventQueue: @unchecked Sendable {
    static let batchSize = 256
    static let capacity = 4

    private let condition = NSCondition()
    private var batches: [[yaml_event_t]] = []
    /// Set with the last batch: nil after the stream's end, the failure after a parser error.
    private var end: ParserFailure??
    private var cancelled = false
    private var producerDone = false

    /// The producer: scans `buffer` and enqueues its events until the stream ends, libyaml fails,
    /// or the consumer cancels.
    static func produce(_ buffer: UnsafeBufferPointer<UInt8>, into queue: EventQueue) {
        var parser = yaml_parser_t()
        var batch: [yaml_event_t] = []
        batch.reserveCapacity(batchSize)
        var end: ParserFailure?? = nil
        if yaml_parser_initialize(&parser) == 1 {
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var event = yaml_event_t()
            while end == nil {
                if yaml_parser_parse(&parser, &event) == 1 {
                    batch.append(event)
                    if event.type == YAML_STREAM_END_EVENT { end = .some(nil) }
                } else {
                    end = .some(ParserFailure(parser))
                }
                if end != nil || batch.count == batchSize {
                    if !queue.put(&batch, end: end) { break }
                    batch.reserveCapacity(batchSize)
                }
            }
            yaml_parser_delete(&parser)
        } else {
            var failure = ParserFailure(parser)
            failure.problem = "out of memory starting the YAML parser"
            end = .some(failure)
            _ = queue.put(&batch, end: end)
        }
        queue.condition.lock()
        queue.producerDone = true
        queue.condition.broadcast()
        queue.condition.unlock()
    }

    /// Enqueues the batch (emptying it), waiting for room. False when the consumer cancelled:
    /// the batch's events are deleted here then.
    private func put(_ batch: inout [yaml_event_t], end: ParserFailure??) -> Bool {
        condition.lock()
        while batches.count >= EventQueue.capacity, !cancelled { condition.wait() }
        if cancelled {
            condition.unlock()
            for index in batch.indices { yaml_event_delete(&batch[index]) }
            batch.removeAll(keepingCapacity: true)
            return false
        }
        batches.append(batch)
        if let end { self.end = .some(end) }
        condition.broadcast()
        condition.unlock()
        batch = []
        return true
    }

    /// The next batch, and with the last one how the stream ended (nil: its end; a failure);
    /// nil when nothing more will come.
    func take() -> (batch: [yaml_event_t], end: ParserFailure?)? {
        condition.lock()
        defer { condition.unlock() }
        while batches.isEmpty, end == nil, !producerDone { condition.wait() }
        guard !batches.isEmpty else { return nil }
        let batch = batches.removeFirst()
        condition.broadcast()
        let isLast = batches.isEmpty && end != nil
        return (batch, isLast ? end! : nil)
    }

    /// Tells the producer to stop; batches already queued still come out of ``take()``.
    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }

    /// Deletes the events still queued after a cancel; called once the producer thread is joined.
    func discardLeftovers() {
        condition.lock()
        for batchIndex in batches.indices {
            for index in batches[batchIndex].indices { yaml_event_delete(&batches[batchIndex][index]) }
        }
        batches.removeAll()
        condition.unlock()
    }
}
