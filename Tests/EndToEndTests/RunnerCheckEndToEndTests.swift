import Foundation
import Testing

/// The one runner check before any model work, seen from the command line: each kind of wrong
/// runner ends in one message, once, with the fix, and is not retried.
@Suite("One runner check")
struct RunnerCheckEndToEndTests {
    static let compose = "services:\n  app:\n    image: app\n    models: [llm]\nmodels:\n  llm:\n    model: ai/x\n"

    static func scratch() throws -> String {
        let directory = FileManager.default.temporaryDirectory.path + "/mb-check-" + UUID().uuidString.prefix(8)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try Data(compose.utf8).write(to: URL(fileURLWithPath: directory + "/compose.yaml"))
        return directory
    }

    static func errorLines(_ stderr: String) -> [Substring] {
        stderr.split(separator: "\n").filter { $0.contains("error") }
    }

    @Test func nothingListeningEndsFastWithOneMessage() async throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // Port 1 on loopback: nothing listens there (a port just closed may be taken again by another test).
        let url = "http://127.0.0.1:1"
        // The child's own time, spawn to exit (HostileProcess), not the test's queueing around it.
        let outcome = try await HostileProcess.run(
            ["provision", "--runner", url, "--progress", "plain"], in: directory, hardLimit: .seconds(30))
        #expect(outcome.status == 1, "\(outcome)")
        #expect(outcome.duration < .seconds(2 * HostileProcess.slowdown), "\(outcome)")
        let errors = Self.errorLines(outcome.standardError)
        #expect(errors.count == 1, "\(outcome)")
        #expect(errors.first?.contains("nothing is listening at \(url)") == true, "\(outcome)")
        #expect(errors.first?.contains("modelbind wait") == true, "\(outcome)")
    }

    @Test(arguments: [
        (
            CannedHTTPServer.Answer(status: 200, contentType: "text/html", body: "<html><body>Welcome</body></html>"),
            "HTML page"
        ),
        (.init(status: 404, contentType: "text/plain", body: "404 page not found"), "HTTP 404"),
        (.init(status: 501, contentType: "text/plain", body: "Not Implemented"), "HTTP 501"),
    ])
    func aServerThatIsNotARunnerGetsOneMessageAndNoRetry(_ answer: CannedHTTPServer.Answer, _ words: String)
        async throws
    {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let server = try await CannedHTTPServer.start(answering: answer)
        let result = try await CLIRunner(currentDirectory: directory).run(
            ["provision", "--runner", server.url, "--progress", "plain"])
        let requests = server.requests
        await server.shutdown()
        #expect(result.status == 1, "\(result)")
        #expect(requests == ["GET /models"], "one request, no retry: \(requests)")
        let errors = Self.errorLines(result.stderr)
        #expect(errors.count == 1, "\(result)")
        #expect(errors.first?.contains("is not Docker Model Runner") == true, "\(result)")
        #expect(errors.first?.contains(words) == true, "\(result)")
        #expect(!result.stderr.contains("Welcome"), "the page is not dumped into the error: \(result)")
    }

    @Test(arguments: ["/engines/v1", "/engines/v1/", "/engines/llama.cpp/v1", "/v1"])
    func aPastedOpenAIPathIsRecognisedNotDoubled(_ path: String) async throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let result = try await CLIRunner(currentDirectory: directory).run([
            "env", "--runner", "http://127.0.0.1:12434" + path, "--target", "host", "--format", "json",
        ])
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout.contains("http://127.0.0.1:12434/engines/v1/"), "\(result)")
        #expect(!result.stdout.contains("/v1/engines") && !result.stdout.contains("v1/v1"), "\(result)")
        #expect(
            result.stderr.contains("the runner URL ended in \(path.hasSuffix("/") ? String(path.dropLast()) : path)"))
    }

    @Test(arguments: ["env", "provision", "up", "wrap"])
    func aMalformedRunnerIsAUsageErrorForEveryCommand(_ command: String) async throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for runner in ["ftp://127.0.0.1:1", "tcp://127.0.0.1:1", "http://"] {
            let result = try await CLIRunner(currentDirectory: directory).run([command, "--runner", runner])
            #expect(result.status == 64, "\(command) --runner \(runner): \(result)")
        }
    }
}

extension RunnerCheckEndToEndTests {
    /// 503 is what a runner answers while it starts: asked again, announced once, failed once.
    @Test func aRunnerThatIsNotRunningYetIsAskedAgainAndSaidOnce() async throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let server = try await CannedHTTPServer.start(
            answering: .init(status: 503, contentType: "text/plain", body: "Service Unavailable"))
        let result = try await CLIRunner(currentDirectory: directory).run(
            ["provision", "--runner", server.url, "--progress", "plain"])
        let requests = server.requests
        await server.shutdown()
        #expect(result.status == 1, "\(result)")
        #expect(requests == Array(repeating: "GET /models", count: 4), "\(requests)")
        #expect(result.stderr.components(separatedBy: "asking again").count == 2, "announced once: \(result)")
        let errors = Self.errorLines(result.stderr)
        #expect(errors.count == 1, "\(result)")
        #expect(errors.first?.contains("is not running (HTTP 503)") == true, "\(result)")
    }
}
