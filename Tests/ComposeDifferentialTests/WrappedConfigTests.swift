import Foundation
import Testing

/// `modelbind wrap`, judged by Docker Compose v2.40.3: with a secret in `.env`, the wrapped file
/// holds no secret, and Compose's `config` of it equals the original's plus the model variables
/// (and without `models:`).
@Suite("Wrapped file under Docker Compose")
struct WrappedConfigTests {
    static let compose = """
        name: wrapped
        services:
          web:
            image: ghcr.io/example/web:1.0
            environment:
              OPENAI_API_KEY: ${API_KEY}
              PRICE: "$$5"
              MODE: ${MODE:-fast}
            models: [llm]
          worker:
            image: ghcr.io/example/worker:1.0
            env_file: [worker.env]
            models:
              embedder:
                endpoint_var: EMBED_URL
                model_var: EMBED_ID
        models:
          llm:
            model: ai/smollm2
            context_size: 4096
          embedder:
            model: ai/mxbai-embed-large

        """

    @Test(arguments: ["full", "override"])
    func wrappedConfigIsTheOriginalPlusTheVariables(_ mode: String) async throws {
        let composeBinary = try await Tools.compose()
        let directory = FileManager.default.temporaryDirectory.path + "/mb-wrapcfg-" + UUID().uuidString.prefix(8)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let secret = "sk-test-51Hsecret0123456789"
        for (name, text) in [
            "compose.yaml": Self.compose, ".env": "API_KEY=\(secret)\n", "worker.env": "QUEUE=jobs\n",
        ] {
            try Data(text.utf8).write(to: URL(fileURLWithPath: directory + "/" + name))
        }
        let environment = ["PATH": "/usr/bin:/bin", "HOME": directory]
        func run(_ executable: String, _ arguments: [String]) async throws -> ProcessOutput {
            try await ChildProcess.run(
                executable, arguments, environment: environment, directory: directory, scratch: directory)
        }
        let endpoint = ["--target", "host", "--runner", "http://127.0.0.1:12434"]
        let wrapped = try await run(Tools.modelbind, ["wrap", "-o", "wrapped.yaml", "--mode", mode] + endpoint)
        #expect(wrapped.status == 0, "\(wrapped)")
        let text = try String(contentsOfFile: directory + "/wrapped.yaml", encoding: .utf8)
        #expect(!text.contains(secret), "no value from .env lands in the file:\n\(text)")

        let variables = try await run(Tools.modelbind, ["env", "--format", "json"] + endpoint)
        let injected = try #require(
            (try JSONSerialization.jsonObject(with: Data(variables.stdout.utf8)) as? [String: Any])?["services"]
                as? [String: [String: String]], "\(variables)")

        let files = mode == "full" ? ["-f", "wrapped.yaml"] : ["-f", "compose.yaml", "-f", "wrapped.yaml"]
        let original = try await run(composeBinary, ["-f", "compose.yaml", "config", "--format", "json"])
        let through = try await run(composeBinary, files + ["config", "--format", "json"])
        #expect(original.status == 0 && through.status == 0, "\(original)\n\(through)")
        var expected = try #require(
            try JSONSerialization.jsonObject(with: Data(original.stdout.utf8)) as? [String: Any])
        let actual = try #require(try JSONSerialization.jsonObject(with: Data(through.stdout.utf8)) as? [String: Any])

        // The original plus the variables, in each service's environment; models gone (the override
        // mode keeps them from compose.yaml, which Compose still loads).
        var services = try #require(expected["services"] as? [String: [String: Any]])
        for (service, values) in injected {
            var environment = services[service]?["environment"] as? [String: Any] ?? [:]
            for (key, value) in values { environment[key] = value }
            services[service]?["environment"] = environment
            if mode == "full" { services[service]?["models"] = nil }
        }
        expected["services"] = services
        if mode == "full" { expected["models"] = nil }
        #expect(
            NSDictionary(dictionary: expected).isEqual(to: actual),
            "Compose config differs:\nexpected \(expected)\nactual \(actual)")
        let web = (actual["services"] as? [String: [String: Any]])?["web"]?["environment"] as? [String: Any]
        #expect(web?["OPENAI_API_KEY"] as? String == secret, "Compose still reads the secret from .env")
        #expect(web?["PRICE"] as? String == "$$5", "config shows the escape as written, in both")
    }
}
