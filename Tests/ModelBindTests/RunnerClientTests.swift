import Foundation
import ModelRunnerSim
import Testing

@testable import BindingOutput
@testable import ComposeModel
@testable import ModelBind
@testable import ModelBindSupport
@testable import ModelRunnerClient
@testable import RunnerEndpoints

@Suite(.timeLimit(.minutes(1)))
struct RunnerClientTests {
    static let small = SimModel(reference: "ai/smollm2", layerSizes: [3_000, 1_000])

    @Test(arguments: SimTransport.allCases)
    func presenceOverEveryTransport(_ transport: SimTransport) async throws {
        let present = SimModel(reference: "ai/present", size: 10, isPresent: true)
        try await RunnerSimHarness.with([present, Self.small], transport: transport) { harness in
            #expect(try await harness.client.isPresent("ai/present"))
            #expect(try await harness.client.isPresent("docker.io/ai/present:latest"))
            #expect(try await !harness.client.isPresent("ai/smollm2"))
            let request = try #require(harness.sim.requests.last)
            #expect(request.uri == "/models/ai/smollm2")
            #expect(request.header("Origin") == nil)
            if transport == .unix { #expect(request.header("Host") == "localhost") }
        }
    }

    @Test(arguments: SimTransport.allCases)
    func pullStreamsProgressAndSucceeds(_ transport: SimTransport) async throws {
        try await RunnerSimHarness.with([Self.small], transport: transport) { harness in
            let updates = Locked<[PullUpdate]>([])
            let result = try await harness.client.pull("ai/smollm2") { update in updates.withLock { $0.append(update) }
            }
            #expect(result.message == "Model pulled successfully")
            #expect(result.totalBytes == 4_000)
            #expect(result.receivedBytes == 4_000)
            let progress = updates.withLock { $0 }.compactMap { update -> UInt64? in
                if case .progress(let done, let total) = update, total == 4_000 { return done }
                return nil
            }
            #expect(progress.last == 4_000)
            #expect(progress == progress.sorted())
            let request = try #require(harness.requests("POST", "/models/create").first)
            #expect(request.header("Accept") == "application/json")
            #expect(request.header("Content-Type") == "application/json")
            #expect(request.header("Origin") == nil)
            #expect(request.bodyText == #"{"from":"ai/smollm2"}"#)
            #expect(try await harness.client.isPresent("ai/smollm2"))
        }
    }

    static let statusCases: [(SimPreStreamError, RunnerErrorKind, String)] = [
        (.invalidReference, .httpStatus, "rejected the reference 'ai/smollm2' (HTTP 400: Invalid model reference)"),
        (.unauthorized, .httpStatus, "a private or misspelled model looks like this"),
        (.notFound, .httpStatus, "model 'ai/smollm2' was not found (HTTP 404: Model not found)"),
        (.unsupportedMediaType, .httpStatus, "HTTP 422: error while pulling model: config type"),
        (.registryUnreachable(detail: "dial tcp: no route"), .httpStatus, "(HTTP 500: error while pulling model"),
        (.serviceUnavailable, .runnerNotRunning, "is not running (HTTP 503)"),
    ]

    @Test(arguments: statusCases)
    func statusBeforeTheStreamHasAClearMessage(_ fault: SimPreStreamError, _ kind: RunnerErrorKind, _ words: String)
        async throws
    {
        try await RunnerSimHarness.with([Self.small]) { harness in
            harness.sim.enqueuePullFault(.status(fault))
            let error = try await #require(throws: PullError.self) { try await harness.client.pull("ai/smollm2") }
            #expect(error.kind == kind)
            #expect(error.status == fault.status)
            #expect(error.description.contains(words), "\(error.description)")
            #expect(!error.streamStarted)
        }
    }

    @Test func errorLineMidStreamShowsTheRunnersWordsAndTrailingText() async throws {
        try await RunnerSimHarness.with([Self.small]) { harness in
            harness.sim.enqueuePullFault(.errorLine(afterLines: 1, message: "writing blob: disk full"))
            let error = try await #require(throws: PullError.self) { try await harness.client.pull("ai/smollm2") }
            #expect(error.kind == .streamError)
            #expect(error.body == "Error: writing blob: disk full")
            #expect(error.trailingText.contains { $0.contains("error while pulling model: writing image to store") })
            #expect(error.description.contains("runner: error while pulling model"))
            #expect(!error.isRetryable)
        }
    }

    @Test func cutStreamIsAnInterruptionWorthRetrying() async throws {
        try await RunnerSimHarness.with([Self.small]) { harness in
            harness.sim.enqueuePullFault(.cut(afterLines: 1))
            let error = try await #require(throws: PullError.self) { try await harness.client.pull("ai/smollm2") }
            #expect([.streamInterrupted, .streamIncomplete].contains(error.kind))
            #expect(error.isRetryable)
        }
    }

    @Test func huggingFaceTrailerIsAFailureWithTheRunnersWords() async throws {
        try await RunnerSimHarness.with([Self.small]) { harness in
            harness.sim.enqueuePullFault(.huggingFaceEnding(afterLines: 0, trailer: "Unauthorized"))
            let error = try await #require(throws: PullError.self) { try await harness.client.pull("ai/smollm2") }
            #expect(error.kind == .streamIncomplete)
            #expect(error.trailingText == ["Unauthorized"])
            #expect(error.description.contains("ended without a success line\n  runner: Unauthorized"))
            #expect(!error.isRetryable)
        }
    }

    @Test func htmlEscapedTextPlainStreamIsDecoded() async throws {
        try await RunnerSimHarness.with([Self.small]) { harness in
            harness.sim.enqueuePullFault(.forceTextPlain)
            let result = try await harness.client.pull("ai/smollm2")
            #expect(result.message == "Model pulled successfully")
            #expect(result.receivedBytes == 4_000)
            #expect(result.ignoredLines.isEmpty)
        }
    }

    @Test func garbageLinesAreToleratedAndReported() async throws {
        try await RunnerSimHarness.with([Self.small]) { harness in
            harness.sim.enqueuePullFault(.garbageLines(every: 1))
            let result = try await harness.client.pull("ai/smollm2")
            #expect(result.message == "Model pulled successfully")
            #expect(!result.ignoredLines.isEmpty)
        }
    }

    @Test func overLongLineIsAnErrorNamingTheLimit() async throws {
        try await RunnerSimHarness.with([Self.small]) { harness in
            harness.sim.enqueuePullFault(.hugeLine(bytes: 10_000))
            let error = try await #require(throws: PullError.self) {
                try await harness.client.pull("ai/smollm2", maximumLineLength: 4_096)
            }
            #expect(error.kind == .lineTooLong)
            #expect(error.description.contains("4096-byte limit"))
        }
    }

    @Test func stallFailsAfterTheStallTimeout() async throws {
        try await RunnerSimHarness.with([Self.small]) { harness in
            harness.sim.enqueuePullFault(.stall(afterLines: 1))
            let error = try await #require(throws: PullError.self) {
                try await harness.client.pull("ai/smollm2", stallTimeout: .milliseconds(300))
            }
            #expect(error.kind == .stalled)
            #expect(error.description.contains("no data from the runner for 0.300s (--stall-timeout)"))
            // When the request reached the runner, the runner must see the connection go so the pull stops.
            // (On a loaded machine the watchdog can fire before the request is even written; AHC then keeps
            // the idle connection, and there is no pull to stop.)
            if !harness.requests("POST", "/models/create").isEmpty {
                _ = try await harness.sim.waitForEvent(timeout: .seconds(15)) { event in
                    [.pullCancelled, .pullAbandoned, .connectionClosed].contains(event.kind)
                }
            }
        }
    }

    @Test func cancellingAPullClosesTheConnection() async throws {
        try await RunnerSimHarness.with([Self.small]) { harness in
            harness.sim.enqueuePullFault(.pauseUntilResumed(afterLines: 0))
            let task = Task { try await harness.client.pull("ai/smollm2") }
            _ = try await harness.sim.waitForEvent(.pullPaused, model: "ai/smollm2")
            task.cancel()
            await #expect(throws: CancellationError.self) { try await task.value }
            // The runner must see the connection go (on a loaded machine the give-up can come before the
            // stream starts, so the pull may end as cancelled, abandoned in the queue, or just a closed connection).
            _ = try await harness.sim.waitForEvent(timeout: .seconds(15)) { event in
                [.pullCancelled, .pullAbandoned, .connectionClosed].contains(event.kind)
            }
            #expect(try await !harness.client.isPresent("ai/smollm2"))
        }
    }

    @Test func configureSendsOnlyGivenFieldsAndReadsBack() async throws {
        let present = SimModel(reference: "ai/smollm2", size: 10, isPresent: true)
        try await RunnerSimHarness.with([present]) { harness in
            try await harness.client.configure(ConfigureRequest(model: "ai/smollm2", contextSize: 8192))
            try await harness.client.configure(
                ConfigureRequest(model: "ai/smollm2", contextSize: 4096), backend: "llama.cpp")
            let posts = harness.sim.requests.filter { $0.method == "POST" }
            #expect(posts.map(\.path) == ["/engines/_configure", "/engines/llama.cpp/_configure"])
            #expect(posts[0].bodyText == #"{"context-size":8192,"model":"ai/smollm2"}"#)
            let entries = try await harness.client.configurations(for: "ai/smollm2")
            #expect(entries.first?.contextSize == 4096)
            #expect(entries.first?.backend == "llama.cpp")
        }
    }

    @Test func configureBusyAndRejectedCarryStatusAndText() async throws {
        let present = SimModel(reference: "ai/smollm2", size: 10, isPresent: true)
        try await RunnerSimHarness.with([present]) { harness in
            harness.sim.enqueueConfigureFault(.busy(times: 1))
            let busy = try await #require(throws: ConfigureError.self) {
                try await harness.client.configure(ConfigureRequest(model: "ai/smollm2", contextSize: 1))
            }
            #expect(busy.kind == .busy)
            #expect(busy.status == 409)
            harness.sim.enqueueConfigureFault(.fail(message: #"runtime flag "--log-file" is not allowed"#))
            let rejected = try await #require(throws: ConfigureError.self) {
                try await harness.client.configure(
                    ConfigureRequest(model: "ai/smollm2", runtimeFlags: ["--temp", "0.2"]))
            }
            #expect(rejected.status == 500)
            #expect(
                rejected.description
                    == #"the runner rejected the configuration of 'ai/smollm2' (HTTP 500: runtime flag "--log-file" is not allowed)"#
            )
            // Without a fault the stand-in validates flags as DMR does, and its exact text comes through.
            let validated = try await #require(throws: ConfigureError.self) {
                try await harness.client.configure(ConfigureRequest(model: "ai/smollm2", runtimeFlags: ["--log-file"]))
            }
            #expect(validated.body.contains(#"runtime flag "--log-file" is not allowed for backend "llama.cpp""#))
        }
    }

    @Test func unreachableRunnerNamesTheURLAndHowToPointAtOne() async throws {
        let harness = try await RunnerSimHarness.start([])
        try await harness.sim.shutdown()
        let error = try await #require(throws: ModelPresenceError.self) { try await harness.client.isPresent("ai/x") }
        #expect(error.kind == .unreachable)
        #expect(error.description.contains("cannot reach the model runner at \(harness.endpoint.description)"))
        #expect(error.description.contains("--runner URL or MODEL_RUNNER_HOST"))
        try await harness.client.shutdown()
    }

    @Test func missingUnixSocketIsUnreachable() async throws {
        let endpoint = try RunnerEndpoint(parsing: "unix:///tmp/mb-does-not-exist.sock")
        try await RunnerClient.withClient(endpoint: endpoint) { client in
            let error = try await #require(throws: PullError.self) { try await client.pull("ai/x") }
            #expect(error.kind == .unreachable)
            #expect(error.description.contains("unix:///tmp/mb-does-not-exist.sock"))
        }
    }
}
