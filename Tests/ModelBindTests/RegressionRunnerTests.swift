import ModelRunnerSim
import Testing

@testable import ModelBind

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
}
