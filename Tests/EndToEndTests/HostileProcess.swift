import Foundation
import ModelBind

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Runs the built executables (`modelbind`, `model-runner-sim`) as child processes and measures them:
/// exit status, output, wall time (ContinuousClock) and peak resident memory (`wait4`'s `ru_maxrss`).
///
/// Unlike ``CLIRunner`` (Foundation `Process`, which reaps the child itself), this spawns with
/// `posix_spawn` and reaps with `wait4`. Peak RSS comes from a tiny python3 wrapper that forks the
/// real child and reports its `ru_maxrss`: a child spawned straight from this process inherits the
/// test process's high-water mark (Linux keeps it across vfork + exec), which under ASan is ~600 MB.
/// Standard output and error go to files, so a child that writes a lot never blocks on a pipe.
/// A hard limit kills a child that runs away, so a hang fails the test instead of stalling the suite.
struct HostileProcess {
    /// What a finished child did.
    struct Outcome: Sendable, CustomStringConvertible {
        /// The exit status, or 128 + signal number when a signal ended it.
        var status: Int32
        /// The signal that ended it, if one did.
        var signal: Int32?
        var standardOutput: String
        var standardError: String
        var duration: Duration
        /// Peak resident set size in bytes.
        var peakResidentBytes: Int
        /// User + system CPU time of the child (from the wrapper; nil without it).
        var cpuTime: Duration?
        /// Whether the hard limit killed it.
        var timedOut: Bool

        var peakResidentMiB: Int { peakResidentBytes >> 20 }

        var description: String {
            "status \(status)\(signal.map { " (signal \($0))" } ?? ""), \(duration) (CPU \(cpuTime.map { "\($0)" } ?? "?")), "
                + "\(peakResidentMiB) MiB"
                + (timedOut ? ", killed by the hard limit" : "")
                + "\n--- stdout ---\n\(standardOutput.prefix(4000))\n--- stderr ---\n\(standardError.prefix(4000))"
        }
    }

    /// A running child.
    final class Child: Sendable {
        let pid: pid_t
        let outputPath: String
        let errorPath: String
        let start: ContinuousClock.Instant
        /// Where the measuring wrapper writes the real child's `ru_maxrss` (KiB), when one is used.
        let rssReportPath: String?
        private let finished = Locked(false)

        init(pid: pid_t, outputPath: String, errorPath: String, start: ContinuousClock.Instant, rssReportPath: String?)
        {
            self.pid = pid
            self.outputPath = outputPath
            self.errorPath = errorPath
            self.start = start
            self.rssReportPath = rssReportPath
        }

        /// Sends `signal` unless the child has already been reaped (so a reused pid is never hit).
        func send(_ signal: Int32) {
            finished.withLock { done in
                if !done { _ = kill(-pid, signal) }
            }
        }

        /// Blocks the calling thread until the child ends; never call it on the cooperative pool.
        func waitBlocking(timedOut: Bool) -> Outcome {
            var status: Int32 = 0
            var usage = rusage()
            while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
            finished.withLock { $0 = true }
            let duration = ContinuousClock.now - start
            let signalled = (status & 0x7F) != 0
            let code = signalled ? 128 + (status & 0x7F) : (status >> 8) & 0xFF
            let output = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
            let error = (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? ""
            try? FileManager.default.removeItem(atPath: outputPath)
            try? FileManager.default.removeItem(atPath: errorPath)
            // Without the wrapper, ru_maxrss also counts this (large) test process: Linux carries the
            // parent's high-water mark across vfork + exec. The wrapper forks from a small process.
            var peakKiB = Int(usage.ru_maxrss)
            var cpuTime: Duration?
            if let rssReportPath {
                let report = ((try? String(contentsOfFile: rssReportPath, encoding: .utf8)) ?? "").split(separator: " ")
                peakKiB = report.first.flatMap { Int($0) } ?? Int.max / 2048
                cpuTime = report.dropFirst().first.flatMap { Double($0) }.map { .milliseconds(Int64($0 * 1000)) }
                try? FileManager.default.removeItem(atPath: rssReportPath)
            }
            return Outcome(
                status: code, signal: signalled ? status & 0x7F : nil, standardOutput: output, standardError: error,
                duration: duration, peakResidentBytes: peakKiB * 1024, cpuTime: cpuTime, timedOut: timedOut)
        }

        /// Waits for the child on a dedicated thread; a child still running after `hardLimit` is killed.
        func wait(hardLimit: Duration = .seconds(60)) async -> Outcome {
            let killedByLimit = Locked(false)
            let seconds = Double(hardLimit.components.seconds) + Double(hardLimit.components.attoseconds) / 1e18
            DispatchQueue.global().asyncAfter(deadline: .now() + seconds) { [self] in
                finished.withLock { done in
                    if !done {
                        killedByLimit.withLock { $0 = true }
                        _ = kill(-pid, SIGKILL)
                    }
                }
            }
            return await withCheckedContinuation { continuation in
                let thread = Thread { [self] in
                    var outcome = waitBlocking(timedOut: false)
                    outcome.timedOut = killedByLimit.withLock { $0 }
                    continuation.resume(returning: outcome)
                }
                thread.start()
            }
        }
    }

    /// Where the executables are: the lead's ``CLIRunner`` locates them (next to the test bundle).
    static var binDirectory: String { CLIRunner.binaryDirectory }

    /// How much slower than a plain debug build the executables are expected to be: 6 for the
    /// sanitizer builds of `make sanitize` (.build-asan, .build-tsan), else 1. Time bounds scale by it.
    static let slowdown: Int64 = binDirectory.contains(".build-asan") || binDirectory.contains(".build-tsan") ? 6 : 1

    /// The memory bound for one run, in MiB: 512, or 2 GiB under a sanitizer (shadow memory and
    /// ASan's 256 MB quarantine; a 10 MB scalar peaks at ~115 MB plain and ~850 MB under ASan).
    static let memoryBoundMiB = slowdown > 1 ? 2_048 : 512

    /// The full path of a built executable.
    static func executable(_ name: String) -> String { name.hasPrefix("/") ? name : binDirectory + "/" + name }

    /// An environment with nothing of the test process in it but PATH, and HOME set to `home`.
    static func environment(home: String, _ extra: [String: String] = [:]) -> [String: String] {
        var environment = ["PATH": "/usr/bin:/bin", "HOME": home, "LANG": "C.UTF-8"]
        for (key, value) in extra { environment[key] = value }
        return environment
    }

    /// Starts `executable` with `arguments` in `directory`; standard input is `input` (a file path) or /dev/null.
    static func spawn(
        _ executable: String,
        _ arguments: [String],
        in directory: String,
        environment: [String: String],
        input: String? = nil,
        measured: Bool = false
    ) throws -> Child {
        let scratch = FileManager.default.temporaryDirectory.path + "/modelbind-e2e-out-" + UUID().uuidString
        let outputPath = scratch + ".stdout"
        let errorPath = scratch + ".stderr"
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, input ?? "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errorPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard addChangeDirectory(&actions, directory) == 0 else {
            throw SpawnError(description: "cannot set the child's directory to \(directory)")
        }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        posix_spawnattr_setpgroup(&attributes, 0)

        var program = executable
        var argumentList = [executable] + arguments
        var rssReportPath: String?
        if measured, let python = pythonPath {
            rssReportPath = scratch + ".rss"
            program = python
            argumentList = [python, "-c", Self.measuringWrapper, scratch + ".rss"] + argumentList
        }
        let argv = argumentList.map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid: pid_t = 0
        let start = ContinuousClock.now
        let result = posix_spawn(&pid, program, &actions, &attributes, argv, envp)
        guard result == 0 else {
            throw SpawnError(description: "cannot start \(executable): \(String(cString: strerror(result)))")
        }
        return Child(pid: pid, outputPath: outputPath, errorPath: errorPath, start: start, rssReportPath: rssReportPath)
    }

    /// Forks and execs its arguments from a small process, waits, writes the child's own `ru_maxrss`
    /// (KiB) and CPU seconds to the file named first, and ends the way the child ended.
    static let measuringWrapper = """
        import os, sys
        pid = os.fork()
        if pid == 0:
            os.execv(sys.argv[2], sys.argv[2:])
        _, status, usage = os.wait4(pid, 0)
        with open(sys.argv[1], "w") as report:
            report.write("%d %.3f" % (usage.ru_maxrss, usage.ru_utime + usage.ru_stime))
        if os.WIFSIGNALED(status):
            os.kill(os.getpid(), os.WTERMSIG(status))
        sys.exit(os.WEXITSTATUS(status))
        """

    /// python3 for the measuring wrapper (nil: memory is then measured by wait4 alone, an over-estimate).
    static let pythonPath: String? = ["/usr/bin/python3", "/usr/local/bin/python3"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    /// Runs `modelbind` (or another built executable) to the end.
    static func run(
        _ arguments: [String],
        in directory: String,
        executable name: String = "modelbind",
        environment: [String: String]? = nil,
        input: String? = nil,
        hardLimit: Duration = .seconds(60)
    ) async throws -> Outcome {
        let child = try spawn(
            executable(name), arguments, in: directory, environment: environment ?? Self.environment(home: directory),
            input: input, measured: true)
        return await child.wait(hardLimit: hardLimit)
    }

    /// `posix_spawn_file_actions_addchdir_np` (glibc 2.29+), looked up at run time: the Glibc module does not export it.
    private static func addChangeDirectory(
        _ actions: UnsafeMutablePointer<posix_spawn_file_actions_t>, _ directory: String
    ) -> Int32 {
        typealias Function =
            @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) ->
            Int32
        guard let symbol = dlsym(nil, "posix_spawn_file_actions_addchdir_np") else { return -1 }
        return unsafeBitCast(symbol, to: Function.self)(actions, directory)
    }

    /// The child could not be started.
    struct SpawnError: Error, CustomStringConvertible {
        var description: String
    }
}
