#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A pthread mutex with a condition variable, the project's one wrapper around them (`EventPipe`
/// hands batches over with it; ModelBind's `Locked` guards values with it).
///
/// pthread rather than `Synchronization.Mutex`: on Linux `Mutex` is a bare futex that
/// ThreadSanitizer cannot see, so every access under it was reported as a race; pthread calls
/// are intercepted by the sanitizers.
package final class PThreadLock: @unchecked Sendable {
    // @unchecked: the pthread objects are only used through their own thread-safe calls.
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private let condition: UnsafeMutablePointer<pthread_cond_t>

    package init() {
        mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
        condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
        condition.initialize(to: pthread_cond_t())
        pthread_cond_init(condition, nil)
    }

    deinit {
        pthread_cond_destroy(condition)
        condition.deinitialize(count: 1)
        condition.deallocate()
        pthread_mutex_destroy(mutex)
        mutex.deinitialize(count: 1)
        mutex.deallocate()
    }

    /// Runs `body` with the mutex held.
    package func withLock<Result>(_ body: () throws -> Result) rethrows -> Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body()
    }

    /// With the mutex held (inside ``withLock(_:)``): waits until `ready` is true, releasing the
    /// mutex while asleep; another thread's ``broadcast()`` wakes it to check again.
    package func wait(until ready: () -> Bool) {
        while !ready() { pthread_cond_wait(condition, mutex) }
    }

    /// With the mutex held: wakes every thread waiting in ``wait(until:)``.
    package func broadcast() {
        pthread_cond_broadcast(condition)
    }
}
