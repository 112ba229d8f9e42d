import Foundation
import ModelRunnerSim
import Testing

@testable import ComposeModel
@testable import ModelBind
@testable import ModelBindSupport
@testable import Provisioning

@Suite(.timeLimit(.minutes(1)))
struct ProvisionerTests {
    static let llm = ModelDefinition(key: "llm", model: "ai/smollm2", contextSize: 8192)
    static let embed = ModelDefinition(key: "embed", model: "ai/mxbai")
    static let simModels = [
        SimModel(reference: "ai/smollm2", layerSizes: [2_000, 500]),
        SimModel(reference: "ai/mxbai", size: 300, isPresent: true),
    ]

    @Test(arguments: SimTransport.allCases)
    func pullsWhatIsMissingAndConfigures(_ transport: SimTransport) async throws {
        try await RunnerSimHarness.with(Self.simModels, transport: transport) { harness in
            let log = EventLog()
            let report = await harness.provisioner().run([Self.llm, Self.embed], events: log.record)
            #expect(report.succeeded)
            #expect(report.entries.map(\.outcome) == [.configured, .present])
            #expect(report.entries[0].pulled && report.entries[0].configured)
            #expect(report.entries[0].bytes == 2_500)
            #expect(report.entries[1].wasPresent == true)
            #expect(
                log.sequence(for: "llm") == [
                    "planned", "checking", "missing", "pullStarted", "progress", "pullFinished", "configuring",
                    "configured", "finished",
                ])
            #expect(log.sequence(for: "embed") == ["planned", "checking", "present", "finished"])
            #expect(harness.requests("POST", "/models/create").count == 1)
            #expect(
                harness.requests("POST", "/engines/_configure").first?.bodyText
                    == #"{"context-size":8192,"model":"ai/smollm2"}"#)
            #expect(harness.requests("GET", "/engines/_configure").count == 1)
        }
    }

    @Test func pullAlwaysPullsPresentModelsWithoutChecking() async throws {
        try await RunnerSimHarness.with(Self.simModels) { harness in
            let report = await harness.provisioner(ProvisionOptions(pull: .always)).run([Self.embed])
            #expect(report.entries.map(\.outcome) == [.pulled])
            #expect(harness.requests("POST", "/models/create").count == 1)
            // No presence check before the pull; the one GET /models/{ref} is the read-back after it.
            let inspects = harness.sim.requests.filter { $0.method == "GET" && $0.path.hasPrefix("/models/") }
            let create = try #require(harness.requests("POST", "/models/create").first)
            #expect(inspects.count == 1)
            #expect(inspects.allSatisfy { $0.sequence > create.sequence })
        }
    }

    @Test func pullNeverFailsListingEveryMissingModel() async throws {
        var models = Self.simModels
        models.append(SimModel(reference: "ai/other", size: 1))
        try await RunnerSimHarness.with(models) { harness in
            let other = ModelDefinition(key: "other", model: "ai/other")
            let report = await harness.provisioner(ProvisionOptions(pull: .never)).run([Self.llm, Self.embed, other])
            #expect(!report.succeeded)
            #expect(report.message == "2 models are missing and --pull never forbids pulling: ai/smollm2, ai/other")
            #expect(report.entries.map(\.outcome) == [.failed, .failed, .failed])
            #expect(report.entries[0].message == "'ai/smollm2' is not present and --pull never forbids pulling it")
            #expect(harness.requests("POST", "/models/create").isEmpty)
            #expect(harness.requests("POST", "/engines/_configure").isEmpty)
        }
    }

    @Test func dryRunMakesReadOnlyCallsOnly() async throws {
        try await RunnerSimHarness.with(Self.simModels) { harness in
            let report = await harness.provisioner(ProvisionOptions(dryRun: true)).run([Self.llm, Self.embed])
            #expect(report.succeeded && report.dryRun)
            #expect(report.entries.map(\.outcome) == [.missing, .present])
            #expect(report.entries[0].message == "would pull and configure")
            #expect(report.entries[1].message == "nothing to do")
            #expect(harness.sim.requests.allSatisfy { $0.method == "GET" })
        }
    }

    @Test(arguments: [SimPreStreamError.badGateway, .serviceUnavailable])
    func serverErrorsBeforeTheStreamAreRetried(_ fault: SimPreStreamError) async throws {
        try await RunnerSimHarness.with(Self.simModels) { harness in
            harness.sim.enqueuePullFault(.status(fault))
            let log = EventLog()
            let report = await harness.provisioner(ProvisionOptions(pull: .always)).run(
                [Self.embed], events: log.record)
            #expect(report.entries.map(\.outcome) == [.pulled])
            #expect(harness.requests("POST", "/models/create").count == 2)
            #expect(
                log.sequence(for: "embed") == [
                    "planned", "pullStarted", "retrying", "pullStarted", "pullFinished", "finished",
                ])
        }
    }

    @Test(arguments: [
        SimPreStreamError.invalidReference, .unauthorized, .notFound, .unsupportedMediaType,
        .registryUnreachable(detail: "timeout"),
    ])
    func clientErrorsAndTheRunnersOwn500AreNeverRetried(_ fault: SimPreStreamError) async throws {
        try await RunnerSimHarness.with(Self.simModels) { harness in
            harness.sim.enqueuePullFault(.status(fault))
            let report = await harness.provisioner().run([Self.llm])
            #expect(report.entries.map(\.outcome) == [.failed])
            #expect(report.entries[0].message?.contains("HTTP \(fault.status)") == true)
            #expect(harness.requests("POST", "/models/create").count == 1)
            #expect(harness.requests("POST", "/engines/_configure").isEmpty)
        }
    }

    @Test func retriesGiveUpAfterTheLastAttempt() async throws {
        try await RunnerSimHarness.with(Self.simModels) { harness in
            for _ in 0..<3 { harness.sim.enqueuePullFault(.status(.badGateway)) }
            let options = ProvisionOptions(retry: RetryPolicy(maximumAttempts: 3))
            let report = await harness.provisioner(options).run([Self.llm])
            #expect(report.entries[0].outcome == .failed)
            #expect(report.entries[0].message == "pulling 'ai/smollm2' failed (HTTP 502: Bad Gateway)")
            #expect(harness.requests("POST", "/models/create").count == 3)
        }
    }

    @Test func cutStreamIsRetriedAndErrorLineIsNot() async throws {
        try await RunnerSimHarness.with(Self.simModels) { harness in
            harness.sim.enqueuePullFault(.cut(afterLines: 1), for: SimFaultTarget(model: "ai/smollm2"))
            harness.sim.enqueuePullFault(
                .errorLine(afterLines: 0, message: "writing blob: disk full"), for: SimFaultTarget(model: "ai/mxbai"))
            let report = await harness.provisioner(ProvisionOptions(pull: .always)).run([Self.llm, Self.embed])
            #expect(report.entries.map(\.outcome) == [.configured, .failed])
            #expect(
                report.entries[1].message?.contains("pulling 'ai/mxbai' failed: Error: writing blob: disk full") == true
            )
            #expect(report.entries[1].message?.contains("runner: error while pulling model") == true)
            let creates = harness.requests("POST", "/models/create")
            #expect(creates.filter { $0.bodyText.contains("smollm2") }.count == 2)
            #expect(creates.filter { $0.bodyText.contains("mxbai") }.count == 1)
        }
    }

    @Test func stallFailsTheModelWithoutRetry() async throws {
        try await RunnerSimHarness.with(Self.simModels) { harness in
            harness.sim.enqueuePullFault(.stall(afterLines: 1))
            let report = await harness.provisioner(ProvisionOptions(stallTimeout: .milliseconds(250))).run([Self.llm])
            #expect(report.entries[0].outcome == .failed)
            #expect(report.entries[0].message?.contains("stalled") == true)
            #expect(harness.requests("POST", "/models/create").count == 1)
        }
    }

    @Test func busyConfigureIsRetriedThenSucceeds() async throws {
        try await RunnerSimHarness.with(Self.simModels) { harness in
            harness.sim.enqueueConfigureFault(.busy(times: 2))
            let log = EventLog()
            let report = await harness.provisioner().run([Self.llm], events: log.record)
            #expect(report.entries[0].outcome == .configured)
            #expect(harness.requests("POST", "/engines/_configure").count == 3)
            #expect(
                log.sequence(for: "llm").suffix(5) == ["configuring", "retrying", "retrying", "configured", "finished"])
        }
    }

    @Test func busyConfigureIsReportedWhenItStaysBusy() async throws {
        try await RunnerSimHarness.with(Self.simModels) { harness in
            harness.sim.enqueueConfigureFault(.busy(times: 10))
            let options = ProvisionOptions(busyRetry: RetryPolicy(maximumAttempts: 2))
            let report = await harness.provisioner(options).run([Self.llm])
            #expect(report.entries[0].outcome == .failed)
            #expect(report.entries[0].message?.contains("HTTP 409") == true)
            #expect(report.entries[0].pulled)
        }
    }

    @Test func rejectedConfigureShowsTheRunnersText() async throws {
        try await RunnerSimHarness.with(Self.simModels) { harness in
            harness.sim.enqueueConfigureFault(
                .fail(message: #"runtime flag "--log-file" is not allowed for backend "llama.cpp""#))
            let report = await harness.provisioner().run([Self.llm])
            #expect(report.entries[0].outcome == .failed)
            #expect(
                report.entries[0].message
                    == #"the runner rejected the configuration of 'ai/smollm2' (HTTP 500: runtime flag "--log-file" is not allowed for backend "llama.cpp")"#
            )
            #expect(harness.requests("POST", "/engines/_configure").count == 1)
        }
    }

    @Test func readBackMismatchIsAWarning() async throws {
        try await RunnerSimHarness.with(Self.simModels) { harness in
            harness.sim.enqueueConfigureFault(.storeDifferent(contextSize: 4096, runtimeFlags: nil))
            let log = EventLog()
            let report = await harness.provisioner().run([Self.llm], events: log.record)
            #expect(report.succeeded)
            #expect(report.entries[0].outcome == .configured)
            #expect(
                report.entries[0].warnings == [
                    "the runner holds context-size 4096 for 'ai/smollm2', not 8192 as configured"
                ])
            #expect(log.all.contains(.warning(key: "llm", message: report.entries[0].warnings[0])))
        }
    }

    @Test(arguments: [1, 2, 3])
    func neverMoreThanParallelPullsAtOnce(_ parallel: Int) async throws {
        let models = (0..<6).map { SimModel(reference: "ai/m\($0)", size: 1_000, speed: .duration(.milliseconds(150))) }
        try await RunnerSimHarness.with(models, maximumConcurrentPulls: 10) { harness in
            let definitions = (0..<6).map { ModelDefinition(key: "m\($0)", model: "ai/m\($0)") }
            let report = await harness.provisioner(ProvisionOptions(parallel: parallel)).run(definitions)
            #expect(report.succeeded)
            #expect(harness.sim.maxConcurrentPullsObserved <= parallel)
            #expect(harness.sim.maxConcurrentPullsObserved >= 1)
        }
    }

    @Test func sharedReferenceIsPulledOnce() async throws {
        try await RunnerSimHarness.with(Self.simModels) { harness in
            let twin = ModelDefinition(key: "llm-small", model: "ai/smollm2", contextSize: 2048)
            let log = EventLog()
            let report = await harness.provisioner().run([Self.llm, twin], events: log.record)
            #expect(report.entries.map(\.outcome) == [.configured, .configured])
            #expect(harness.requests("POST", "/models/create").count == 1)
            #expect(harness.requests("POST", "/engines/_configure").count == 2)
            #expect(
                log.all.contains {
                    if case .warning(nil, let text) = $0 { text.contains("llm, llm-small") } else { false }
                })
        }
    }

    @Test func cancellationStopsThePullAndSaysWhatWasDone() async throws {
        try await RunnerSimHarness.with(Self.simModels) { harness in
            harness.sim.enqueuePullFault(.pauseUntilResumed(afterLines: 0))
            let provisioner = harness.provisioner()
            let task = Task { await provisioner.run([Self.embed, Self.llm]) }
            _ = try await harness.sim.waitForEvent(.pullPaused, model: "ai/smollm2")
            task.cancel()
            let report = await task.value
            #expect(report.cancelled)
            #expect(!report.succeeded)
            #expect(report.entries.map(\.outcome) == [.present, .cancelled])
            // The runner must see the connection go (on a loaded machine the give-up can come before the
            // stream starts, so the pull may end as cancelled, abandoned in the queue, or just a closed connection).
            _ = try await harness.sim.waitForEvent(timeout: .seconds(15)) { event in
                [.pullCancelled, .pullAbandoned, .connectionClosed].contains(event.kind)
            }
        }
    }

    @Test func wholeRunTimeoutFailsWhatIsUnfinished() async throws {
        try await RunnerSimHarness.with(Self.simModels) { harness in
            harness.sim.enqueuePullFault(.pauseUntilResumed(afterLines: 0))
            let options = ProvisionOptions(stallTimeout: nil, timeout: .seconds(2))
            let report = await harness.provisioner(options).run([Self.llm])
            #expect(report.timedOut)
            #expect(report.entries.map(\.outcome) == [.failed])
            #expect(report.entries.first?.message == "timed out after 2s (--timeout)")
            // The pull normally reaches the runner (and pauses there) well within the 2 s; then the runner
            // must see it cancelled. On a very loaded machine the timeout can come first, with no pull to stop.
            if !harness.requests("POST", "/models/create").isEmpty {
                _ = try await harness.sim.waitForEvent(timeout: .seconds(15)) { event in
                    [.pullCancelled, .pullAbandoned, .connectionClosed].contains(event.kind)
                }
            }
        }
    }

    @Test func unreachableRunnerFailsEveryModelWithOneMessage() async throws {
        // Port 1 on loopback: nothing listens there (a closed simulator's port may still accept for a while).
        let endpoint = RunnerEndpoint(transport: .tcp(scheme: "http", authority: "127.0.0.1:1"))
        let client = RunnerClient(endpoint: endpoint)
        let waits = Locked(0)
        let provisioner = Provisioner(
            client: client, options: ProvisionOptions(retry: RetryPolicy(maximumAttempts: 2)),
            sleep: { _ in waits.withLock { $0 += 1 } })
        let report = await provisioner.run([Self.llm, Self.embed])
        try await client.shutdown()
        #expect(!report.succeeded)
        let message = try #require(report.message)
        #expect(message.contains("nothing is listening at http://127.0.0.1:1 (connection refused)"))
        #expect(message.contains("--runner URL or MODEL_RUNNER_HOST"))
        #expect(report.entries.allSatisfy { $0.outcome == .failed })
        // One check before any model work, not retried: nothing listening is said at once.
        #expect(waits.withLock { $0 } == 0)
    }
}
