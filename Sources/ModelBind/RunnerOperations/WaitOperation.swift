import ModelBindSupport
import ModelRunnerClient
import RunnerEndpoints

/// `wait`: returns as soon as the runner passes the one runner check (`GET /models`), asking again with
/// backoff (0.1 s doubling to 2 s) until `timeout`. For CI jobs that just started Docker.
public struct WaitOperation: Sendable {
    /// `--runner`; nil: `MODEL_RUNNER_HOST`, the Desktop socket, the default. No project is read.
    public var runner: String?
    public var timeout: Duration
    public var firstDelay: Duration
    public var maximumDelay: Duration

    public init(
        runner: String? = nil, timeout: Duration = .seconds(60), firstDelay: Duration = .milliseconds(100),
        maximumDelay: Duration = .seconds(2)
    ) {
        self.runner = runner
        self.timeout = timeout
        self.firstDelay = firstDelay
        self.maximumDelay = maximumDelay
    }

    public struct Outcome: Sendable, Codable {
        public var runner: RunnerChoice
        public var answered: Bool
        /// Seconds from the start to the answer (or to giving up).
        public var seconds: Double
        public var attempts: Int
        /// The last reason it did not answer (the fix included); nil when it answered.
        public var problem: String?
    }

    /// Waits; `progress` gets one line when the first try fails (the only line until the end).
    /// Cancelling the task ends the wait (throws `CancellationError`).
    public func run(in context: OperationContext, progress: @escaping @Sendable (String) -> Void = { _ in })
        async throws -> Outcome
    {
        let endpoint = try ProvisionOperation.runner(runner, environment: context.environment, context: context)
        let choice = RunnerChoice(endpoint, processEnvironment: context.environment)
        let clock = ContinuousClock()
        let start = clock.now
        let deadline = start + timeout
        var delay = firstDelay
        var attempts = 0
        var problem: String?
        // A fresh client per try: a pool that saw a refusal must not hold on to it.
        while true {
            try Task.checkCancellation()
            attempts += 1
            let remaining = deadline - clock.now
            let connectTimeout = max(.milliseconds(100), min(.seconds(2), remaining))
            let client = RunnerClient(
                endpoint: endpoint, connectTimeout: connectTimeout, requestTimeout: connectTimeout)
            let probe = await client.probe()
            try? await client.shutdown()
            let elapsed = clock.now - start
            if probe.isRunning {
                return Outcome(
                    runner: choice, answered: true, seconds: Self.seconds(elapsed), attempts: attempts, problem: nil)
            }
            if problem == nil {
                progress(
                    "waiting for the model runner at \(endpoint.description) (\(choice.reason)), up to "
                        + "\(RunnerClient.seconds(timeout)): \(Self.shortReason(probe))")
            }
            problem = probe.message
            let now = clock.now
            guard now < deadline else {
                return Outcome(
                    runner: choice, answered: false, seconds: Self.seconds(now - start), attempts: attempts,
                    problem: problem)
            }
            try await Task.sleep(for: min(delay, deadline - now))
            delay = min(maximumDelay, delay * 2)
        }
    }

    /// Whole milliseconds, in seconds (what the outcome reports).
    static func seconds(_ duration: Duration) -> Double {
        (duration.inSeconds * 1000).rounded(.down) / 1000
    }

    static func shortReason(_ probe: RunnerProbe) -> String {
        switch probe.state {
        case .running: "running"
        case .unreachable: "not reachable yet"
        case .notRunning: "answers 503, not running yet"
        case .notARunner: "something answers, but not as a model runner"
        }
    }
}
