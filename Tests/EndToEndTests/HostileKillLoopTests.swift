import Foundation
import ModelRunnerSim
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// SIGKILL at random points while `modelbind env --output DIR`, or `modelbind up --env-dir DIR` against
/// the simulator, rewrites its files: every file must hold either a complete earlier version or the
/// complete new one, never a mix or a truncation. Each run sets a new `--endpoint`, so every run
/// changes every file.
///
/// Runs `MODELBIND_KILL_LOOP_RUNS` iterations per command (default 40, so CI stays fast;
/// `scripts/kill-loop.sh` runs 200+) with delays from a seeded generator (`MODELBIND_KILL_LOOP_SEED`, default 1).
@Suite("Hostile kill loop", .serialized)
struct HostileKillLoopTests {
    static let services = 12

    /// The compose project: `services` services, each bound to its own model whose name carries the version.
    static func compose() -> String {
        var text = "services:\n"
        for index in 0..<services {
            text += "  svc\(index):\n    image: app\n    models: [m\(index)]\n"
        }
        text += "models:\n"
        for index in 0..<services {
            text += "  m\(index):\n    model: ai/kill-\(index)\n"
        }
        return text
    }

    @Test(arguments: ["env", "up"])
    func outputSurvivesSIGKILL(_ command: String) async throws {
        let runs = Int(ProcessInfo.processInfo.environment["MODELBIND_KILL_LOOP_RUNS"] ?? "") ?? 40
        let seed = UInt64(ProcessInfo.processInfo.environment["MODELBIND_KILL_LOOP_SEED"] ?? "") ?? 1
        let scratch = try HostileScratch()
        try scratch.write("project/compose.yaml", Self.compose())
        try FileManager.default.createDirectory(atPath: scratch.path("out"), withIntermediateDirectories: true)
        let sim = ModelRunnerSim(configuration: SimConfiguration(progressInterval: .zero))
        for index in 0..<Self.services {
            sim.addModel(SimModel(reference: "ai/kill-\(index)", size: 1_000, isPresent: true))
        }
        let address = try await sim.start(listening: .ephemeral)
        defer { Task { try? await sim.shutdown() } }
        func arguments(_ version: Int) -> [String] {
            let common = ["-f", scratch.path("project/compose.yaml"), "--endpoint", "http://kill-v\(version).invalid/"]
            if command == "env" { return ["env"] + common + ["--output", scratch.path("out")] }
            return ["up"] + common + ["--runner", address.url, "--env-dir", scratch.path("out"), "--progress", "quiet"]
        }
        let environment = HostileProcess.environment(home: scratch.directory)

        // Version 0, uninterrupted: the reference contents and how long a full run takes.
        let baseline = try await HostileProcess.run(arguments(0), in: scratch.directory, environment: environment)
        try #require(baseline.status == 0, "\(baseline)")
        let names = (0..<Self.services).map { "svc\($0).env" }
        try #require(scratch.list("out").filter { !$0.hasPrefix(".") } == names.sorted())
        var reference: [String: String] = [:]
        for name in names {
            let contents = try #require(scratch.read("out/" + name))
            reference[name] = contents
        }
        let micros =
            baseline.duration.components.seconds * 1_000_000 + baseline.duration.components.attoseconds
            / 1_000_000_000_000
        let window = max(1_000, Int(micros))

        var generator = SplitMix64(seed: seed)
        var killedMidway = 0
        var completed = 0
        for version in 1...runs {
            let delay = Int(generator.next() % UInt64(window + window / 5))
            let outcome = try await Self.runAndKill(
                arguments(version), in: scratch.directory, environment: environment, afterMicroseconds: delay)
            if outcome.signal == SIGKILL { killedMidway += 1 } else { completed += 1 }
            #expect(outcome.signal == SIGKILL || outcome.status == 0, "run \(version): \(outcome)")

            let visible = scratch.list("out").filter { !$0.hasPrefix(".") }
            #expect(visible == names.sorted(), "run \(version): unexpected files \(visible)")
            for name in names {
                let contents = try #require(scratch.read("out/" + name), "run \(version): \(name) unreadable")
                #expect(
                    Self.isComplete(contents, reference: reference[name] ?? "", upTo: version),
                    "run \(version) (killed after \(delay) µs): \(name) is not a complete version:\n\(contents)")
            }
        }
        let leftovers = scratch.list("out").filter { $0.hasPrefix(".") && $0.contains(".modelbind-") }
        // Temporary files may survive a SIGKILL between mkstemp and rename; they are hidden and never read.
        #expect(leftovers.count <= killedMidway)
        #expect(killedMidway + completed == runs)
        print(
            "kill loop (\(command)): \(runs) runs, \(killedMidway) killed, \(completed) completed, "
                + "\(leftovers.count) temp files left")
    }

    /// Whether `contents` is the reference file with version 0 replaced by some version 0...`upTo`.
    static func isComplete(_ contents: String, reference: String, upTo version: Int) -> Bool {
        guard let range = contents.range(of: "http://kill-v") else { return false }
        let digits = contents[range.upperBound...].prefix { $0.isNumber }
        guard let found = Int(digits), found <= version else { return false }
        return contents == reference.replacingOccurrences(of: "http://kill-v0.", with: "http://kill-v\(found).")
    }

    /// Starts the child, sleeps `delay` µs on a dedicated thread, sends SIGKILL, and reaps it.
    static func runAndKill(
        _ arguments: [String], in directory: String, environment: [String: String], afterMicroseconds delay: Int
    ) async throws -> HostileProcess.Outcome {
        let child = try HostileProcess.spawn(
            HostileProcess.executable("modelbind"), arguments, in: directory, environment: environment)
        return await withCheckedContinuation { continuation in
            Thread {
                usleep(UInt32(delay))
                child.send(SIGKILL)
                continuation.resume(returning: child.waitBlocking(timedOut: false))
            }.start()
        }
    }
}

/// A small seeded generator (SplitMix64), so a failing run can be repeated with the same delays.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}
