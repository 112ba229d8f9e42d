import Foundation
import ModelRunnerSim
import Testing

@testable import ModelBind
@testable import ModelBindCLI
@testable import ModelRunnerClient
@testable import RunnerEndpoints

/// The runner operations against answers the simulator does not give: an old runner, a model
/// other references share, a model already gone, and the ways a real request through `*_URL` fails.
@Suite(.timeLimit(.minutes(1)))
struct RunnerOperationsTests {
    static let sharedID = "sha256:" + String(repeating: "a", count: 64)
    static let soloID = "sha256:" + String(repeating: "b", count: 64)

    /// A runner of version `version` with `ai/shared` (also tagged `ai/other`) and `ai/solo` stored.
    static func daemon(version: String = "v1.0.10") -> CannedHTTPServer.Handler {
        { method, path, body in
            switch (method, path) {
            case ("GET", "/"):
                return .init(status: 200, contentType: "text/plain", body: "Docker Model Runner is running")
            case ("GET", "/version"): return .init(status: 200, body: #"{"version":"\#(version)"}"#)
            case ("GET", "/engines/status"):
                return .init(status: 200, body: #"{"vllm":"Not Installed","llama.cpp":"Running: llama.cpp b1"}"#)
            case ("GET", "/models"):
                return .init(
                    status: 200,
                    body: #"[{"id":"\#(sharedID)","tags":["docker.io/ai/shared:latest","docker.io/ai/other:latest"],"#
                        + #""config":{"size":"1.00 GiB"}},{"id":"\#(soloID)","tags":["docker.io/ai/solo:latest"],"#
                        + #""config":{"size":"640B"}}]"#)
            case ("GET", "/engines/_configure"):
                return .init(
                    status: 200,
                    body: #"[{"Backend":"llama.cpp","Model":"docker.io/ai/solo:latest","ModelID":"\#(soloID)","#
                        + #""Mode":"completion","Config":{"context-size":2048}},{"Backend":"llama.cpp","#
                        + #""Model":"docker.io/ai/shared:latest","ModelID":"\#(sharedID)","Mode":"embedding","#
                        + #""Config":{}}]"#)
            case ("GET", "/engines/ps"):
                return .init(
                    status: 200,
                    body: #"[{"backend_name":"llama.cpp","model_name":"ai/solo","mode":"completion","#
                        + #""last_used":"0001-01-01T00:00:00Z","loading":false}]"#)
            case ("DELETE", "/models/docker.io/ai/shared:latest"):
                return .init(status: 200, body: #"[{"Untagged":"docker.io/ai/shared:latest"}]"#)
            case ("DELETE", "/models/docker.io/ai/solo:latest"):
                return .init(
                    status: 404, contentType: "text/plain", body: "error while deleting model: model not found\n")
            case ("POST", "/engines/v1/chat/completions"):
                if body.contains("ai/slow") { return .init(status: 200, body: "", hang: true) }
                if body.contains("ai/absent") {
                    return .init(
                        status: 404, contentType: "text/plain",
                        body: #"error while getting model: get model '"ai/absent"': model not found"#)
                }
                if body.contains("ai/broken") {
                    return .init(
                        status: 500, contentType: "text/plain",
                        body: "unable to load runner: error waiting for runner to be ready: no llama-server")
                }
                return .init(status: 200, body: #"{"choices":[{"index":0,"message":{"content":"p"}}],"object":"x"}"#)
            case ("POST", "/engines/mlx/v1/chat/completions"):
                return .init(
                    status: 503, contentType: "text/plain",
                    body: "backend installation failed: mlx: only supported on Apple Silicon")
            case ("POST", "/engines/v1/embeddings"):
                return .init(status: 200, body: #"{"object":"list","data":[{"embedding":[0.1]}]}"#)
            default:
                return .init(status: 404, contentType: "text/plain", body: "404 page not found\n")
            }
        }
    }

    static func withDaemon(
        version: String = "v1.0.10", _ body: (CannedHTTPServer, RunnerClient) async throws -> Void
    ) async throws {
        let server = try CannedHTTPServer(daemon(version: version))
        let client = RunnerClient(endpoint: try RunnerEndpoint(parsing: server.url), connectTimeout: .seconds(2))
        do {
            try await body(server, client)
        } catch {
            try? await client.shutdown()
            server.stop()
            throw error
        }
        try? await client.shutdown()
        server.stop()
    }

    static let choice = RunnerChoice(
        RunnerEndpoint(transport: .tcp(scheme: "http", authority: "x"), source: .flag), processEnvironment: [:])

    // MARK: - status

    @Test func statusWarnsAboutAnOldRunnerAndShowsPresenceDriftAndLoading() async throws {
        try await Self.withDaemon { _, client in
            let models = [
                ModelDefinition(key: "solo", model: "ai/solo", contextSize: 4096),
                ModelDefinition(key: "shared", model: "index.docker.io/ai/shared"),
                ModelDefinition(key: "gone", model: "ai/gone"),
            ]
            let status = await StatusOperation.status(of: models, client: client, backend: nil, choice: Self.choice)
            #expect(status.reachable)
            #expect(status.version == "v1.0.10")
            #expect(status.warnings.contains { $0.contains("older than v1.0.11") && $0.contains("ModelPack") })
            #expect(status.backends.map(\.name) == ["llama.cpp", "vllm"])
            let solo = try #require(status.models.first { $0.key == "solo" })
            #expect(solo.present && solo.id == Self.soloID && solo.size == "640B")
            #expect(solo.configured?.contextSize == 2048)
            #expect(solo.drift == ["context_size: the compose file asks 4096, the runner holds 2048"])
            #expect(solo.loaded == true)
            let shared = try #require(status.models.first { $0.key == "shared" })
            #expect(shared.present, "normalised matching: index.docker.io/ai/shared is docker.io/ai/shared:latest")
            #expect(shared.tags.count == 2)
            #expect(shared.loaded == false)
            let gone = try #require(status.models.first { $0.key == "gone" })
            #expect(!gone.present)
            #expect(status.notes.isEmpty, "\(status.notes)")
        }
    }

    @Test func statusOfNothingListeningIsUnreachableWithTheFix() async throws {
        let server = try CannedHTTPServer(Self.daemon())
        let url = server.url
        server.stop()
        let client = RunnerClient(endpoint: try RunnerEndpoint(parsing: url), connectTimeout: .seconds(1))
        let status = await StatusOperation.status(of: [], client: client, backend: nil, choice: Self.choice)
        try? await client.shutdown()
        #expect(!status.reachable)
        // The one runner check's words (a port just closed may still accept for a moment: then a timeout).
        let problem = status.problem ?? ""
        #expect(problem.contains("nothing is listening at") || problem.contains("no answer from"), "\(problem)")
        #expect(status.problem?.contains("--runner") == true)
    }

    @Test func versionWarnings() {
        #expect(RunnerVersion.warnings("v1.2.6-18-g642c7211").isEmpty)
        #expect(RunnerVersion.warnings("v1.0.11").isEmpty)
        #expect(RunnerVersion.warnings("v1.0.10").count == 1)
        #expect(RunnerVersion.warnings("v1.0.5").count == 2)
        #expect(RunnerVersion.warnings("dev").first?.contains("cannot be compared") == true)
    }

    @Test func runnerChoiceSaysWhy() throws {
        let environment = try RunnerEndpoint.resolve(flag: nil, discovery: RunnerDiscovery(modelRunnerHost: "h:1"))
        #expect(
            RunnerChoice(environment, processEnvironment: [:]).reason == "MODEL_RUNNER_HOST (from the project's .env)")
        #expect(
            RunnerChoice(environment, processEnvironment: ["MODEL_RUNNER_HOST": "h:1"]).reason == "MODEL_RUNNER_HOST")
        let socket = try RunnerEndpoint.resolve(
            flag: nil, discovery: RunnerDiscovery(desktopSocket: "/h/.docker/run/docker.sock"))
        #expect(RunnerChoice(socket, processEnvironment: [:]).reason.contains("Docker Desktop socket"))
        #expect(RunnerChoice(socket, processEnvironment: [:]).transport == "unix")
        let fallback = try RunnerEndpoint.resolve(flag: nil, discovery: RunnerDiscovery())
        #expect(RunnerChoice(fallback, processEnvironment: [:]).reason.hasPrefix("the default"))
    }

    // MARK: - models rm

    @Test func removeUntagsASharedModelAndTakesAMissingOneAsGone() async throws {
        try await Self.withDaemon { server, client in
            let models = [
                ModelDefinition(key: "shared", model: "ai/shared"),
                ModelDefinition(key: "solo", model: "ai/solo:latest"),
                ModelDefinition(key: "gone", model: "ai/gone"),
            ]
            let dry = try await ModelsOperation(action: .remove, load: LoadOptions(), dryRun: true)
                .perform(models, client: client, choice: Self.choice)
            #expect(dry.dryRun)
            #expect(dry.models.map(\.result) == [.untagged, .deleted, .absent])
            #expect(!server.requests.contains { $0.hasPrefix("DELETE") }, "a dry run removes nothing")

            let outcome = try await ModelsOperation(action: .remove, load: LoadOptions())
                .perform(models, client: client, choice: Self.choice)
            #expect(outcome.models.map(\.result) == [.untagged, .alreadyGone, .absent])
            #expect(outcome.models[0].otherTags == ["docker.io/ai/other:latest"])
            #expect(outcome.succeeded)
            // Exactly the stored tags, never the reference as written.
            #expect(
                server.requests.filter { $0.hasPrefix("DELETE") } == [
                    "DELETE /models/docker.io/ai/shared:latest", "DELETE /models/docker.io/ai/solo:latest",
                ])
            let text = ModelsCommand.render(outcome)
            #expect(
                text.contains(
                    "untagged docker.io/ai/shared:latest; the model stays, also tagged docker.io/ai/other:latest"))
            #expect(text.contains("solo (ai/solo:latest): already gone"))
        }
    }

    // MARK: - check

    static func target(_ model: String, url: String) -> CheckOperation.Target {
        CheckOperation.Target(
            service: "web", key: "llm", endpointVariable: "LLM_URL", modelVariable: "LLM_MODEL", url: url,
            model: model)
    }

    @Test func checkSendsTheInjectedModelAndJudgesEachAnswer() async throws {
        try await Self.withDaemon { server, client in
            let base = server.url + "/engines/v1/"
            func check(
                _ model: String, _ kind: CheckOperation.Kind = .chat, url: String? = nil,
                timeout: Duration = .seconds(20)
            ) async -> CheckOperation.Result {
                let url = url ?? base
                return await CheckOperation.check(
                    Self.target(model, url: url), kind: kind, kindSource: "default", base: .url(url), client: client,
                    timeout: timeout)
            }
            let ok = await check("ai/ok")
            #expect(ok.ok, "\(ok)")
            #expect(ok.status == 200)
            #expect(ok.firstBytes.hasPrefix(#"{"choices""#))
            #expect(ok.request == "POST \(base)chat/completions")

            let embedding = await check("ai/ok", .embedding)
            #expect(embedding.ok && embedding.request.hasSuffix("/embeddings"))

            let absent = await check("ai/absent")
            #expect(!absent.ok && absent.problem?.contains("the runner has no model 'ai/absent'") == true)

            let broken = await check("ai/broken")
            #expect(broken.problem?.hasPrefix("model not loaded") == true, "\(broken)")

            let wrongPath = await check("ai/ok", url: server.url + "/openai/")
            #expect(wrongPath.problem?.hasPrefix("wrong path") == true, "\(wrongPath)")

            let uninstalled = await check("ai/ok", url: server.url + "/engines/mlx/v1/")
            #expect(uninstalled.problem?.contains("is not installed on the runner (HTTP 503") == true, "\(uninstalled)")

            let slow = await check("ai/slow", timeout: .milliseconds(500))
            #expect(slow.status == nil)
            #expect(slow.problem?.contains("no answer within 0.500s (--timeout)") == true, "\(slow)")

            let refused = try CannedHTTPServer(Self.daemon())
            let refusedURL = refused.url + "/engines/v1/"
            refused.stop()
            let unreachable = await check("ai/ok", url: refusedURL)
            #expect(unreachable.problem?.contains("cannot connect") == true, "\(unreachable)")
        }
        let sent = CheckRequestBody.chat
        #expect(sent.contains(#""max_tokens":1"#) && sent.contains(#""model":"ai/x:latest""#))
    }

    @Test func kindComesFromTheRunnerThenTheExtensionThenTheFlag() throws {
        let project = try TemporaryProject([
            "compose.yaml": """
            services:
              web:
                image: web
                models:
                  a:
                  b:
                    x-modelbind-kind: embedding
                  c:
            models:
              a: {model: ai/shared}
              b: {model: ai/b}
              c: {model: ai/c, x-modelbind-kind: embeddings}
            """
        ])
        let loaded = project.loader().analyze(LoadOptions(files: [project.path("compose.yaml")]))
        let compose = try #require(loaded.project)
        let configurations = [
            RunnerModelConfiguration(backend: "llama.cpp", model: "docker.io/ai/shared:latest", mode: "embedding")
        ]
        func kind(_ key: String, _ model: String, flag: CheckOperation.Kind? = nil) -> (CheckOperation.Kind, String) {
            var target = Self.target(model, url: "http://x/")
            target.key = key
            return CheckOperation.kind(of: target, configurations: configurations, project: compose, flag: flag)
        }
        #expect(kind("a", "ai/shared") == (.embedding, "runner"))
        #expect(kind("b", "ai/b") == (.embedding, "x-modelbind-kind"))
        #expect(kind("c", "ai/c") == (.embedding, "x-modelbind-kind"))
        #expect(kind("d", "ai/d", flag: .embedding) == (.embedding, "--kind"))
        #expect(kind("d", "ai/d") == (.chat, "default"))
    }

    @Test func durationArguments() {
        #expect(DurationArgument(argument: "60s")?.duration == .seconds(60))
        #expect(DurationArgument(argument: "500ms")?.duration == .milliseconds(500))
        #expect(DurationArgument(argument: "2m")?.duration == .seconds(120))
        #expect(DurationArgument(argument: "1.5")?.duration == .milliseconds(1500))
        #expect(DurationArgument(argument: "soon") == nil)
        #expect(DurationArgument(argument: "-1s") == nil)
    }
}

/// The chat body `check` sends, for the assertion above.
enum CheckRequestBody {
    static let chat = OpenAICall.chatCompletion(model: "ai/x:latest").body ?? ""
}

/// The client's daemon and OpenAI calls against the simulator, over both transports.
@Suite(.timeLimit(.minutes(1)))
struct RunnerClientDaemonCallsTests {
    @Test(arguments: SimTransport.allCases)
    func daemonAndOpenAICalls(_ transport: SimTransport) async throws {
        let present = SimModel(reference: "ai/present", size: 10, isPresent: true)
        try await RunnerSimHarness.with([present], transport: transport) { harness in
            let client = harness.client
            #expect(await client.probe().isRunning)
            #expect(try await client.version().hasPrefix("v"))
            #expect(try await client.backends().contains { $0.name == "llama.cpp" && $0.isRunning })
            #expect(try await client.runningModels().isEmpty)
            #expect(try await client.models().flatMap(\.tags) == ["docker.io/ai/present:latest"])
            let list = try await client.openAI(.listModels, at: .runnerPath("/engines/v1/"), timeout: .seconds(5))
            #expect(list.status == 200 && list.body.contains("docker.io/ai/present:latest"), "\(list)")
            let chat = try await client.openAI(
                .chatCompletion(model: "ai/present"), at: .runnerPath("/v1/"), timeout: .seconds(5))
            #expect(chat.status == 200 && chat.body.contains("choices"), "\(chat)")
            #expect(try await client.runningModels().count == 1, "the chat request loaded it")
            #expect(try await client.delete("docker.io/ai/present:latest")?.contains { $0.kind == .deleted } == true)
            #expect(try await client.delete("docker.io/ai/present:latest") == nil, "404: already gone")
        }
    }
}
