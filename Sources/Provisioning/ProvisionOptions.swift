/// How a ``Provisioner`` run behaves: `--pull`, `--parallel`, timeouts, `--backend`, `--dry-run`, retries.
public struct ProvisionOptions: Sendable, Hashable {
    /// When to pull.
    public enum PullPolicy: String, Sendable, Hashable, CaseIterable {
        /// Pull what the runner does not have (checked with `GET /models/{ref}`).
        case missing
        /// Pull every model, present or not (the runner fetches the manifest and reuses what it has).
        case always
        /// Pull nothing; a missing model is an error.
        case never
    }

    public var pull: PullPolicy
    /// Models handled at once; DMR itself runs at most 2 pulls and queues the rest.
    public var parallel: Int
    /// Fail a model's pull when no byte arrives for this long; `nil` waits forever.
    public var stallTimeout: Duration?
    /// Give up on the whole run after this long; `nil` for no limit.
    public var timeout: Duration?
    /// Configure through `/engines/{backend}/_configure` instead of `/engines/_configure`.
    public var backend: String?
    /// Check presence only (read-only calls) and report what would be done.
    public var dryRun: Bool
    /// Only read back what the runner holds (`GET /engines/_configure`) and compare it with the
    /// project's `context_size` and `runtime_flags`; a difference fails the model (`--check`).
    public var checkOnly: Bool
    /// Retries for refused connections and 5xx before a stream starts, and for interrupted streams.
    public var retry: RetryPolicy
    /// Retries for `_configure` answering 409 (runner busy).
    public var busyRetry: RetryPolicy

    public init(
        pull: PullPolicy = .missing,
        parallel: Int = 2,
        stallTimeout: Duration? = .seconds(60),
        timeout: Duration? = nil,
        backend: String? = nil,
        dryRun: Bool = false,
        checkOnly: Bool = false,
        retry: RetryPolicy = RetryPolicy(),
        busyRetry: RetryPolicy = RetryPolicy(maximumAttempts: 5, initialDelay: .seconds(1))
    ) {
        self.pull = pull
        self.parallel = max(1, parallel)
        self.stallTimeout = stallTimeout
        self.timeout = timeout
        self.backend = backend
        self.dryRun = dryRun
        self.checkOnly = checkOnly
        self.retry = retry
        self.busyRetry = busyRetry
    }
}
