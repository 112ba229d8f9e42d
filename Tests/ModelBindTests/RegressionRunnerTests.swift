import ModelRunnerSim
import Testing

@testable import BindingOutput
@testable import ComposeModel
@testable import ModelBind
@testable import ModelRunnerClient

/// Regressions found by the hardening suites (Tests/EndToEndTests/Hostile*.swift).
@Suite("Regression: runner answers")
struct RegressionRunnerTests {
    /// A 200 answer with an HTML page (captive portal, wrong server) used to be reported as "the pull
    /// ended without a success line" with the page as runner text, and counted as a cut stream.
    @Test func htmlPageIsNotAProgressStream() async throws {
        try await RunnerSimHarness.with([SimModel(reference: "ai/smollm2", size: 4_000, faults: [.htmlBody])]) {
            harness in
            let error = try await #require(throws: PullError.self) { try await harness.client.pull("ai/smollm2") }
            #expect(error.kind == .invalidResponse)
            #expect(error.status == 200)
            #expect(error.description.contains("answered with an HTML page (Content-Type: text/html; charset=utf-8)"))
            #expect(
                error.description.contains("check that --runner or MODEL_RUNNER_HOST points at Docker Model Runner"))
            #expect(error.description.contains("Sign in to the network"))
            #expect(!error.isRetryable)
        }
    }

    /// A connection reset during `_configure` used to read "cannot reach the model runner … is Docker Model
    /// Runner running?", although the runner had been reached; it now says the runner reset the connection.
    @Test func configureResetSaysTheRunnerResetTheConnection() async throws {
        try await RunnerSimHarness.with([SimModel(reference: "ai/smollm2", size: 4_000, isPresent: true)]) { harness in
            harness.sim.enqueueConfigureFault(.resetConnection)
            let error = try await #require(throws: ConfigureError.self) {
                try await harness.client.configure(ConfigureRequest(model: "ai/smollm2", contextSize: 2048))
            }
            #expect(error.kind == .unreachable)
            #expect(error.body == "connection reset by peer")
            #expect(
                error.description
                    == "the model runner at \(harness.endpoint.description) reset the connection while configuring "
                    + "'ai/smollm2'; it may have crashed or restarted (check its logs), or a proxy between modelbind "
                    + "and the runner cut the connection")
        }
    }
}
