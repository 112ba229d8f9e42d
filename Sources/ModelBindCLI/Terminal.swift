import FoundationEssentials

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Terminal facts (is it one, how wide, may it have colour) and unbuffered writes, for one file descriptor.
struct Terminal: Sendable {
    let fd: Int32

    static let standardError = Terminal(fd: 2)
    /// The process environment, read once.
    static let environment = ProcessInfo.processInfo.environment
    static let standardOutput = Terminal(fd: 1)

    /// Whether `fileDescriptor` is a terminal.
    static func isTerminal(_ fileDescriptor: Int32) -> Bool {
        isatty(fileDescriptor) == 1
    }

    /// Colour only on a terminal and never when `NO_COLOR` is set (to anything).
    static func colorEnabled(
        fileDescriptor: Int32,
        environment: [String: String] = Terminal.environment
    ) -> Bool {
        environment["NO_COLOR"] == nil && isTerminal(fileDescriptor)
    }

    static func writeStandardError(_ text: String) {
        standardError.write(text)
    }

    static func writeStandardOutput(_ text: String) {
        standardOutput.write(text)
    }

    var isTerminal: Bool { isatty(fd) == 1 }

    /// Columns from `TIOCGWINSZ`, or 80 when unknown.
    var columns: Int {
        guard isTerminal else { return 80 }
        var size = winsize()
        guard ioctl(fd, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return 80 }
        return Int(size.ws_col)
    }

    /// Writes all of `text`, retrying on `EINTR`; gives up silently when the descriptor is gone.
    func write(_ text: String) {
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                #if canImport(Glibc)
                    return Glibc.write(fd, base + offset, buffer.count - offset)
                #else
                    return Darwin.write(fd, base + offset, buffer.count - offset)
                #endif
            }
            if written < 0 && errno == EINTR { continue }
            if written <= 0 { return }
            offset += written
        }
    }

    static let hideCursor = "\u{1B}[?25l"
    static let showCursor = "\u{1B}[?25h"
}
