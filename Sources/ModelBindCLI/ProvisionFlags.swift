import ArgumentParser
import ModelBind

/// Provisioning flags shared by `provision` and `up` (the runner URL comes from `--runner`).
struct ProvisionFlags: ParsableArguments {
    /// `--pull`.
    enum PullOption: String, CaseIterable, ExpressibleByArgument {
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

    @Option(help: "When to pull: missing, always, never.")
    var pull: PullOption = .missing

    @Option(help: "Models provisioned at once (the runner itself pulls at most 2).")
    var parallel = 2

    @Option(name: .customLong("stall-timeout"), help: "Fail a pull after this many seconds without data (0: never).")
    var stallTimeout: Double = 60

    @Option(help: "Give up after this many seconds in all (0: no limit).")
    var timeout: Double = 0

    @Option(help: "Progress display on standard error: auto, tty, plain, json, quiet.")
    var progress: ProgressMode = .auto

    @Flag(name: .customLong("dry-run"), help: "Only check what is present and show what would be done.")
    var dryRun = false

    func validate() throws {
        guard parallel >= 1 else { throw ValidationError("--parallel must be at least 1, got \(parallel)") }
        guard stallTimeout >= 0, stallTimeout.isFinite else {
            throw ValidationError("--stall-timeout must be a number of seconds ≥ 0, got \(stallTimeout)")
        }
        guard timeout >= 0, timeout.isFinite else {
            throw ValidationError("--timeout must be a number of seconds ≥ 0, got \(timeout)")
        }
    }

    /// The library's options; `backend` selects `/engines/<backend>/_configure`.
    func options(backend: String?) -> ProvisionOptions {
        ProvisionOptions(
            pull: pull.policy,
            parallel: parallel,
            stallTimeout: Self.duration(stallTimeout),
            timeout: Self.duration(timeout),
            backend: backend,
            dryRun: dryRun
        )
    }

    private static func duration(_ seconds: Double) -> Duration? {
        seconds > 0 ? .milliseconds(Int64((min(seconds, 1e9) * 1000).rounded())) : nil
    }
}
