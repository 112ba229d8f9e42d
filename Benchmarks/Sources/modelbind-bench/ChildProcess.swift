import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Starting other programs: the competitors (which print one JSON line), fresh copies of the
/// harness for peak-RSS measurements, and `modelbind` itself for start-to-exit wall time.
enum ChildProcess {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Runs `arguments` (the first is the program path) and returns its standard output; throws
    /// with the standard error when it exits non-zero.
    static func output(_ arguments: [String], environment: [String: String]? = nil) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: arguments[0])
        process.arguments = Array(arguments.dropFirst())
        if let environment { process.environment = environment }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(
                description: "\(arguments.joined(separator: " ")) exited \(process.terminationStatus): "
                    + String(decoding: errors, as: UTF8.self))
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// Runs `arguments` and decodes the last line of its output as a JSON object.
    static func json(_ arguments: [String]) throws -> [String: Any] {
        let text = try output(arguments)
        let line = text.split(separator: "\n").last.map(String.init) ?? ""
        guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
            throw Failure(description: "\(arguments[0]) printed no JSON object: \(text)")
        }
        return object
    }

    /// Wall seconds from `posix_spawn` to `waitpid` for `arguments`, output discarded, and the exit status.
    static func wallTime(_ arguments: [String]) throws -> (seconds: Double, status: Int32) {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        var status: Int32 = 0
        let start = ContinuousClock.now
        let spawned = posix_spawn(&pid, arguments[0], &actions, nil, argv, environ)
        guard spawned == 0 else {
            throw Failure(description: "cannot start \(arguments[0]): \(String(cString: strerror(spawned)))")
        }
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let elapsed = (ContinuousClock.now - start).seconds
        let exitStatus = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return (elapsed, exitStatus)
    }

    /// This process's peak resident set size in bytes: `VmHWM` from /proc/self/status.
    ///
    /// Not `getrusage(RUSAGE_SELF).ru_maxrss`: Linux carries ru_maxrss across `execve`, so a child
    /// started by a harness that has already loaded the huge file would report the harness's peak.
    static func peakResidentBytes() -> Int {
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let fields = line.dropFirst("VmHWM:".count).split { $0 == " " || $0 == "\t" }
            let kilobytes = fields.first.flatMap { Int($0) } ?? 0
            return kilobytes * 1024
        }
        return 0
    }
}
