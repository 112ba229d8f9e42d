/// What a provisioning run did, per model.
public struct ProvisionReport: Sendable, Hashable {
    /// How one model ended.
    public enum Outcome: String, Sendable, Hashable {
        /// Already there; nothing to configure.
        case present
        /// Pulled; nothing to configure.
        case pulled
        /// Configured (after a pull, or present already: see ``Entry/pulled``).
        case configured
        /// `--check`: the runner holds the configuration the project asks for (or there is none to hold).
        case verified
        /// Dry run: not present, would be pulled.
        case missing
        /// Failed; ``Entry/message`` says why.
        case failed
        /// Not finished because the run was cancelled.
        case cancelled
    }

    /// One model's result.
    public struct Entry: Sendable, Hashable {
        public var key: String
        public var model: String
        public var outcome: Outcome
        /// Whether the runner had the model before the run (`nil` when not checked).
        public var wasPresent: Bool?
        /// Whether a pull succeeded in this run.
        public var pulled: Bool
        /// Whether `_configure` succeeded in this run.
        public var configured: Bool
        /// Bytes the pull reported (0 when not pulled).
        public var bytes: UInt64
        /// The model's size as the runner reports it in `GET /models/{ref}` (`256.35 MiB`), whether
        /// the model was present, pulled, or found cached by the pull.
        public var sizeText: String?
        /// Time spent on this model.
        public var duration: Duration
        /// Why it failed, or what a dry run would do, or the runner's success message.
        public var message: String?
        /// Warnings about this model.
        public var warnings: [String]

        public init(
            key: String,
            model: String,
            outcome: Outcome,
            wasPresent: Bool? = nil,
            pulled: Bool = false,
            configured: Bool = false,
            bytes: UInt64 = 0,
            sizeText: String? = nil,
            duration: Duration = .zero,
            message: String? = nil,
            warnings: [String] = []
        ) {
            self.key = key
            self.model = model
            self.outcome = outcome
            self.wasPresent = wasPresent
            self.pulled = pulled
            self.configured = configured
            self.bytes = bytes
            self.sizeText = sizeText
            self.duration = duration
            self.message = message
            self.warnings = warnings
        }
    }

    /// Per model, in plan order.
    public var entries: [Entry]
    public var dryRun: Bool
    /// The run was cancelled (Ctrl-C) before it finished.
    public var cancelled: Bool
    /// The run hit its `timeout`.
    public var timedOut: Bool
    /// A failure that concerns the whole run (runner unreachable, models missing with `--pull never`).
    public var message: String?
    public var duration: Duration

    public init(
        entries: [Entry],
        dryRun: Bool = false,
        cancelled: Bool = false,
        timedOut: Bool = false,
        message: String? = nil,
        duration: Duration = .zero
    ) {
        self.entries = entries
        self.dryRun = dryRun
        self.cancelled = cancelled
        self.timedOut = timedOut
        self.message = message
        self.duration = duration
    }

    /// Every model ended well and the run was neither cancelled nor timed out.
    public var succeeded: Bool {
        !cancelled && !timedOut && message == nil
            && entries.allSatisfy { $0.outcome != .failed && $0.outcome != .cancelled }
    }

    /// The entries that failed.
    public var failures: [Entry] { entries.filter { $0.outcome == .failed } }
}
