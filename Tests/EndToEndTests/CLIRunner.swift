import Foundation
import ModelBind
import Testing

/// Runs the built `modelbind` (or `model-runner-sim`) executable as a user would: no standard
/// input, captured output, an exit status, and a time limit so a hang fails the test.
struct CLIRunner {
    struct Result: CustomStringConvertible {
        var status: Int32
        var stdout: String
        var stderr: String
        /// Whether the process ended by a signal (the status is then the signal number).
        var signaled: Bool

        var description: String { "status \(status)\nstdout:\n\(stdout)\nstderr:\n\(stderr)" }
    }

    /// The directory holding the built executables (next to the test bundle).
    static let binaryDirectory: String = {
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        if FileManager.default.fileExists(atPath: bundle.appendingPathComponent("modelbind").path) {
            return bundle.path
        }
        // `swift test` may run the bundle through a helper; fall back to the package's own build folder.
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug").path
    }()

    static var modelbind: String { binaryDirectory + "/modelbind" }

    var currentDirectory: String
    var environment: [String: String] = [:]

    init(currentDirectory: String, environment: [String: String] = [:]) {
        self.currentDirectory = currentDirectory
        // A clean environment: no MODEL_RUNNER_HOST or COMPOSE_* from the machine running the tests.
        var base = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": currentDirectory]
        for (key, value) in environment { base[key] = value }
        self.environment = base
    }

    /// Starts `modelbind arguments`; the caller waits with `finish`.
    func start(_ arguments: [String], executable: String = CLIRunner.modelbind) throws -> RunningProcess {
        try RunningProcess(
            executable: executable, arguments: arguments, environment: environment, directory: currentDirectory)
    }

    /// Runs `modelbind arguments` to completion (at most `timeout`).
    func run(_ arguments: [String], timeout: Duration = .seconds(60)) async throws -> Result {
        try await start(arguments).finish(timeout: timeout)
    }
}

/// A child process with its output collected in the background.
final class RunningProcess: @unchecked Sendable {
    // @unchecked: the Process and pipes are only touched from the methods below, one caller at a time.
    let process = Process()
    private let stdoutPipe = Pipe()
    private let stderrPipe = Pipe()
    private let collected = OutputCollector()
    private let exited = AsyncStream<Void>.makeStream()

    init(executable: String, arguments: [String], environment: [String: String], directory: String) throws {
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.standardInput = FileHandle(forReadingAtPath: "/dev/null")
        process.standardOutput = stdoutPipe
        process.standardError = stderrPipe
        let collected = self.collected
        stdoutPipe.fileHandleForReading.readabilityHandler = { handle in
            collected.append(handle.availableData, to: .out)
        }
        stderrPipe.fileHandleForReading.readabilityHandler = { handle in
            collected.append(handle.availableData, to: .err)
        }
        let continuation = exited.continuation
        process.terminationHandler = { _ in
            continuation.yield()
            continuation.finish()
        }
        try process.run()
    }

    var pid: Int32 { process.processIdentifier }

    /// Sends `signal` to the process.
    func send(_ signal: Int32) {
        kill(process.processIdentifier, signal)
    }

    /// What the process wrote to stderr so far.
    var stderrSoFar: String { collected.text(.err) }

    /// Waits for the process to end; kills it and fails the test after `timeout`.
    func finish(timeout: Duration = .seconds(60)) async throws -> CLIRunner.Result {
        let process = self.process
        let stream = exited.stream
        let finishedInTime = await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                for await _ in stream {}
                return true
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
        if !finishedInTime {
            process.terminate()
            Issue.record("process did not finish within \(timeout): \(process.arguments ?? [])")
        }
        process.waitUntilExit()
        stdoutPipe.fileHandleForReading.readabilityHandler = nil
        stderrPipe.fileHandleForReading.readabilityHandler = nil
        collected.append(stdoutPipe.fileHandleForReading.readDataToEndOfFile(), to: .out)
        collected.append(stderrPipe.fileHandleForReading.readDataToEndOfFile(), to: .err)
        return CLIRunner.Result(
            status: process.terminationStatus,
            stdout: collected.text(.out),
            stderr: collected.text(.err),
            signaled: process.terminationReason == .uncaughtSignal
        )
    }
}

/// Thread-safe accumulation of a child's output.
final class OutputCollector: Sendable {
    enum Stream { case out, err }
    private let storage = Locked<(out: Data, err: Data)>((Data(), Data()))

    func append(_ data: Data, to stream: Stream) {
        guard !data.isEmpty else { return }
        storage.withLock { value in
            switch stream {
            case .out: value.out.append(data)
            case .err: value.err.append(data)
            }
        }
    }

    func text(_ stream: Stream) -> String {
        storage.withLock { value in String(decoding: stream == .out ? value.out : value.err, as: UTF8.self) }
    }
}
