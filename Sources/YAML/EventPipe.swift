/// Hands an ``EventProducer``'s batches to the thread that builds the document.
///
/// Pipelined, the producer runs on a thread of its own and fills a ring of ``EventBatch``es while
/// the document is built from the last ones; on two cores the reader then takes little more than
/// libyaml alone (1.1× a bare event scan on the large benchmark workload, against 1.5× on one
/// thread). Otherwise, or when no thread can be created, the calling thread fills one batch
/// itself each time it asks for the next, so the builder reads the same way in both cases.
///
/// Pipelined, each batch belongs to one side at a time: the producer fills it while it is empty,
/// the consumer reads it while it is full. The hand-over happens under a pthread mutex, which
/// also orders the batch's memory between the threads.
final class EventPipe: @unchecked Sendable {
    // @unchecked: `full` and `cancelled` are only touched with `lock` held; a batch is touched only
    // by the side that owns it, as `full` says; `next` and `thread` belong to the consumer.
    private let batches: [EventBatch]
    private var full: [Bool]
    private var cancelled = false
    private let producer: EventProducer
    private let lock = PThreadLock()
    /// The producer thread; nil when the calling thread fills the batches.
    private var thread: JoinableThread<Void>?
    private var next = 0

    /// Starts the producer thread when `sizes` asks for one (and one can be created).
    init(producer: EventProducer, sizes: EventBatchSizes) {
        self.producer = producer
        let count = sizes.onThread ? max(sizes.batches, 2) : 1
        batches = (0..<count).map { _ in EventBatch(eventLimit: sizes.events, textLimit: sizes.textBytes) }
        full = Array(repeating: false, count: count)
        if sizes.onThread && !sizes.failsToStartThread {
            let thread = JoinableThread { [self] in produce() }
            if thread.isStarted { self.thread = thread }
        }
    }

    /// The next full batch, in order; call ``release(_:)`` when done with it. After a batch with an
    /// `ending`, call nothing but ``finish()``.
    func nextBatch() -> EventBatch {
        let batch = batches[next]
        guard thread != nil else {
            producer.fill(batch)
            return batch
        }
        lock.withLock { lock.wait { full[next] } }
        return batch
    }

    /// Gives the batch returned by the last ``nextBatch()`` back to be filled again.
    func release(_ batch: EventBatch) {
        batch.reset()
        if thread != nil {
            lock.withLock {
                full[next] = false
                lock.broadcast()
            }
        }
        next = (next + 1) % batches.count
    }

    /// Stops the producer (if it is still parsing) and waits for its thread to end, so that the
    /// input is no longer read once this returns. Safe to call more than once; the consumer calls
    /// it before letting go of the pipe (the thread holds the pipe until then).
    func finish() {
        guard let thread else { return }
        lock.withLock {
            cancelled = true
            lock.broadcast()
        }
        thread.join()
        self.thread = nil
    }

    /// The producer thread: fill the ring in order until the stream ends, fails, or is cancelled.
    private func produce() {
        var index = 0
        while true {
            let stop = lock.withLock {
                lock.wait { !full[index] || cancelled }
                return cancelled
            }
            if stop { return }
            let batch = batches[index]
            producer.fill(batch)
            // Read before the hand-over: from then on the batch is the consumer's.
            let ended = batch.ending != nil
            lock.withLock {
                full[index] = true
                lock.broadcast()
            }
            if ended { return }
            index = (index + 1) % batches.count
        }
    }
}
