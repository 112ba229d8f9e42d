import Foundation
import ModelRunnerSim
import Testing

/// Runner faults beyond the provision matrix, end to end: `modelbind provision` (a child process)
/// against an in-process ModelRunnerSim that misbehaves. Each must end within the configured
/// timeouts with exit status 1 and a message that says what the runner did; the simulator's
/// request record shows which requests were retried.
@Suite("Hostile runner", .serialized)
struct HostileRunnerTests {
    /// One misbehaviour and what modelbind must make of it.
    struct Fault: Sendable, CustomTestStringConvertible {
        var name: String
        /// Faults on every pull of the model.
        var pullFaults: [SimPullFault] = []
        /// Whether every `_configure` resets the connection.
        var resetConfigure = false
        var extraArguments: [String] = []
        /// Substrings the error output must contain.
        var messages: [String]
        /// `POST /models/create` requests expected (1: not retried).
        var pulls: Int
        /// `POST /engines/_configure` requests expected.
        var configures: Int

        var testDescription: String { name }
    }

    static let faults: [Fault] = [
        Fault(
            name: "closes the connection right after the headers (retried: a pull resumes)",
            pullFaults: [.cut(afterLines: 0)],
            messages: ["model llm (ai/hostile)", "ended"], pulls: 4, configures: 0),
        Fault(
            name: "sends a line of several megabytes (not retried)",
            pullFaults: [.hugeLine(bytes: 4 << 20)],
            messages: ["model llm (ai/hostile)", "longer than"], pulls: 1, configures: 0),
        Fault(
            name: "never ends the stream (overall timeout, not retried)",
            pullFaults: [.neverEnding], extraArguments: ["--timeout", "2"],
            messages: ["time"], pulls: 1, configures: 0),
        Fault(
            name: "answers with an HTML page (not retried)",
            pullFaults: [.htmlBody],
            messages: ["model llm (ai/hostile)", "answered with an HTML page", "points at Docker Model Runner"],
            pulls: 1, configures: 0),
        Fault(
            name: "answers slowly, byte by byte (overall timeout, not retried)",
            pullFaults: [.byteByByte(pause: .milliseconds(20))], extraArguments: ["--timeout", "2"],
            messages: ["time"], pulls: 1, configures: 0),
        Fault(
            name: "stalls after the first line (stall timeout, not retried)",
            pullFaults: [.stall(afterLines: 1)], extraArguments: ["--stall-timeout", "1"],
            messages: ["model llm (ai/hostile)", "1"], pulls: 1, configures: 0),
        Fault(
            name: "resets the connection during _configure (retried: configuring is idempotent)",
            resetConfigure: true,
            messages: ["model llm (ai/hostile)", "reset the connection while configuring 'ai/hostile'"], pulls: 1,
            configures: 4),
    ]

    @Test(arguments: faults)
    func faultEndsCleanly(_ fault: Fault) async throws {
        let sim = ModelRunnerSim(configuration: SimConfiguration(progressInterval: .milliseconds(5)))
        sim.addModel(SimModel(reference: "ai/hostile", size: 64 << 20, faults: fault.pullFaults))
        let address = try await sim.start(listening: .ephemeral)
        if fault.resetConfigure {
            for _ in 0..<8 { sim.enqueueConfigureFault(.resetConnection) }
        }
        let scratch = try HostileScratch()
        try scratch.write(
            "compose.yaml",
            """
            services:
              app:
                image: app
                models: [llm]
            models:
              llm:
                model: ai/hostile
                context_size: 2048

            """)
        let outcome: HostileProcess.Outcome
        do {
            outcome = try await HostileProcess.run(
                ["provision", "--runner", address.url, "--progress", "plain", "--stall-timeout", "5"]
                    + fault.extraArguments,
                in: scratch.directory, hardLimit: .seconds(30 * HostileProcess.slowdown))
        } catch {
            try await sim.shutdown()
            throw error
        }
        let pulls = sim.requests.filter { $0.method == "POST" && $0.path.hasSuffix("/models/create") }.count
        let configures = sim.requests.filter { $0.method == "POST" && $0.path.hasSuffix("/_configure") }.count
        try await sim.shutdown()

        #expect(outcome.status == 1, "\(outcome)")
        #expect(!outcome.timedOut, "\(outcome)")
        #expect(outcome.duration < .seconds(15 * HostileProcess.slowdown), "\(outcome)")
        #expect(outcome.peakResidentMiB < HostileProcess.memoryBoundMiB, "\(outcome)")
        for message in fault.messages {
            #expect(outcome.standardError.contains(message), "missing \(message.debugDescription): \(outcome)")
        }
        #expect(pulls == fault.pulls, "pull requests: \(outcome)")
        #expect(configures == fault.configures, "configure requests: \(outcome)")
    }
}
