import Foundation
import ModelRunnerSim
import Testing

/// `modelbind provision` run as a process against the runner stand-in, over TCP and a unix socket.
@Suite(.serialized) struct ProvisionEndToEndTests {
    @Test(arguments: EndToEndProject.Transport.allCases)
    func pullsConfiguresThenFindsModelsPresent(_ transport: EndToEndProject.Transport) async throws {
        try await EndToEndProject.with(transport: transport) { project in
            let first = try await project.run(["provision", "--progress", "plain"])
            #expect(first.status == 0, "\(first)")
            #expect(first.stderr.contains("chat: pulled ai/smollm2"))
            #expect(first.stderr.contains("chat: configured ai/smollm2"))
            #expect(project.requests("POST", "/models/create").count == 2, "\(first)")
            let create = try #require(project.requests("POST", "/models/create").first)
            #expect(create.header("Accept") == "application/json")
            #expect(create.header("Origin") == nil)
            if transport == .unix { #expect(create.header("Host") == "localhost") }
            let configure = try #require(project.requests("POST", "/engines/_configure").first)
            let body = try JSONSerialization.jsonObject(with: Data(configure.body)) as? [String: Any]
            #expect(body?["model"] as? String == "ai/smollm2")
            #expect(body?["context-size"] as? Int == 4096)
            #expect(body?["runtime-flags"] as? [String] == ["--temp", "0.2"])

            let second = try await project.run(["provision", "--progress", "plain"])
            #expect(second.status == 0, "\(second)")
            #expect(
                project.requests("POST", "/models/create").count == 2, "present models are not pulled again: \(second)")
            #expect(second.stderr.contains("present"))
        }
    }

    @Test func pullAlwaysPullsPresentModelsAgain() async throws {
        let models = EndToEndProject.defaultModels.map { model in
            var model = model
            model.isPresent = true
            return model
        }
        try await EndToEndProject.with(models: models) { project in
            let result = try await project.run(["provision", "--pull", "always", "--progress", "quiet"])
            #expect(result.status == 0, "\(result)")
            #expect(project.requests("POST", "/models/create").count == 2)
        }
    }

    @Test(arguments: EndToEndProject.Transport.allCases)
    func pullNeverListsEveryMissingModel(_ transport: EndToEndProject.Transport) async throws {
        try await EndToEndProject.with(transport: transport) { project in
            let result = try await project.run(["provision", "--pull", "never", "--progress", "quiet"])
            #expect(result.status == 1)
            #expect(result.stderr.contains("ai/smollm2") && result.stderr.contains("ai/mxbai-embed-large"))
            #expect(project.requests("POST", "/models/create").isEmpty)
        }
    }

    @Test(arguments: [
        (SimPreStreamError.invalidReference, "Invalid model reference"),
        (.unauthorized, "private or misspelled"),
        (.notFound, "Model not found"),
        (.unsupportedMediaType, "is not supported"),
        (.registryUnreachable(detail: "dial tcp: lookup registry-1.docker.io: no such host"), "no such host"),
    ])
    func statusBeforeTheStreamIsReported(_ error: SimPreStreamError, _ expected: String) async throws {
        let models = [SimModel(reference: "ai/smollm2", size: 1_000, faults: [.status(error)])]
        try await EndToEndProject.with(models: models) { project in
            let result = try await project.run(["provision", "--progress", "quiet", "web"])
            #expect(result.status == 1, "\(result)")
            #expect(result.stderr.contains(expected), "\(result)")
            #expect(result.stderr.contains("chat"))
            // Neither a 4xx nor the runner's 500 is retried.
            #expect(project.requests("POST", "/models/create").count == 1)
        }
    }

    @Test(arguments: EndToEndProject.Transport.allCases)
    func errorLineMidStreamShowsTheRunnersWordsAndTrailingText(_ transport: EndToEndProject.Transport) async throws {
        try await EndToEndProject.with(transport: transport) { project in
            project.sim.enqueuePullFault(
                .errorLine(afterLines: 2, message: "writing blob: no space left on device"),
                for: SimFaultTarget(model: "ai/smollm2")
            )
            let result = try await project.run(["provision", "--progress", "quiet", "web"])
            #expect(result.status == 1)
            #expect(result.stderr.contains("Error: writing blob: no space left on device"), "\(result)")
            #expect(result.stderr.contains("error while pulling model: writing image to store"), "\(result)")
            #expect(project.requests("POST", "/models/create").count == 1, "an error line is final")
        }
    }

    @Test(arguments: EndToEndProject.Transport.allCases)
    func cutStreamIsRetriedAndSucceeds(_ transport: EndToEndProject.Transport) async throws {
        try await EndToEndProject.with(transport: transport) { project in
            project.sim.enqueuePullFault(.cut(afterLines: 1), for: SimFaultTarget(model: "ai/smollm2"))
            let result = try await project.run(["provision", "--progress", "plain", "web"])
            #expect(result.status == 0, "\(result)")
            #expect(project.requests("POST", "/models/create").count == 2)
            #expect(result.stderr.contains("retrying") || result.stderr.contains("retry"), "\(result)")
        }
    }

    @Test(arguments: EndToEndProject.Transport.allCases)
    func htmlEscapedTextPlainStreamIsUnderstood(_ transport: EndToEndProject.Transport) async throws {
        try await EndToEndProject.with(transport: transport) { project in
            project.sim.enqueuePullFault(.forceTextPlain, for: SimFaultTarget(model: "ai/smollm2"))
            let result = try await project.run(["provision", "--progress", "plain", "web"])
            #expect(result.status == 0, "\(result)")
            #expect(result.stderr.contains("Model pulled successfully"))
        }
    }

    @Test(arguments: EndToEndProject.Transport.allCases)
    func stallEndsWithinTheStallTimeout(_ transport: EndToEndProject.Transport) async throws {
        try await EndToEndProject.with(transport: transport) { project in
            project.sim.enqueuePullFault(.stall(afterLines: 1), for: SimFaultTarget(model: "ai/smollm2"))
            let started = ContinuousClock.now
            let result = try await project.run(["provision", "--progress", "quiet", "--stall-timeout", "1", "web"])
            #expect(result.status == 1)
            #expect(
                result.stderr.lowercased().contains("no data") || result.stderr.lowercased().contains("stall"),
                "\(result)")
            #expect(ContinuousClock.now - started < .seconds(20))
        }
    }

    @Test(arguments: EndToEndProject.Transport.allCases)
    func serviceUnavailableIsRetriedThenSucceeds(_ transport: EndToEndProject.Transport) async throws {
        try await EndToEndProject.with(transport: transport) { project in
            project.sim.enqueuePullFault(.status(.serviceUnavailable), for: SimFaultTarget(model: "ai/smollm2"))
            let result = try await project.run(["provision", "--progress", "quiet", "web"])
            #expect(result.status == 0, "\(result)")
            #expect(project.requests("POST", "/models/create").count == 2)
        }
    }

    @Test(arguments: EndToEndProject.Transport.allCases)
    func configureBusyThenAccepted(_ transport: EndToEndProject.Transport) async throws {
        try await EndToEndProject.with(transport: transport) { project in
            project.sim.enqueueConfigureFault(.busy(times: 1))
            let result = try await project.run(["provision", "--progress", "quiet", "web"])
            #expect(result.status == 0, "\(result)")
            #expect(project.requests("POST", "/engines/_configure").count == 2)
        }
    }

    @Test(arguments: EndToEndProject.Transport.allCases)
    func configureRejectionShowsTheRunnersText(_ transport: EndToEndProject.Transport) async throws {
        try await EndToEndProject.with(transport: transport) { project in
            let text = #"runtime flag "--temp" is not allowed for backend "llama.cpp""#
            project.sim.enqueueConfigureFault(.fail(message: text))
            let result = try await project.run(["provision", "--progress", "quiet", "web"])
            #expect(result.status == 1)
            #expect(result.stderr.contains(text), "\(result)")
        }
    }

    @Test(arguments: EndToEndProject.Transport.allCases)
    func readBackMismatchIsAWarning(_ transport: EndToEndProject.Transport) async throws {
        try await EndToEndProject.with(transport: transport) { project in
            project.sim.enqueueConfigureFault(.storeDifferent(contextSize: 2048, runtimeFlags: nil))
            let result = try await project.run(["provision", "--progress", "plain", "web"])
            #expect(result.status == 0, "\(result)")
            #expect(result.stderr.contains("2048"), "\(result)")
            #expect(project.requests("GET", "/engines/_configure").count == 1)
        }
    }

    @Test(arguments: [1, 2])
    func concurrencyNeverExceedsParallel(_ parallel: Int) async throws {
        let models = (1...5).map {
            SimModel(reference: "ai/m\($0)", size: 400_000, speed: .duration(.milliseconds(150)))
        }
        let compose =
            "services:\n  app:\n    image: app\n    models: [m1, m2, m3, m4, m5]\nmodels:\n"
            + (1...5).map { "  m\($0): {model: ai/m\($0)}\n" }.joined()
        try await EndToEndProject.with(files: ["compose.yaml": compose], models: models) { project in
            let result = try await project.run(["provision", "--progress", "quiet", "--parallel", "\(parallel)"])
            #expect(result.status == 0, "\(result)")
            #expect(project.sim.maxConcurrentPullsObserved <= parallel)
            #expect(project.sim.maxConcurrentPullsObserved >= 1)
        }
    }

    @Test(arguments: EndToEndProject.Transport.allCases)
    func interruptMidPullExits130AndClosesTheConnection(_ transport: EndToEndProject.Transport) async throws {
        try await EndToEndProject.with(transport: transport) { project in
            project.sim.enqueuePullFault(.pauseUntilResumed(afterLines: 1), for: SimFaultTarget(model: "ai/smollm2"))
            let process = try project.cli.start([
                "provision", "--progress", "plain", "--runner", project.runnerURL, "web",
            ])
            _ = try await project.sim.waitForEvent(.pullPaused, timeout: .seconds(30))
            process.send(SIGINT)
            let result = try await process.finish(timeout: .seconds(30))
            #expect(result.status == 130, "\(result)")
            #expect(result.stderr.contains("interrupted"), "\(result)")
            _ = try await project.sim.waitForEvent(.pullCancelled, timeout: .seconds(10))
            #expect(!project.sim.presentTags.contains { $0.contains("smollm2") })
        }
    }

    @Test func jsonProgressIsAnEventSequence() async throws {
        try await EndToEndProject.with { project in
            let result = try await project.run(["provision", "--progress", "json", "web"])
            #expect(result.status == 0, "\(result)")
            let events = result.stderr.split(separator: "\n").compactMap { line -> String? in
                guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                    return nil
                }
                return object["event"] as? String
            }
            var collapsed: [String] = []
            for event in events where collapsed.last != event { collapsed.append(event) }
            #expect(
                collapsed == [
                    "planned", "checking", "missing", "pull_started", "progress", "pull_finished", "configuring",
                    "configured", "finished",
                ],
                "\(result)"
            )
        }
    }

    @Test func unreachableRunnerFailsClearlyWithoutFallback() async throws {
        try await EndToEndProject.with { project in
            try await project.sim.shutdown()
            let result = try await project.run(["provision", "--progress", "quiet"])
            #expect(result.status == 1)
            #expect(
                result.stderr.contains(project.runnerURL.replacingOccurrences(of: "http://", with: ""))
                    || result.stderr.contains(project.runnerURL), "\(result)")
            #expect(result.stderr.contains("--runner") || result.stderr.contains("MODEL_RUNNER_HOST"), "\(result)")
        }
    }
}

/// `provision --check`: the read-back alone, exit 1 when another client replaced a model's configuration.
@Suite(.serialized) struct ProvisionCheckEndToEndTests {
    @Test(arguments: EndToEndProject.Transport.allCases)
    func checkFailsAfterAnotherClientRewroteTheConfiguration(_ transport: EndToEndProject.Transport) async throws {
        try await EndToEndProject.with(transport: transport) { project in
            let provision = try await project.run(["provision", "--progress", "quiet"])
            #expect(provision.status == 0, "\(provision)")
            let clean = try await project.run(["provision", "--check", "--progress", "plain"])
            #expect(clean.status == 0, "\(clean)")
            #expect(clean.stderr.contains("as configured"), "\(clean)")
            let pulls = project.requests("POST", "/models/create").count
            let configures = project.requests("POST", "/engines/_configure").count

            // Another client: a second project configuring the same model differently.
            let other = project.directory + "/other"
            try FileManager.default.createDirectory(atPath: other, withIntermediateDirectories: true)
            try """
            services:
              app:
                image: app
                models: [llm]
            models:
              llm:
                model: ai/smollm2
                context_size: 1024
            """.write(toFile: other + "/compose.yaml", atomically: true, encoding: .utf8)
            let rewrite = try await CLIRunner(currentDirectory: other).run(
                ["provision", "--progress", "quiet", "--runner", project.runnerURL])
            #expect(rewrite.status == 0, "\(rewrite)")

            let drift = try await project.run(["provision", "--check", "--progress", "plain"])
            #expect(drift.status == 1, "\(drift)")
            #expect(drift.stderr.contains("context-size 1024") && drift.stderr.contains("not 4096"), "\(drift)")
            #expect(drift.stderr.contains("provision --check"), "\(drift)")
            // --check neither pulls nor configures.
            #expect(project.requests("POST", "/models/create").count == pulls)
            #expect(project.requests("POST", "/engines/_configure").count == configures + 1)
        }
    }
}
