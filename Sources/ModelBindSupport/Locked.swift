/// A value guarded by a pthread mutex, with the same `withLock` shape as `Synchronization.Mutex`.
///
/// Used instead of `Mutex` because on Linux `Mutex` is a bare futex that ThreadSanitizer cannot see:
/// under `make sanitize` every access inside `withLock` was reported as a race. pthread mutexes are
/// intercepted by the sanitizers, so real races stay visible and false ones go away (the mutex is
/// the YAML module's `PThreadLock`, which the YAML reader's thread hand-over uses too).
public final class Locked<Value>: @unchecked Sendable {
    // @unchecked: `value` is only read or written with `lock` held.
    private var value: Value
    private let lock = PThreadLock()

    public init(_ value: Value) {
        self.value = value
    }

    /// Runs `body` with exclusive access to the value.
    public func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        try lock.withLock { try body(&value) }
    }
}
