import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The built `modelbind` against the real Docker Model Runner (`make integration`). Every scenario
/// is judged by what the daemon reports afterwards (`GET /models`, `GET /models/{ref}`,
/// `GET /engines/_configure`) and by a counting proxy between modelbind and the daemon, not by
/// modelbind's own output. One test runs them in order on one registry and one daemon (each
/// scenario uses repositories of its own), so the daemon starts and stops once.
@Suite(.serialized, .enabled(if: IntegrationGate.requested, "make integration sets MODELBIND_INTEGRATION=1"))
struct RealRunnerScenarios {
    @Test func scenariosAgainstTheRealDaemon() async throws {
        let world: RealWorld
        do {
            world = try await RealWorld.start()
        } catch {
            Issue.record("cannot start the integration world: \(error)")
            return
        }
        let started = ContinuousClock.now
        // modelbind talks to the daemon through this proxy, which counts pull requests.
        let counter: LoopbackProxy
        do {
            counter = try LoopbackProxy(upstream: .tcp(port: world.runnerPort), counting: [Self.pull])
        } catch {
            await world.stop()
            throw error
        }
        let context = Context(world: world, counter: counter)
        let scenarios: [(String, @Sendable (Context) async throws -> Void)] = [
            // First: its fresh pull must find the tiny layer not yet stored.
            ("scenario table, real daemon and simulator", Self.scenarioTable),
            ("absent model is pulled", Self.absentModelIsPulled),
            ("present model is not pulled again", Self.presentModelIsNotPulledAgain),
            ("--pull always pulls again", Self.pullAlways),
            ("context size and runtime flags are applied", Self.contextAndFlags),
            ("disallowed flag", Self.disallowedFlag),
            ("reference missing from the registry", Self.missingFromRegistry),
            ("registry down: 500, not retried", Self.registryDown),
            ("two projects share a model", Self.twoProjectsShareAModel),
            ("another client rewrites the configuration", Self.rewrittenConfigurationIsDrift),
            ("localhost:PORT and 127.0.0.1:PORT", Self.localhostAndLoopbackSpellings),
            ("Ctrl-C mid-pull", Self.interruptMidPull),
            ("up writes env files only when every model is ready", Self.upWritesAfterEveryModel),
            ("unix socket", Self.unixSocket),
            ("status and models, over TCP and the unix socket", Self.statusAndModels),
        ]
        for (name, body) in scenarios {
            do {
                try await body(context)
            } catch {
                Issue.record("scenario '\(name)': \(error)")
            }
        }
        counter.stop()
        await world.stop()
        print("integration scenarios took \(ContinuousClock.now - started)")
    }

    static let pull = "POST /models/create "

    struct Context: Sendable {
        let world: RealWorld
        let counter: LoopbackProxy
        var runner: String { "http://127.0.0.1:\(counter.port)" }

        /// A project whose models are `127.0.0.1:<registry>/<repository>` references.
        func project(_ name: String, _ models: [(key: String, model: String, extra: String)]) throws -> ScratchProject {
            try ScratchProject(world, name: name, compose: ScratchProject.compose(models))
        }

        func provision(_ project: ScratchProject, _ extra: [String] = []) async throws -> ModelBindProcess.Result {
            try await project.run(["provision", "--progress", "plain", "--runner", runner] + extra)
        }
    }

    // MARK: - Scenarios

    /// Item 5: the same table against the real daemon and the simulator; both must give the expected
    /// column (taken from the real daemon), and each other's answers, but for documented differences.
    static func scenarioTable(_ context: Context) async throws {
        let world = context.world
        let reference = try await world.push("tbl/tiny")
        let localhost = "localhost:\(world.registryPort)/\(ScenarioTable.tiny)"
        world.willPull(reference, localhost)
        let names = ScenarioTable.Names(
            registry: world.registryHost, localhost: "localhost:\(world.registryPort)",
            down: "127.0.0.1:\(try LoopbackNet.freePort())")
        let real = try await ScenarioTable.run(world.runner, names: names)
        ScenarioTable.check(real, target: "real DMR", allowDifferences: false)
        let simulated = try await ScenarioTable.runAgainstSimulator()
        for ((step, realSeen), (_, simSeen)) in zip(real, simulated) where realSeen != simSeen {
            if ScenarioTable.simulatorDiffers[step.name] != nil { continue }
            Issue.record("step '\(step.name)': the real daemon \(realSeen)\n  the simulator \(simSeen)")
        }
    }

    static func absentModelIsPulled(_ context: Context) async throws {
        let world = context.world
        let reference = try await world.push("it/absent", created: 1_767_225_601)
        world.willPull(reference)
        #expect(!(try await world.tags()).contains(reference))
        let project = try context.project("absent", [("chat", reference, "")])
        let before = context.counter.count(pull)
        let result = try await context.provision(project)
        #expect(result.status == 0, "\(result)")
        #expect(try await world.tags().contains(reference), "GET /models lists the pulled tag")
        #expect(context.counter.count(pull) == before + 1)
        // SIZE in the summary is what GET /models/{ref} says.
        let info = try #require(try await world.inspect(reference))
        let size = try #require((info["config"] as? [String: Any])?["size"] as? String)
        #expect(summaryRow(result.stderr, key: "chat")?.contains(" \(size) ") == true, "\(result)")
    }

    static func presentModelIsNotPulledAgain(_ context: Context) async throws {
        let world = context.world
        let reference = "\(world.registryHost)/it/absent:latest"
        let project = try context.project("absent", [("chat", reference, "")])
        let id = try await world.inspect(reference)?["id"] as? String
        let before = context.counter.count(pull)
        let result = try await context.provision(project)
        #expect(result.status == 0, "\(result)")
        #expect(context.counter.count(pull) == before, "no pull request for a present model")
        #expect(try await world.inspect(reference)?["id"] as? String == id)
        let info = try #require(try await world.inspect(reference))
        let size = try #require((info["config"] as? [String: Any])?["size"] as? String)
        #expect(summaryRow(result.stderr, key: "chat")?.contains(" \(size) ") == true, "\(result)")
    }

    static func pullAlways(_ context: Context) async throws {
        let world = context.world
        let reference = "\(world.registryHost)/it/absent:latest"
        let project = try context.project("absent", [("chat", reference, "")])
        let id = try await world.inspect(reference)?["id"] as? String
        let before = context.counter.count(pull)
        let result = try await context.provision(project, ["--pull", "always"])
        #expect(result.status == 0, "\(result)")
        #expect(context.counter.count(pull) == before + 1, "--pull always sends the pull again")
        #expect(try await world.inspect(reference)?["id"] as? String == id, "the same model, still present")
        // The runner answered "Using cached model"; SIZE is still the runner's size of the model.
        let info = try #require(try await world.inspect(reference))
        let size = try #require((info["config"] as? [String: Any])?["size"] as? String)
        #expect(summaryRow(result.stderr, key: "chat")?.contains(" \(size) ") == true, "\(result)")
    }

    static func contextAndFlags(_ context: Context) async throws {
        let world = context.world
        let reference = try await world.push("it/ctx", created: 1_767_225_602)
        world.willPull(reference)
        let project = try context.project(
            "ctx", [("chat", reference, "context_size: 3072\nruntime_flags: [\"--temp\", \"0.2\"]")])
        let result = try await context.provision(project)
        #expect(result.status == 0, "\(result)")
        let id = try await world.inspect(reference)?["id"] as? String
        let configs = try await world.configuration(of: reference, id: id)
        #expect(configs.count == 1, "\(configs)")
        #expect(configs.first?["context-size"] as? Int == 3072)
        #expect(configs.first?["runtime-flags"] as? [String] == ["--temp", "0.2"])
        let check = try await project.run(["provision", "--check", "--progress", "plain", "--runner", context.runner])
        #expect(check.status == 0, "the read-back matches: \(check)")
    }

    static func disallowedFlag(_ context: Context) async throws {
        let world = context.world
        let reference = try await world.push("it/flag", created: 1_767_225_603)
        world.willPull(reference)
        let project = try context.project("flag", [("chat", reference, "runtime_flags: [\"--log-file\", \"/tmp/x\"]")])
        // validate refuses it offline: no runner is asked (the proxy sees nothing).
        let requestsBefore = context.counter.count(pull)
        let validate = try await project.run(["validate"])
        #expect(validate.status != 0, "\(validate)")
        #expect(validate.stdout.contains("--log-file") || validate.stderr.contains("--log-file"), "\(validate)")
        // Sent anyway, the runner refuses it, and modelbind says so in the runner's words.
        let result = try await context.provision(project)
        #expect(result.status == 1, "\(result)")
        let words = "runtime flag \"--log-file\" is not allowed for backend \"llama.cpp\""
        #expect(result.stderr.components(separatedBy: words).count - 1 == 1, "printed once: \(result)")
        let id = try await world.inspect(reference)?["id"] as? String
        let configs = try await world.configuration(of: reference, id: id)
        #expect(configs.allSatisfy { ($0["runtime-flags"] as? [String])?.contains("--log-file") != true })
        #expect(context.counter.count(pull) == requestsBefore + 1)
    }

    static func missingFromRegistry(_ context: Context) async throws {
        let world = context.world
        let reference = "\(world.registryHost)/it/never-pushed:latest"
        let project = try context.project("missing", [("chat", reference, "")])
        let before = context.counter.count(pull)
        let result = try await context.provision(project)
        #expect(result.status == 1, "\(result)")
        #expect(result.stderr.contains("HTTP 404") && result.stderr.contains("Model not found"), "\(result)")
        #expect(context.counter.count(pull) == before + 1, "a 404 is not retried")
        #expect(try await world.inspect(reference) == nil)
        #expect(!(try await world.tags()).contains(reference))
    }

    static func registryDown(_ context: Context) async throws {
        let world = context.world
        let deadPort = try LoopbackNet.freePort()
        let reference = "127.0.0.1:\(deadPort)/it/tiny:latest"
        let project = try context.project("down", [("chat", reference, "")])
        let before = context.counter.count(pull)
        let result = try await context.provision(project)
        #expect(result.status == 1, "\(result)")
        #expect(result.stderr.contains("HTTP 500"), "\(result)")
        let words = "connection refused"
        #expect(
            result.stderr.components(separatedBy: "error while pulling model").count - 1 == 1,
            "the runner's 500 printed once: \(result)")
        #expect(result.stderr.contains(words), "\(result)")
        // Asserted twice over: the proxy in front of the daemon, and the daemon's own log.
        #expect(context.counter.count(pull) == before + 1, "a 500 is not retried")
        if world.ownsRunner { #expect(world.pullsLogged(reference) == 1, "the daemon logged one pull") }
        #expect(try await world.inspect(reference) == nil)
    }

    static func twoProjectsShareAModel(_ context: Context) async throws {
        let world = context.world
        let reference = try await world.push("it/shared", created: 1_767_225_604)
        world.willPull(reference)
        let first = try context.project("shared-a", [("llm", reference, "context_size: 2048")])
        let second = try context.project("shared-b", [("model", reference, "context_size: 2048")])
        let before = context.counter.count(pull)
        let a = try await context.provision(first)
        let b = try await context.provision(second)
        #expect(a.status == 0 && b.status == 0, "\(a)\n\(b)")
        #expect(context.counter.count(pull) == before + 1, "pulled once, found present by the second project")
        let models = try await world.models().filter { $0.tags.contains(reference) }
        #expect(models.count == 1)
        let id = try #require(models.first?.id)
        let configs = try await world.configuration(of: reference, id: id)
        #expect(configs.count == 1 && configs.first?["context-size"] as? Int == 2048, "\(configs)")
        // Both projects' read-back agrees.
        for project in [first, second] {
            let check = try await project.run(["provision", "--check", "--runner", context.runner])
            #expect(check.status == 0, "\(check)")
        }
    }

    /// Item 3: another client replaces the model's configuration; `provision --check` reports the drift.
    static func rewrittenConfigurationIsDrift(_ context: Context) async throws {
        let world = context.world
        let reference = "\(world.registryHost)/it/ctx:latest"
        let project = try context.project(
            "ctx", [("chat", reference, "context_size: 3072\nruntime_flags: [\"--temp\", \"0.2\"]")])
        let clean = try await project.run(["provision", "--check", "--runner", context.runner])
        #expect(clean.status == 0, "\(clean)")
        // What another tool does: configure the model anew, which replaces its whole configuration.
        let rewrite = try await world.runner.post(
            "/engines/_configure", json: #"{"model":"\#(reference)","context-size":1024}"#, accept: nil)
        #expect(rewrite.status == 202, "\(rewrite)")
        let id = try await world.inspect(reference)?["id"] as? String
        #expect(try await world.configuration(of: reference, id: id).first?["context-size"] as? Int == 1024)
        let before = context.counter.count(pull)
        let check = try await project.run(["provision", "--check", "--progress", "plain", "--runner", context.runner])
        #expect(check.status == 1, "\(check)")
        #expect(check.stderr.contains("1024") && check.stderr.contains("3072"), "\(check)")
        #expect(context.counter.count(pull) == before, "--check pulls nothing")
        #expect(
            try await world.configuration(of: reference, id: id).first?["context-size"] as? Int == 1024,
            "--check changes nothing")
        // A normal provision puts it right, and says so after reading it back.
        let fix = try await context.provision(project)
        #expect(fix.status == 0, "\(fix)")
        #expect(try await world.configuration(of: reference, id: id).first?["context-size"] as? Int == 3072)
    }

    static func localhostAndLoopbackSpellings(_ context: Context) async throws {
        let world = context.world
        let pushed = try await world.push("it/spell", created: 1_767_225_605)
        let loopback = pushed
        let localhost = "localhost:\(world.registryPort)/it/spell:latest"
        world.willPull(loopback, localhost)
        let project = try context.project("spell", [("one", loopback, ""), ("two", localhost, "")])
        let before = context.counter.count(pull)
        let result = try await context.provision(project)
        #expect(result.status == 0, "\(result)")
        // Two pulls, or three when the runner lost a tag to the concurrent pull and modelbind pulled again.
        let pulls = context.counter.count(pull) - before
        #expect(pulls == 2 || pulls == 3, "two references, two pulls: \(result)")
        // Two tags, one model: the runner keeps the spellings apart but stores the content once.
        let models = try await world.models().filter { !Set($0.tags).isDisjoint(with: [loopback, localhost]) }
        #expect(models.count == 1, "\(models)")
        let stored = Set(models.first?.tags ?? [])
        #expect(stored.isSuperset(of: [loopback, localhost]), "\(models)")
        let again = try await context.provision(project)
        #expect(again.status == 0, "\(again)")
        #expect(context.counter.count(pull) == before + pulls, "both spellings found present: \(again)")
    }

    static func interruptMidPull(_ context: Context) async throws {
        let world = context.world
        // 24 MiB through a proxy at 8 MiB/s: about 3 s, plenty of time to interrupt.
        _ = try await world.push("it/big", created: 1_767_225_606, padding: 24 << 20)
        let slow = try LoopbackProxy(upstream: .tcp(port: world.registryPort), bytesPerSecond: 8 << 20)
        defer { slow.stop() }
        let reference = "127.0.0.1:\(slow.port)/it/big:latest"
        world.willPull(reference)
        let project = try context.project("interrupt", [("big", reference, "")])
        let process = try project.start(["provision", "--progress", "plain", "--runner", context.runner])
        // Wait until the layer is flowing (2 MiB through the proxy), then Ctrl-C.
        let deadline = ContinuousClock.now + .seconds(20)
        while slow.bytesBack < 2 << 20, process.process.isRunning, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(slow.bytesBack < 24 << 20, "the pull was still under way")
        process.send(SIGINT)
        let result = await process.finish(timeout: .seconds(30))
        #expect(result.status == 130, "\(result)")
        // The store is consistent: the model is not there, half-written or otherwise…
        #expect(try await world.inspect(reference) == nil)
        #expect(!(try await world.tags()).contains(reference))
        // …and the next run completes it.
        slow.setRate(nil)
        let again = try await context.provision(project)
        #expect(again.status == 0, "\(again)")
        #expect(try await world.tags().contains(reference))
    }

    static func upWritesAfterEveryModel(_ context: Context) async throws {
        let world = context.world
        let fast = try await world.push("it/up-fast", created: 1_767_225_607)
        _ = try await world.push("it/up-slow", created: 1_767_225_608, padding: 12 << 20)
        let slow = try LoopbackProxy(upstream: .tcp(port: world.registryPort), bytesPerSecond: 8 << 20)
        defer { slow.stop() }
        let slowReference = "127.0.0.1:\(slow.port)/it/up-slow:latest"
        world.willPull(fast, slowReference)
        let project = try context.project("up", [("fast", fast, ""), ("slow", slowReference, "")])
        let process = try project.start(["up", "--progress", "plain", "--runner", context.runner])
        var sawFastBeforeFiles = false
        while process.process.isRunning {
            let tags = try await world.tags()
            let fileExists = project.exists(".modelbind/app.env")
            if fileExists {
                #expect(tags.contains(fast) && tags.contains(slowReference), "env file written before every model")
                break
            }
            if tags.contains(fast) && !tags.contains(slowReference) { sawFastBeforeFiles = true }
            try await Task.sleep(for: .milliseconds(20))
        }
        let result = await process.finish()
        #expect(result.status == 0, "\(result)")
        #expect(project.exists(".modelbind/app.env"))
        #expect(sawFastBeforeFiles, "the slow model was still pulling while the fast one was ready, with no file")

        // A model that cannot be had: the other is pulled, and nothing is written.
        let failing = try context.project(
            "up-fail", [("fast", fast, ""), ("gone", "\(world.registryHost)/it/up-never-pushed:latest", "")])
        let failed = try await failing.run(["up", "--progress", "plain", "--runner", context.runner])
        #expect(failed.status == 1, "\(failed)")
        #expect(!failing.exists(".modelbind"), "no env directory after a failed up")
    }

    static func unixSocket(_ context: Context) async throws {
        let world = context.world
        guard let socketPath = world.socketPath, let socket = world.socketRunner else { return }
        let reference = try await world.push("it/sock", created: 1_767_225_609)
        let project = try context.project("sock", [("chat", reference, "context_size: 1536")])
        let runner = "unix://" + socketPath
        let result = try await project.run(["provision", "--progress", "plain", "--runner", runner])
        #expect(result.status == 0, "\(result)")
        #expect(try await world.tags(socket).contains(reference))
        let id = try await world.inspect(reference, socket)?["id"] as? String
        #expect(try await world.configuration(of: reference, id: id, socket).first?["context-size"] as? Int == 1536)
        let check = try await project.run(["provision", "--check", "--runner", runner])
        #expect(check.status == 0, "\(check)")
        let again = try await project.run(["provision", "--progress", "plain", "--runner", runner])
        #expect(again.status == 0, "\(again)")
        #expect(world.ownsRunner)
    }

    /// Issue 17 on the real daemon: `status` sees the runner, its version and the project's models
    /// (present, absent, configured); `models ls` lists the project's model and `models rm` removes
    /// it, as `GET /models` then shows; a second `rm` is no error.
    static func statusAndModels(_ context: Context) async throws {
        let world = context.world
        var runners = [(context.runner, world.runner)]
        if let socketPath = world.socketPath, let socket = world.socketRunner {
            runners.append(("unix://" + socketPath, socket))
        }
        for (index, (runner, raw)) in runners.enumerated() {
            let reference = try await world.push("it/status\(index)", created: 1_767_225_620 + index)
            let absent = "\(world.registryHost)/it/never-pushed\(index):latest"
            let project = try context.project(
                "status\(index)", [("llm", reference, "context_size: 2048"), ("gone", absent, "")])
            // `llm` is pulled and configured; `gone` is not in the registry, so provisioning fails for it alone.
            let provisioned = try await project.run(["provision", "--progress", "quiet", "--runner", runner])
            #expect(provisioned.status == 1, "\(provisioned)")
            #expect(try await world.tags(raw).contains(reference))
            let status = try await project.run(["status", "--runner", runner, "--format", "json"])
            #expect(status.status == 0, "\(runner): \(status)")
            let json = try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any]
            #expect(json?["reachable"] as? Bool == true, "\(status)")
            #expect((json?["version"] as? String)?.hasPrefix("v1.") == true, "\(status)")
            let text = try await project.run(["status", "--runner", runner])
            #expect(text.stdout.contains("llm") && text.stdout.contains("context 2048"), "\(text)")
            #expect(text.stdout.contains("gone") && text.stdout.contains("absent"), "\(text)")
            let listed = try await project.run(["models", "ls", "--runner", runner])
            #expect(listed.status == 0 && listed.stdout.contains(reference), "\(listed)")
            let removed = try await project.run(["models", "rm", "llm", "--runner", runner])
            #expect(removed.status == 0, "\(removed)")
            #expect(!(try await world.tags(raw).contains(reference)), "GET /models no longer lists it")
            let again = try await project.run(["models", "rm", "llm", "--runner", runner])
            #expect(again.status == 0, "\(again)")
        }
    }

    // MARK: - Helpers

    /// The summary table's row for `key` (the line starting with it after the header).
    static func summaryRow(_ stderr: String, key: String) -> String? {
        let lines = stderr.split(separator: "\n").map(String.init)
        guard let header = lines.lastIndex(where: { $0.hasPrefix("MODEL ") }) else { return nil }
        return lines[(header + 1)...].first { $0.hasPrefix(key + " ") }.map { $0 + " " }
    }
}

/// With `MODELBIND_INTEGRATION=1` the suite must have a runner: without one it fails, naming the ways to provide one.
@Suite struct IntegrationGateTests {
    @Test(.enabled(if: IntegrationGate.requested)) func aRunnerCanBeHad() {
        let environment = ProcessInfo.processInfo.environment
        if let external = environment["MODELBIND_TEST_RUNNER"], !external.isEmpty { return }
        let binary =
            environment["MODEL_RUNNER_BIN"]
            ?? URL(fileURLWithPath: RealWorld.repositoryRoot + "/../shared/real-dmr/model-runner").standardized.path
        #expect(FileManager.default.isExecutableFile(atPath: binary), "\(IntegrationGate.howToProvide)")
    }
}
