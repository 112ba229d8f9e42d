import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A child process whose standard input, output and error are a pseudo-terminal, as in a user's
/// terminal window: `isatty` is true and `TIOCGWINSZ` answers the size given. Everything the child
/// writes is collected from the terminal's other side; tests wait for text to appear, not for time
/// to pass.
final class PseudoTerminalProcess: Sendable {
    /// The bytes read so far, shared with the reading thread.
    final class Buffer: Sendable {
        let bytes = Mutex<[UInt8]>([])
        var text: String { bytes.withLock { String(decoding: $0, as: UTF8.self) } }
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    let pid: pid_t
    private let master: Int32
    private let output = Buffer()
    private let chunks: AsyncStream<Void>

    /// Starts `executable` with `arguments` in `directory` on a new terminal `columns` wide.
    init(
        executable: String, arguments: [String], environment: [String: String], directory: String, columns: UInt16
    ) throws {
        // posix_openpt/grantpt/ptsname are not visible from Swift's Glibc module; /dev/ptmx with
        // Linux's own ioctls is what they do (TIOCSPTLCK unlocks, TIOCGPTN names /dev/pts/N).
        let tiocsptlck: UInt = 0x4004_5431
        let tiocgptn: UInt = 0x8004_5430
        let master = open("/dev/ptmx", O_RDWR | O_NOCTTY)
        var unlock: Int32 = 0
        var number: UInt32 = 0
        guard master >= 0, ioctl(master, tiocsptlck, &unlock) == 0, ioctl(master, tiocgptn, &number) == 0 else {
            throw Failure(description: "cannot open a pseudo-terminal: errno \(errno)")
        }
        var size = winsize(ws_row: 40, ws_col: columns, ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(master, UInt(TIOCSWINSZ), &size)
        let slave = open("/dev/pts/\(number)", O_RDWR | O_NOCTTY)
        guard slave >= 0 else { throw Failure(description: "cannot open /dev/pts/\(number): errno \(errno)") }
        defer { close(slave) }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for target in Int32(0)...2 { posix_spawn_file_actions_adddup2(&actions, slave, target) }
        posix_spawn_file_actions_addclose(&actions, master)
        // posix_spawn_file_actions_addchdir_np is not visible either: a shell changes directory and
        // execs the program in its place (same pid).
        let shell = "/bin/sh"
        let argv =
            ([shell, "-c", #"cd "$0" && exec "$@""#, directory, executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, shell, &actions, nil, argv, envp)
        guard status == 0 else { throw Failure(description: "cannot start \(executable): \(status)") }
        self.pid = pid
        self.master = master

        let (stream, continuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        chunks = stream
        let collected = output
        // Reads until the terminal closes (EIO once the child and its descendants are gone).
        let reader = Thread {
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(master, $0.baseAddress, $0.count) }
                if count < 0 && errno == EINTR { continue }
                if count <= 0 { break }
                collected.bytes.withLock { $0 += buffer[0..<count] }
                continuation.yield()
            }
            continuation.finish()
        }
        reader.start()
    }

    /// Everything the child has written so far.
    var text: String { output.text }

    /// Waits until the output contains every one of `needles`; false when the child's terminal
    /// closed, or `timeout` passed, first.
    func waitFor(_ needles: [String], timeout: Duration) async -> Bool {
        let output = self.output
        let found: @Sendable () -> Bool = { needles.allSatisfy { output.text.contains($0) } }
        return await withTaskGroup(of: Bool.self) { group in
            group.addTask { [chunks] in
                if found() { return true }
                for await _ in chunks where found() { return true }
                return found()
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return false
            }
            let result = await group.next() ?? false
            group.cancelAll()
            return result
        }
    }

    func send(_ signal: Int32) {
        _ = kill(pid, signal)
    }

    /// Waits for the child to end and its output to be read; the exit status, or 128 + the signal.
    func finish() async -> Int32 {
        let pid = self.pid
        let status = await withCheckedContinuation { (continuation: CheckedContinuation<Int32, Never>) in
            Thread {
                var raw: Int32 = 0
                while waitpid(pid, &raw, 0) < 0 && errno == EINTR {}
                let signalled = (raw & 0x7F) != 0
                continuation.resume(returning: signalled ? 128 + (raw & 0x7F) : (raw >> 8) & 0xFF)
            }.start()
        }
        for await _ in chunks {}
        close(master)
        return status
    }
}
