#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Runs a closure on a new thread of its own; ``join()`` waits for it and returns its result.
///
/// A fresh thread rather than a shared pool: the caller blocks in ``join()``, which on a pool
/// (Dispatch's, or Swift concurrency's, whose width is the number of cores) could wait for work
/// that no free thread is left to run. When no thread can be created, ``join()`` runs the
/// closure itself, so the work always happens exactly once.
package final class JoinableThread<Value: Sendable>: @unchecked Sendable {
    // @unchecked: `value` is written by the thread before it ends and read only after
    // `pthread_join`, which orders the two; `thread` belongs to the creating thread.
    private let body: @Sendable () -> Value
    private var value: Value?
    private var thread: ThreadHandle?

    /// Starts `body` on a new thread.
    package init(_ body: @escaping @Sendable () -> Value) {
        self.body = body
        thread = ThreadHandle.start { [self] in value = body() }
    }

    /// Whether a thread was started for `body`; false when none could be created, in which case
    /// ``join()`` runs it on the calling thread. (Read it before ``join()``.)
    package var isStarted: Bool { thread != nil }

    /// Waits for the thread to end and returns what the closure returned. Call it once, from the
    /// thread that created this.
    package func join() -> Value {
        thread?.join()
        thread = nil
        if let value { return value }
        let computed = body()
        value = computed
        return computed
    }
}

/// A started pthread running a closure (not generic: a C entry point cannot name a generic type).
private final class ThreadHandle {
    #if canImport(Darwin)
        private var thread: pthread_t?
    #else
        private var thread = pthread_t()
    #endif

    /// Runs `entry` on a new thread; nil when none could be created (`entry` did not run).
    static func start(_ entry: @escaping @Sendable () -> Void) -> ThreadHandle? {
        let handle = ThreadHandle()
        let context = Unmanaged.passRetained(Entry(entry))
        let result = pthread_create(&handle.thread, nil, threadMain, context.toOpaque())
        guard result == 0 else {
            context.release()
            return nil
        }
        return handle
    }

    func join() {
        #if canImport(Darwin)
            if let thread { pthread_join(thread, nil) }
        #else
            pthread_join(thread, nil)
        #endif
    }

    private final class Entry {
        let run: @Sendable () -> Void
        init(_ run: @escaping @Sendable () -> Void) { self.run = run }
    }

    #if canImport(Darwin)
        private static let threadMain: @convention(c) (UnsafeMutableRawPointer) -> UnsafeMutableRawPointer? = { raw in
            Unmanaged<Entry>.fromOpaque(raw).takeRetainedValue().run()
            return nil
        }
    #else
        private static let threadMain: @convention(c) (UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? = { raw in
            guard let raw else { return nil }
            Unmanaged<Entry>.fromOpaque(raw).takeRetainedValue().run()
            return nil
        }
    #endif
}

/// How many processors are online: with one, a second thread only adds its own cost. (An affinity
/// mask or a CPU quota that leaves the process one core is not seen here: Glibc's Swift module
/// does not export `sched_getaffinity`.)
package enum OnlineProcessors {
    package static let count = Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
}
