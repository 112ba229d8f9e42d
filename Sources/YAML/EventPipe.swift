#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Runs an ``EventProducer`` on a thread of its own and hands its batches to the calling thread
/// through a ring of ``EventBatch``es, so that libyaml parses the next events while the document
/// is built from the last ones. On two cores the reader then takes little more than libyaml alone
/// (1.1× a bare event scan on the large benchmark workload, against 1.5× on one thread).
///
/// Each batch belongs to one side at a time: the producer fills it while it is empty, the consumer
/// reads it while it is full. The hand-over happens under a pthread mutex, which also orders the
/// batch's memory between the threads.
final class EventPipe: @unchecked Sendable {
    // @unchecked: `full` and `cancelled` are only touched with `mutex` held; a batch is touched
    // only by the side that owns it, as `full` says; `next` and `thread` belong to the consumer.
    private let batches: [EventBatch]
    private var full: [Bool]
    private var cancelled = false
    private let producer: EventProducer
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private let changed: UnsafeMutablePointer<pthread_cond_t>
    /// The producer thread, once started.
    private var thread: JoinableThread<Void>?
    private var next = 0

    init(producer: EventProducer, batchCount: Int, eventLimit: Int, textLimit: Int) {
        self.producer = producer
        batches = (0..<max(batchCount, 2)).map { _ in EventBatch(eventLimit: eventLimit, textLimit: textLimit) }
        full = Array(repeating: false, count: batches.count)
        mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
        changed = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
        changed.initialize(to: pthread_cond_t())
        pthread_cond_init(changed, nil)
    }

    /// The consumer calls ``finish()`` before letting go of the pipe (the thread holds it until then).
    deinit {
        pthread_cond_destroy(changed)
        changed.deinitialize(count: 1)
        changed.deallocate()
        pthread_mutex_destroy(mutex)
        mutex.deinitialize(count: 1)
        mutex.deallocate()
    }

    /// Starts the producer thread; false when no thread could be created (then nothing runs, and
    /// the caller reads on its own thread).
    func start(createsThread: Bool = true) -> Bool {
        guard createsThread else { return false }
        let thread = JoinableThread { [self] in produce() }
        guard thread.isStarted else { return false }
        self.thread = thread
        return true
    }

    /// The next full batch, in order; call ``release(_:)`` when done with it. After a batch with an
    /// `ending`, call nothing but ``finish()``.
    func nextBatch() -> EventBatch {
        let index = next
        pthread_mutex_lock(mutex)
        while !full[index] { pthread_cond_wait(changed, mutex) }
        pthread_mutex_unlock(mutex)
        return batches[index]
    }

    /// Gives the batch returned by the last ``nextBatch()`` back to the producer.
    func release(_ batch: EventBatch) {
        let index = next
        batch.reset()
        pthread_mutex_lock(mutex)
        full[index] = false
        pthread_cond_broadcast(changed)
        pthread_mutex_unlock(mutex)
        next = (index + 1) % batches.count
    }

    /// Stops the producer (if it is still parsing) and waits for its thread to end, so that the
    /// input is no longer read once this returns. Safe to call more than once.
    func finish() {
        guard let thread else { return }
        pthread_mutex_lock(mutex)
        cancelled = true
        pthread_cond_broadcast(changed)
        pthread_mutex_unlock(mutex)
        thread.join()
        self.thread = nil
    }

    /// The producer thread: fill the ring in order until the stream ends, fails, or is cancelled.
    private func produce() {
        var index = 0
        while true {
            pthread_mutex_lock(mutex)
            while full[index] && !cancelled { pthread_cond_wait(changed, mutex) }
            let stop = cancelled
            pthread_mutex_unlock(mutex)
            if stop { return }
            let batch = batches[index]
            producer.fill(batch)
            let ended = batch.ending != nil
            pthread_mutex_lock(mutex)
            full[index] = true
            pthread_cond_broadcast(changed)
            pthread_mutex_unlock(mutex)
            if ended { return }
            index = (index + 1) % batches.count
        }
    }
}
