import Foundation
import ModelRunnerSim
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The simulator's OpenAI-compatible surface driven by a real client: the official `openai` Python SDK from PyPI.
///
/// It runs when `python3 -m pip install --target <tmp> openai` succeeds (PyPI, or the mirror pip is configured
/// with). When python3 or the install is not available the test records a known issue saying why, so a skipped run
/// shows in the results instead of passing silently. `MODELBIND_TEST_PYTHON` names another interpreter (a path
/// that does not exist shows the known-issue path).
@Suite struct OpenAISDKTests {
    static let python = ProcessInfo.processInfo.environment["MODELBIND_TEST_PYTHON"] ?? "python3"

    static let script = #"""
        """Drives ModelRunnerSim's OpenAI-compatible surface with the official openai SDK; prints one JSON report.

        argv: base URL (…/engines/v1), a present model, a model that is not present, a present model queued to fail.
        """
        import json
        import sys

        import openai

        base, model, absent, faulty = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
        client = openai.OpenAI(base_url=base, api_key="sk-modelbind-test", max_retries=0, timeout=20)
        report = {"sdk": openai.__version__}
        report["models"] = [m.id for m in client.models.list().data]
        chat = client.chat.completions.create(model=model, messages=[{"role": "user", "content": "hello sdk"}], max_tokens=50)
        report["chat"] = {"content": chat.choices[0].message.content, "finish": chat.choices[0].finish_reason,
                          "total_tokens": chat.usage.total_tokens, "object": chat.object}
        pieces, finish = [], None
        for chunk in client.chat.completions.create(model=model, messages=[{"role": "user", "content": "stream me"}],
                                                    stream=True):
            if chunk.choices:
                pieces.append(chunk.choices[0].delta.content or "")
                finish = chunk.choices[0].finish_reason or finish
        report["stream"] = {"content": "".join(pieces), "finish": finish}
        completion = client.completions.create(model=model, prompt="once upon", max_tokens=3)
        report["completion"] = {"text": completion.choices[0].text, "finish": completion.choices[0].finish_reason}
        embedding = client.embeddings.create(model=model, input=["a", "b"])
        report["embeddings"] = [len(item.embedding) for item in embedding.data]
        report["embedding_a"] = embedding.data[0].embedding[:4]
        floats = client.embeddings.create(model=model, input="a", encoding_format="float", dimensions=4)
        report["embedding_float"] = floats.data[0].embedding
        try:
            client.chat.completions.create(model=absent, messages=[{"role": "user", "content": "hi"}])
            report["absent"] = "no error"
        except openai.NotFoundError as error:
            report["absent"] = {"status": error.status_code, "text": error.response.text}
        try:
            client.chat.completions.create(model=faulty, messages=[{"role": "user", "content": "fail please"}])
            report["fault"] = "no error"
        except openai.InternalServerError as error:
            report["fault"] = {"status": error.status_code}
        print(json.dumps(report, sort_keys=True))
        """#

    @Test(.timeLimit(.minutes(5))) func officialOpenAIClientTalksToTheSimulator() async throws {
        let directory = FileManager.default.temporaryDirectory.path + "/mrs-openai-" + UUID().uuidString.prefix(8)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let install = try await PythonProcess.run(
            [
                Self.python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--target",
                directory + "/site", "openai",
            ],
            timeout: .seconds(240))
        guard install.status == 0 else {
            withKnownIssue("the openai SDK could not be installed, so this test did not run") {
                Issue.record(
                    "`\(Self.python) -m pip install --target <tmp> openai` \(install.describe): \(install.tail)")
            }
            return
        }
        try Data(Self.script.utf8).write(to: URL(fileURLWithPath: directory + "/check.py"))

        let model = "127.0.0.1:5000/ai/tiny:latest"
        let models = [
            SimModel(reference: model, size: 1600, isPresent: true),
            SimModel(reference: "ai/faulty", size: 10, isPresent: true),
        ]
        try await withSim(fastConfiguration(models)) { sim, address in
            sim.enqueueInferenceFault(.fail(status: 500, message: nil), for: SimFaultTarget(model: "ai/faulty"))
            let run = try await PythonProcess.run(
                [Self.python, directory + "/check.py", address.url + "/engines/v1", model, "ai/absent", "ai/faulty"],
                environment: ["PYTHONPATH": directory + "/site"], timeout: .seconds(120))
            try #require(run.status == 0, "the SDK script failed: \(run.tail)")
            let report = try #require(
                try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any], "\(run.output)")
            #expect(report["models"] as? [String] == [model, "docker.io/ai/faulty:latest"])
            let chat = try #require(report["chat"] as? [String: Any])
            #expect(chat["content"] as? String == "ModelRunnerSim reply (no inference): hello sdk")
            #expect(chat["finish"] as? String == "stop")
            #expect(chat["object"] as? String == "chat.completion")
            let stream = try #require(report["stream"] as? [String: Any])
            #expect(stream["content"] as? String == "ModelRunnerSim reply (no inference): stream me")
            #expect(stream["finish"] as? String == "stop")
            let completion = try #require(report["completion"] as? [String: Any])
            #expect(completion["text"] as? String == "ModelRunnerSim reply (no")
            #expect(completion["finish"] as? String == "length")
            #expect(report["embeddings"] as? [Int] == [16, 16])
            // The SDK asks for base64 by default and decodes it: the same numbers as the float form, as float32.
            let decoded = try #require(report["embedding_a"] as? [Double])
            #expect(decoded.map { Float($0) } == [0.254, 0.129, 0.270, -0.326])
            #expect(report["embedding_float"] as? [Double] == [0.254, 0.129, 0.27, -0.326])
            let absent = try #require(report["absent"] as? [String: Any])
            #expect(absent["status"] as? Int == 404)
            #expect(
                absent["text"] as? String == "error while getting model: get model '\"ai/absent\"': model not found\n")
            #expect((report["fault"] as? [String: Any])?["status"] as? Int == 500)
            // Every request carried the SDK's bearer token; none was refused for it.
            let inference = sim.requests.filter { $0.path.hasPrefix("/engines/v1/") }
            #expect(!inference.isEmpty)
            #expect(
                inference.allSatisfy { request in
                    request.headers.contains {
                        $0.0.lowercased() == "authorization" && $0.1 == "Bearer sk-modelbind-test"
                    }
                })
        }
    }
}

/// Runs a process found on PATH, collecting its output, with a time limit (then it is killed).
enum PythonProcess {
    struct Result: Sendable {
        var status: Int32
        var output: String
        var errors: String
        var timedOut: Bool
        var launchError: String?

        var describe: String {
            if let launchError { return "could not start (\(launchError))" }
            return timedOut ? "timed out" : "exited \(status)"
        }

        /// The last lines of stderr (or stdout), for a failure message.
        var tail: String {
            let text = errors.isEmpty ? output : errors
            return text.split(separator: "\n").suffix(6).joined(separator: "\n")
        }
    }

    static func run(
        _ arguments: [String], environment: [String: String] = [:], timeout: Duration
    ) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                let process = Process()
                process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
                process.arguments = arguments
                process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
                let output = Pipe()
                let errors = Pipe()
                process.standardOutput = output
                process.standardError = errors
                process.standardInput = FileHandle.nullDevice
                do {
                    try process.run()
                } catch {
                    continuation.resume(
                        returning: Result(
                            status: -1, output: "", errors: "", timedOut: false, launchError: "\(error)"))
                    return
                }
                let timedOut = Locked(false)
                let seconds = Double(timeout.components.seconds)
                let killer = DispatchWorkItem {
                    timedOut.value = true
                    process.terminate()
                }
                DispatchQueue.global().asyncAfter(deadline: .now() + seconds, execute: killer)
                let group = DispatchGroup()
                let errorData = Locked(Data())
                group.enter()
                DispatchQueue.global().async {
                    errorData.value = errors.fileHandleForReading.readDataToEndOfFile()
                    group.leave()
                }
                let outputData = output.fileHandleForReading.readDataToEndOfFile()
                group.wait()
                process.waitUntilExit()
                killer.cancel()
                continuation.resume(
                    returning: Result(
                        status: process.terminationStatus, output: String(decoding: outputData, as: UTF8.self),
                        errors: String(decoding: errorData.value, as: UTF8.self), timedOut: timedOut.value,
                        launchError: nil))
            }
        }
    }
}

/// A value set on one thread and read on another.
final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value

    init(_ value: Value) { stored = value }

    var value: Value {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}
