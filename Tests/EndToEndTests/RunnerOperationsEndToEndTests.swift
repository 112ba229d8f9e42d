import Foundation
import ModelRunnerSim
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `status`, `wait`, `models` and `check`, the built CLI against the simulator over TCP and its unix socket.
@Suite("Runner operations end to end", .timeLimit(.minutes(2)))
struct RunnerOperationsEndToEndTests {
    // MARK: - status

    @Test(arguments: EndToEndProject.Transport.allCases)
    func statusShowsTheRunnerWhyAndTheProjectsModels(_ transport: EndToEndProject.Transport) async throws {
        try await EndToEndProject.with(transport: transport) { project in
            let provisioned = try await project.run(["provision", "web", "--progress", "quiet"])
            #expect(provisioned.status == 0, "\(provisioned)")
            try await RunnerOperationChecks.status(
                runnerURL: project.runnerURL, directory: project.directory, present: ["chat"], absent: ["embedder"],
                transport: transport.rawValue)
            let status = try await project.run(["status"])
            #expect(status.stdout.contains("chosen by --runner"), "\(status)")
            #expect(status.stdout.contains("reachable: yes"))
            #expect(status.stdout.contains("context 4096, flags [--temp 0.2]"), "\(status)")
        }
    }

    @Test func statusSaysTheRunnerCameFromTheProjectsDotEnvAndShowsDrift() async throws {
        try await EndToEndProject.with { project in
            try Data("MODEL_RUNNER_HOST=\(project.runnerURL)\n".utf8).write(
                to: URL(fileURLWithPath: project.directory + "/.env"))
            #expect(try await project.cli.run(["provision", "--progress", "quiet"]).status == 0)
            // The compose file now asks for another context size than the runner holds.
            let compose = EndToEndProject.compose.replacingOccurrences(of: "4096", with: "8192")
            try Data(compose.utf8).write(to: URL(fileURLWithPath: project.directory + "/compose.yaml"))
            let status = try await project.cli.run(["status"])
            #expect(status.status == 0, "\(status)")
            #expect(status.stdout.contains("chosen by MODEL_RUNNER_HOST (from the project's .env)"), "\(status)")
            #expect(
                status.stdout.contains("drift: chat: context_size: the compose file asks 8192, the runner holds 4096"),
                "\(status)")
        }
    }

    @Test func statusExitsOneWhenNothingAnswers() async throws {
        let url = try await RunnerOperationChecks.closedPortURL()
        try await EndToEndProject.with { project in
            let status = try await project.cli.run(["status", "--runner", url])
            #expect(status.status == 1, "\(status)")
            #expect(status.stdout.contains("reachable: no"))
            #expect(
                status.stdout.contains("nothing is listening at \(url)")
                    || status.stdout.contains("no answer from \(url)"),
                "\(status)")
        }
    }

    // MARK: - models

    @Test(arguments: EndToEndProject.Transport.allCases)
    func modelsListAndRemoveOnlyTheProjectsModels(_ transport: EndToEndProject.Transport) async throws {
        let bystander = SimModel(reference: "ai/bystander", size: 1_000, isPresent: true)
        try await EndToEndProject.with(transport: transport, models: EndToEndProject.defaultModels + [bystander]) {
            project in
            #expect(try await project.run(["provision", "--progress", "quiet"]).status == 0)
            try await RunnerOperationChecks.modelsList(
                runnerURL: project.runnerURL, directory: project.directory, present: ["chat", "embedder"])
            let listed = try await project.run(["models", "ls"])
            #expect(!listed.stdout.contains("bystander"), "only the project's models: \(listed)")

            let dry = try await project.run(["models", "rm", "embedder", "--dry-run"])
            #expect(dry.status == 0, "\(dry)")
            #expect(dry.stdout.contains("embedder (ai/mxbai-embed-large): would be deleted"), "\(dry)")
            #expect(project.sim.requests.filter { $0.method == "DELETE" }.isEmpty)

            let removed = try await project.run(["models", "rm", "embedder"])
            #expect(removed.status == 0, "\(removed)")
            #expect(removed.stdout.contains("embedder (ai/mxbai-embed-large): deleted"), "\(removed)")
            #expect(
                project.sim.requests.filter { $0.method == "DELETE" }.map(\.path) == [
                    "/models/docker.io/ai/mxbai-embed-large:latest"
                ])
            #expect(!project.sim.presentTags.contains("docker.io/ai/mxbai-embed-large:latest"))
            #expect(project.sim.presentTags.contains("docker.io/ai/bystander:latest"), "not the whole store")

            let again = try await project.run(["models", "rm", "--format", "json"])
            #expect(again.status == 0, "\(again)")
            let json = try RunnerOperationChecks.object(again.stdout)
            let results = (json["models"] as? [[String: Any]])?.map { "\($0["key"] ?? ""):\($0["result"] ?? "")" }
            #expect(results == ["chat:deleted", "embedder:absent"], "\(again)")

            let unknown = try await project.run(["models", "rm", "chatt"])
            #expect(unknown.status == 64)
            #expect(unknown.stderr.contains("did you mean 'chat'?"), "\(unknown)")
        }
    }

    @Test func removingAModelOtherReferencesShareOnlyUntagsIt() async throws {
        try await EndToEndProject.with { project in
            #expect(try await project.run(["provision", "--progress", "quiet"]).status == 0)
            // Another reference to the same stored model, as `docker model tag` makes it.
            var tag = URLRequest(
                url: try #require(
                    URL(string: project.runnerURL + "/models/ai/mxbai-embed-large/tag?repo=ai/mxbai-copy&tag=v1")))
            tag.httpMethod = "POST"
            let (_, response) = try await URLSession.shared.data(for: tag)
            #expect((response as? HTTPURLResponse)?.statusCode == 201)

            let listed = try await project.run(["models", "ls"])
            #expect(listed.stdout.contains("also docker.io/ai/mxbai-copy:v1"), "\(listed)")
            let removed = try await project.run(["models", "rm", "embedder"])
            #expect(removed.status == 0, "\(removed)")
            #expect(
                removed.stdout.contains(
                    "embedder (ai/mxbai-embed-large): untagged docker.io/ai/mxbai-embed-large:latest; the model stays, "
                        + "also tagged docker.io/ai/mxbai-copy:v1"), "\(removed)")
            #expect(project.sim.presentTags.contains("docker.io/ai/mxbai-copy:v1"))
            #expect(!project.sim.presentTags.contains("docker.io/ai/mxbai-embed-large:latest"))
        }
    }

    // MARK: - wait

    @Test(arguments: EndToEndProject.Transport.allCases)
    func waitReturnsWhenARunnerStartsLater(_ transport: EndToEndProject.Transport) async throws {
        let listen: SimListenAddress
        let url: String
        switch transport {
        case .tcp:
            url = "http://127.0.0.1:\(RunnerOperationChecks.waitPort)"
            listen = .tcp(host: "127.0.0.1", port: RunnerOperationChecks.waitPort)
        case .unix:
            let path = "/tmp/mb-wait-\(UUID().uuidString.prefix(8)).sock"
            url = "unix://" + path
            listen = .unix(path: path)
        }
        let directory = FileManager.default.temporaryDirectory.path
        let waiting = try CLIRunner(currentDirectory: directory).start(["wait", "--runner", url, "--timeout", "60s"])
        // The one progress line says it is waiting: only then does the runner start.
        try await RunnerOperationChecks.until("the waiting line") { waiting.stderrSoFar.contains("waiting for") }
        let sim = ModelRunnerSim()
        try await sim.start(listening: listen)
        let result = try await waiting.finish(timeout: .seconds(30))
        try? await sim.shutdown()
        #expect(result.status == 0, "\(result)")
        #expect(result.stderr.contains("waiting for the model runner at \(url)"), "\(result)")
        #expect(result.stderr.contains("answered after"), "\(result)")
        #expect(result.stderr.components(separatedBy: "waiting for").count == 2, "one progress line: \(result)")
    }

    @Test func waitTimesOutWithExitOne() async throws {
        let url = try await RunnerOperationChecks.closedPortURL()
        let result = try await CLIRunner(currentDirectory: FileManager.default.temporaryDirectory.path).run([
            "wait", "--runner", url, "--timeout", "300ms",
        ])
        #expect(result.status == 1, "\(result)")
        #expect(result.stderr.contains("did not answer within 0.300s"), "\(result)")
    }

    // MARK: - check

    /// examples/quickstart with the simulator serving examples/runner-catalog.json (pulls made instant).
    static func quickstart(
        transport: EndToEndProject.Transport, _ body: (EndToEndProject) async throws -> Void
    ) async throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let compose = try String(
            contentsOf: root.appendingPathComponent("examples/quickstart/compose.yaml"), encoding: .utf8)
        let catalog = try Data(contentsOf: root.appendingPathComponent("examples/runner-catalog.json"))
        var models = try SimCatalogFile.configuration(json: Array(catalog)).models
        for index in models.indices { models[index].speed = .instant }
        try await EndToEndProject.with(transport: transport, files: ["compose.yaml": compose], models: models, body)
    }

    @Test(arguments: EndToEndProject.Transport.allCases)
    func checkOnTheQuickstartAfterUpPassesAndFailsClearlyWhenAModelIsDropped(
        _ transport: EndToEndProject.Transport
    ) async throws {
        try await Self.quickstart(transport: transport) { project in
            let up = try await project.run(["up", "--progress", "quiet"])
            #expect(up.status == 0, "\(up)")
            let check = try await project.run(["check"])
            #expect(check.status == 0, "\(check)")
            #expect(check.stdout.contains("3 binding(s) answered"), "\(check)")
            let chats = project.requests("POST", "/engines/v1/chat/completions")
            #expect(chats.count == 2)
            #expect(chats.allSatisfy { $0.bodyText.contains(#""model":"ai/smollm2:latest""#) })
            #expect(chats.allSatisfy { $0.bodyText.contains(#""max_tokens":1"#) })
            let embeddings = project.requests("POST", "/engines/v1/embeddings")
            #expect(embeddings.count == 1)
            #expect(embeddings.first?.bodyText.contains(#""model":"ai/mxbai-embed-large""#) == true)

            #expect(project.sim.dropModel("ai/smollm2:latest") != nil)
            let failed = try await project.run(["check", "--format", "json"])
            #expect(failed.status == 1, "\(failed)")
            let json = try RunnerOperationChecks.object(failed.stdout)
            let results = try #require(json["results"] as? [[String: Any]])
            let broken = results.filter { ($0["ok"] as? Bool) == false }
            #expect(broken.count == 2, "\(failed)")
            #expect(
                broken.allSatisfy {
                    ($0["problem"] as? String)?.contains("the runner has no model 'ai/smollm2:latest'") == true
                },
                "\(failed)")
            #expect(results.contains { ($0["key"] as? String) == "embedder" && ($0["ok"] as? Bool) == true })

            let text = try await project.run(["check", "web"])
            #expect(text.status == 1)
            #expect(text.stdout.contains("FAIL web chat (chat)"), "\(text)")
            #expect(text.stdout.contains("1 of 1 binding(s) failed"), "\(text)")
        }
    }

    @Test(arguments: EndToEndProject.Transport.allCases)
    func checkSaysWhenTheRunnerCannotLoadTheModelOrDoesNotAnswerInTime(_ transport: EndToEndProject.Transport)
        async throws
    {
        try await Self.quickstart(transport: transport) { project in
            #expect(try await project.run(["up", "--progress", "quiet"]).status == 0)
            project.sim.enqueueInferenceFault(
                .fail(
                    status: 500,
                    message: "unable to load runner: error waiting for runner to be ready: llama-server exited"))
            let notLoaded = try await project.run(["check", "web"])
            #expect(notLoaded.status == 1, "\(notLoaded)")
            #expect(
                notLoaded.stdout.contains("model not loaded: the runner could not load 'ai/smollm2:latest' (HTTP 500"),
                "\(notLoaded)")

            project.sim.enqueueInferenceFault(.stall)
            let slow = try await project.run(["check", "web", "--timeout", "500ms"])
            #expect(slow.status == 1, "\(slow)")
            #expect(slow.stdout.contains("no answer within 0.500s (--timeout)"), "\(slow)")
        }
    }

    @Test func checkThroughAWrongEndpointSaysSo() async throws {
        try await Self.quickstart(transport: .tcp) { project in
            #expect(try await project.run(["up", "--progress", "quiet"]).status == 0)
            let wrong = try await project.run(["check", "web", "--endpoint", project.runnerURL + "/openai/v1/"])
            #expect(wrong.status == 1, "\(wrong)")
            #expect(wrong.stdout.contains("wrong path"), "\(wrong)")
        }
    }
}

/// Assertions on `status` and `models` that take any runner URL, so the same checks run against
/// the simulator here and against the real Docker Model Runner in `make integration`.
enum RunnerOperationChecks {
    /// `status --format json` in `directory` against `runnerURL`: the runner answers, was chosen
    /// by the flag, reports a version and llama.cpp, and the keys are present or absent as said.
    static func status(
        runnerURL: String, directory: String, present: [String], absent: [String], transport: String? = nil
    ) async throws {
        let result = try await CLIRunner(currentDirectory: directory).run([
            "status", "--runner", runnerURL, "--format", "json",
        ])
        #expect(result.status == 0, "\(result)")
        let json = try object(result.stdout)
        #expect(json["reachable"] as? Bool == true, "\(result)")
        let runner = json["runner"] as? [String: Any]
        #expect(runner?["source"] as? String == "flag")
        if let transport { #expect(runner?["transport"] as? String == transport) }
        #expect((json["version"] as? String)?.hasPrefix("v") == true, "\(result)")
        let backends = (json["backends"] as? [[String: Any]])?.compactMap { $0["name"] as? String } ?? []
        #expect(backends.contains("llama.cpp"), "\(result)")
        let models = (json["models"] as? [[String: Any]]) ?? []
        for key in present {
            #expect(
                models.contains { $0["key"] as? String == key && $0["present"] as? Bool == true }, "\(key): \(result)")
        }
        for key in absent {
            #expect(
                models.contains { $0["key"] as? String == key && $0["present"] as? Bool == false }, "\(key): \(result)")
        }
    }

    /// `models ls --format json`: the keys are present.
    static func modelsList(runnerURL: String, directory: String, present: [String]) async throws {
        let result = try await CLIRunner(currentDirectory: directory).run([
            "models", "ls", "--runner", runnerURL, "--format", "json",
        ])
        #expect(result.status == 0, "\(result)")
        let models = (try object(result.stdout)["models"] as? [[String: Any]]) ?? []
        for key in present {
            #expect(
                models.contains { $0["key"] as? String == key && $0["result"] as? String == "present" }, "\(result)")
        }
    }

    static func object(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "not JSON: \(text)")
    }

    /// A loopback URL where nothing listens: a port of the range these tests own (14400-14499), outside
    /// the ephemeral range, so no other test's listener and no client's source port takes it.
    static func closedPortURL() async throws -> String {
        "http://127.0.0.1:14421"
    }

    /// The port `wait` waits on until a simulator starts there.
    static let waitPort = 14420

    /// Polls `condition` (a pipe's contents so far) until it holds; fails after 20 s.
    static func until(_ what: String, _ condition: () -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(20)
        while !condition() {
            guard ContinuousClock.now < deadline else {
                Issue.record("timed out waiting for \(what)")
                return
            }
            try await Task.sleep(for: .milliseconds(10))
        }
    }
}
