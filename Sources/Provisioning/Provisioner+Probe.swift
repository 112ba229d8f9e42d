import ModelRunnerClient

extension Provisioner {
    /// Phase 0, the one runner check before any model work (``RunnerClient/requireRunner(timeout:)``):
    /// true when a model runner answers. Otherwise every model fails with one message for the whole
    /// run, saying what answered instead and how to fix it. Only a runner that may recover (503, a
    /// proxy's 502/504) is asked again, with ``ProvisionOptions/retry``, and that is announced once.
    func reachRunner(ledger: ProvisionLedger, events: @escaping @Sendable (ProvisionEvent) -> Void) async -> Bool {
        var attempt = 1
        while true {
            do {
                try await client.requireRunner()
                return true
            } catch is CancellationError {
                return false
            } catch let error as RunnerProbeError {
                guard error.mayRecover, options.retry.allowsRetry(after: attempt) else {
                    ledger.failUnfinished(message: error.description)
                    ledger.setMessage(error.description)
                    return false
                }
                if attempt == 1 {
                    events(
                        .warning(
                            key: nil,
                            message: "\(error.description); asking again up to \(options.retry.maximumAttempts - 1) "
                                + "more time\(options.retry.maximumAttempts == 2 ? "" : "s")"))
                }
                do {
                    try await sleep(options.retry.delay(beforeRetry: attempt, random: random()))
                    try Task.checkCancellation()
                } catch {
                    return false
                }
                attempt += 1
            } catch {
                ledger.failUnfinished(message: String(describing: error))
                ledger.setMessage(String(describing: error))
                return false
            }
        }
    }
}
