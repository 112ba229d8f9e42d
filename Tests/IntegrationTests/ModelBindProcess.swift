import Foundation
import ModelBindSupport
import Testing

/// The built `modelbind`, run as a user runs it: no standard input, a clean environment, output
/// captured, a time limit so a hang fails the test.
final class ModelBindProcess: @unchecked Sendable {
    // @unchecked: the Process is only touched by the owning test; output goes through `collected`.
    struct Result: CustomStringConvertible {
        var status: Int32
        var stdout: String
        var stderr: String
        var description: String { "status \(status)\nstdout:\n\(stdout)\nstderr:\n\(stderr)" }
    }

    /// The directory holding the built executables (next to the test bundle), else `.build/debug`.
    static let binaryDirectory: String = {
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        if FileManager.default.fileExists(atPath: bundle.appendingPathComponent("modelbind").path) {
            return bundle.path
        }
        return RealWorld.repositoryRoot + "/.build/debug"
    }()

    let process = Process()
    private let stdoutPipe = Pipe()
    private let stderrPipe = Pipe()
    private let collected = Locked<(out: Data, err: Data)>((Data(), Data()))

    init(_ arguments: [String], in directory: String, environment: [String: String] = [:]) throws {
        process.executableURL = URL(fileURLWithPath: Self.binaryDirectory + "/modelbind")
        process.arguments = arguments
        var base = ["PATH": "/usr/bin:/bin", "HOME": directory]
        for (key, value) in environment { base[key] = value }
        process.environment = base
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.standardInput = FileHandle(forReadingAtPath: "/dev/null")
        process.standardOutput = stdoutPipe
        process.standardError = stderrPipe
        let collected = self.collected
        stdoutPipe.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            collected.withLock { $0.out.append(data) }
        }
        stderrPipe.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            collected.withLock { $0.err.append(data) }
        }
        try process.run()
    }

    var stderrSoFar: String { collected.withLock { String(decoding: $0.err, as: UTF8.self) } }

    func send(_ signal: Int32) { kill(process.processIdentifier, signal) }

    /// Waits for the end (at most `timeout`, then SIGKILL and a recorded issue).
    func finish(timeout: Duration = .seconds(60)) async -> Result {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning, ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(10)) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            Issue.record("modelbind \(process.arguments ?? []) did not finish within \(timeout)")
        }
        _ = try? await LoopbackNet.offThread { self.process.waitUntilExit() }
        stdoutPipe.fileHandleForReading.readabilityHandler = nil
        stderrPipe.fileHandleForReading.readabilityHandler = nil
        let restOut = stdoutPipe.fileHandleForReading.readDataToEndOfFile()
        let restErr = stderrPipe.fileHandleForReading.readDataToEndOfFile()
        let (out, err) = collected.withLock { value -> (Data, Data) in
            value.out.append(restOut)
            value.err.append(restErr)
            return (value.out, value.err)
        }
        return Result(
            status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self),
            stderr: String(decoding: err, as: UTF8.self))
    }

    /// Runs `modelbind arguments` in `directory` to the end.
    static func run(_ arguments: [String], in directory: String, timeout: Duration = .seconds(60)) async throws
        -> Result
    {
        try await ModelBindProcess(arguments, in: directory).finish(timeout: timeout)
    }
}

/// A compose project in a directory of its own under the run's temporary directory.
struct ScratchProject {
    let directory: String

    init(_ world: RealWorld, name: String, compose: String) throws {
        directory = world.directory + "/projects/" + name
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try compose.write(toFile: directory + "/compose.yaml", atomically: true, encoding: .utf8)
    }

    /// `modelbind arguments` in this project.
    func run(_ arguments: [String], timeout: Duration = .seconds(60)) async throws -> ModelBindProcess.Result {
        try await ModelBindProcess.run(arguments, in: directory, timeout: timeout)
    }

    func start(_ arguments: [String]) throws -> ModelBindProcess {
        try ModelBindProcess(arguments, in: directory)
    }

    func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: directory + "/" + path) }

    /// A one-service project using `models` (key: reference), with optional settings per key.
    static func compose(_ models: [(key: String, model: String, extra: String)]) -> String {
        var text = "services:\n  app:\n    image: app\n    models:\n"
        for model in models { text += "      \(model.key):\n        endpoint_var: \(model.key.uppercased())_URL\n" }
        text += "models:\n"
        for model in models {
            text += "  \(model.key):\n    model: \(model.model)\n"
            if !model.extra.isEmpty { text += model.extra.split(separator: "\n").map { "    " + $0 + "\n" }.joined() }
        }
        return text
    }
}
