import Dispatch
import FoundationEssentials
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Runs an operation with Ctrl-C (SIGINT) and SIGTERM wired to cancelling it; `cleanUp` runs on
/// the signal (restore the cursor, say). Returns the operation's result and the signal that
/// interrupted it, if one did.
enum Interruption {
    static func run<Result: Sendable>(
        cleanUp: @escaping @Sendable () -> Void, _ operation: @escaping @Sendable () async throws -> Result
    ) async throws -> (result: Result, signal: Int32?) {
        let received = Atomic<Int32>(0)
        let task = Task { try await operation() }
        var sources: [any DispatchSourceSignal] = []
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                received.store(number, ordering: .sequentiallyConsistent)
                cleanUp()
                task.cancel()
            }
            source.resume()
            sources.append(source)
        }
        defer {
            for source in sources { source.cancel() }
            signal(SIGINT, SIG_DFL)
            signal(SIGTERM, SIG_DFL)
        }
        let result = try await task.value
        let number = received.load(ordering: .sequentiallyConsistent)
        return (result, number == 0 ? nil : number)
    }

    /// The exit status for a run `signal` interrupted: 128 + the signal (130 for SIGINT, 143 for SIGTERM).
    static func exitStatus(_ signal: Int32) -> Int32 { 128 + signal }
}
