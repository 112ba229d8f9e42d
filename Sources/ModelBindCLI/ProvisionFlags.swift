import ModelBind

/// Provisioning flags shared by `provision` and `up` (the runner URL comes from `--runner`).
struct ProvisionFlags: Sendable {
    /// `--pull`.
    enum PullOption: String, CaseIterable, ArgumentValue {
        case missing
        case always
        case never

        var policy: ProvisionOptions.PullPolicy {
            switch self {
            case .missing: .missing
            case .always: .always
            case .never: .never
            }
        }
    }

    static let arguments: [ArgumentSpec] = [
        .option("pull", value: "policy", choices: PullOption.choices, help: "When to pull: missing, always, never."),
        .option("parallel", value: "n", help: "Models provisioned at once (the runner itself pulls at most 2)."),
        .option(
            "stall-timeout", value: "seconds", help: "Fail a pull after this many seconds without data (0: never)."),
        .option("timeout", value: "seconds", help: "Give up after this many seconds in all (0: no limit)."),
        .option(
            "progress", value: "mode", choices: ProgressMode.choices,
            help: "Progress display on standard error: auto, tty, plain, json, quiet (errors only)."),
        .flag("dry-run", help: "Only check what is present and show what would be done."),
    ]

    var pull: PullOption
    var parallel: Int
    var stallTimeout: Double
    var timeout: Double
    var progress: ProgressMode
    var dryRun: Bool

    init(_ arguments: ParsedArguments) throws(UsageError) {
        pull = try arguments.value("pull", default: .missing)
        parallel = try arguments.value("parallel", default: 2)
        stallTimeout = try arguments.value("stall-timeout", default: 60)
        timeout = try arguments.value("timeout", default: 0)
        progress = try arguments.value("progress", default: .auto)
        dryRun = arguments.flag("dry-run")
        guard parallel >= 1 else {
            throw UsageError("--parallel must be at least 1, got \(parallel)", command: arguments.command)
        }
        guard stallTimeout >= 0, stallTimeout.isFinite else {
            throw UsageError(
                "--stall-timeout must be a number of seconds ≥ 0, got \(stallTimeout)", command: arguments.command)
        }
        guard timeout >= 0, timeout.isFinite else {
            throw UsageError("--timeout must be a number of seconds ≥ 0, got \(timeout)", command: arguments.command)
        }
    }

    /// The library's options; `backend` selects `/engines/<backend>/_configure`.
    func options(backend: String?) -> ProvisionOptions {
        ProvisionOptions(
            pull: pull.policy, parallel: parallel, stallTimeout: Self.duration(stallTimeout),
            timeout: Self.duration(timeout), backend: backend, dryRun: dryRun)
    }

    private static func duration(_ seconds: Double) -> Duration? {
        seconds > 0 ? .milliseconds(Int64((min(seconds, 1e9) * 1000).rounded())) : nil
    }
}
