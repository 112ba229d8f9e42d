import Foundation

/// One run of a child process: its exit status and what it wrote.
struct ProcessOutput: Sendable, CustomStringConvertible {
    var status: Int32
    var stdout: String
    var stderr: String

    var description: String { "exit \(status)\nstdout:\n\(stdout)\nstderr:\n\(stderr)" }
}

enum ChildProcessError: Error, CustomStringConvertible {
    case timedOut(String)
    case cannotStart(String, String)

    var description: String {
        switch self {
        case .timedOut(let command): "\(command) did not finish in time"
        case .cannotStart(let command, let reason): "cannot start \(command): \(reason)"
        }
    }
}

/// Runs executables with exactly the environment given, standard input from /dev/null and the
/// output captured in files (no pipe to drain, so no child blocks on a full pipe).
enum ChildProcess {
    static func run(
        _ executable: String, _ arguments: [String], environment: [String: String], directory: String,
        scratch: String, timeout: Duration = .seconds(60)
    ) async throws -> ProcessOutput {
        let id = UUID().uuidString.prefix(8)
        let outPath = scratch + "/out-\(id)"
        let errPath = scratch + "/err-\(id)"
        _ = FileManager.default.createFile(atPath: outPath, contents: nil)
        _ = FileManager.default.createFile(atPath: errPath, contents: nil)
        defer {
            try? FileManager.default.removeItem(atPath: outPath)
            try? FileManager.default.removeItem(atPath: errPath)
        }
        guard let out = FileHandle(forWritingAtPath: outPath), let err = FileHandle(forWritingAtPath: errPath),
            let input = FileHandle(forReadingAtPath: "/dev/null")
        else { throw ChildProcessError.cannotStart(executable, "cannot open the output files in \(scratch)") }
        defer {
            try? out.close()
            try? err.close()
            try? input.close()
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.standardInput = input
        process.standardOutput = out
        process.standardError = err
        let (ended, continuation) = AsyncStream<Int32>.makeStream()
        process.terminationHandler = { finished in
            continuation.yield(finished.terminationStatus)
            continuation.finish()
        }
        do {
            try process.run()
        } catch {
            throw ChildProcessError.cannotStart(executable, "\(error)")
        }
        let status = await withTaskGroup(of: Int32?.self) { group in
            group.addTask {
                for await status in ended { return status }
                return nil
            }
            group.addTask {
                // A safety net only: a hung child fails the case instead of the whole run.
                try? await Task.sleep(for: timeout)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
        guard let status else {
            process.terminate()
            throw ChildProcessError.timedOut(([executable] + arguments).joined(separator: " "))
        }
        let stdout = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
        let stderr = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
        return ProcessOutput(status: status, stdout: stdout, stderr: stderr)
    }
}
