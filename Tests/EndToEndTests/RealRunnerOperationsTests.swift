import Foundation
import Testing

/// `status` and `models` against the real Docker Model Runner, for `make integration`: runs when
/// `MODELBIND_REAL_DMR_URL` names a running daemon (`http://127.0.0.1:13434` or `unix:///…sock`)
/// and `MODELBIND_REAL_DMR_MODEL` a model it can pull (`127.0.0.1:5000/ai/tiny`, pushed with
/// `dmr-pack`; see ../shared/real-dmr/README.md). Skipped otherwise. The model is removed again at the end.
@Suite("Runner operations against the real Docker Model Runner", .serialized)
struct RealRunnerOperationsTests {
    static let url = ProcessInfo.processInfo.environment["MODELBIND_REAL_DMR_URL"] ?? ""
    static let model = ProcessInfo.processInfo.environment["MODELBIND_REAL_DMR_MODEL"] ?? ""

    @Test(.enabled(if: !url.isEmpty && !model.isEmpty, "set MODELBIND_REAL_DMR_URL and MODELBIND_REAL_DMR_MODEL"))
    func statusAndModelsOnTheRealRunner() async throws {
        try await Self.statusAndModels(runnerURL: Self.url, model: Self.model)
    }

    /// Provision one model (`llm`, context 4096), not another (`missing`, which the runner cannot
    /// pull); `status` and `models ls` see them; `models rm` removes `llm`, and a second `rm` is
    /// no error.
    static func statusAndModels(runnerURL: String, model: String) async throws {
        let directory =
            FileManager.default.temporaryDirectory.path + "/mb-real-" + UUID().uuidString.prefix(8).lowercased()
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let compose = """
            services:
              app:
                image: app
                models: [llm, missing]
            models:
              llm:
                model: \(model)
                context_size: 4096
              missing:
                model: \(model)-absent-\(UUID().uuidString.prefix(6).lowercased())
            """
        try Data(compose.utf8).write(to: URL(fileURLWithPath: directory + "/compose.yaml"))
        // Provision `llm` alone (the runner cannot pull `missing`), from a file without `missing`.
        let onlyLLM = compose.replacingOccurrences(of: "models: [llm, missing]", with: "models: [llm]")
        try Data(onlyLLM.utf8).write(to: URL(fileURLWithPath: directory + "/only-llm.yaml"))
        let cli = CLIRunner(currentDirectory: directory)
        let provisioned = try await cli.run([
            "-f", "only-llm.yaml", "provision", "--runner", runnerURL, "--progress", "quiet",
        ])
        #expect(provisioned.status == 0, "\(provisioned)")
        try await RunnerOperationChecks.status(
            runnerURL: runnerURL, directory: directory, present: ["llm"], absent: ["missing"])
        try await RunnerOperationChecks.modelsList(runnerURL: runnerURL, directory: directory, present: ["llm"])
        let status = try await cli.run(["status", "--runner", runnerURL])
        #expect(status.stdout.contains("context 4096"), "\(status)")
        let removed = try await cli.run(["models", "rm", "llm", "--runner", runnerURL])
        #expect(removed.status == 0, "\(removed)")
        #expect(removed.stdout.contains("deleted") || removed.stdout.contains("untagged"), "\(removed)")
        let again = try await cli.run(["models", "rm", "llm", "--runner", runnerURL])
        #expect(again.status == 0, "\(again)")
        #expect(again.stdout.contains("not on the runner"), "\(again)")
    }
}
