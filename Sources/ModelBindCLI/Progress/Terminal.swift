#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The few terminal facts the progress output needs, for one file descriptor.
struct Terminal: Sendable {
    let fd: Int32

    static let standardError = Terminal(fd: 2)

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
