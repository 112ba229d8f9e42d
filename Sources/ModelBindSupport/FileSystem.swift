#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The few file-system questions modelbind asks, answered with POSIX calls (no Foundation, which
/// would bring ICU into the binary): what is at a path, and its bytes up to a limit.
public enum FileSystem {
    /// What a path names.
    public enum Kind: Sendable, Equatable {
        case missing
        case file
        case directory
        /// A socket, a device, a pipe...
        case other
    }

    /// What `path` names (symbolic links followed).
    public static func kind(of path: String) -> Kind {
        var info = stat()
        guard stat(path, &info) == 0 else { return .missing }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .file
        case S_IFDIR: return .directory
        default: return .other
        }
    }

    /// A failure to read, with the system's reason.
    public struct ReadError: Error, Sendable, Equatable, CustomStringConvertible {
        public var reason: String
        public var description: String { reason }
    }

    /// Up to `limit` bytes of the file at `path` (or of standard input for descriptor 0 with
    /// `path` nil), reading no further: an endless input stops at the limit.
    public static func read(_ path: String?, upTo limit: Int) throws(ReadError) -> [UInt8] {
        let descriptor: Int32
        if let path {
            descriptor = open(path, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else { throw ReadError(reason: lastError()) }
        } else {
            descriptor = 0
        }
        defer { if path != nil { close(descriptor) } }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        while bytes.count < limit {
            let wanted = min(chunk.count, limit - bytes.count)
            let count = chunk.withUnsafeMutableBytes { systemRead(descriptor, $0.baseAddress, wanted) }
            if count < 0 {
                if errno == EINTR { continue }
                throw ReadError(reason: lastError())
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
        }
        return bytes
    }

    private static func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
        #if canImport(Glibc)
            Glibc.read(descriptor, buffer, count)
        #else
            Darwin.read(descriptor, buffer, count)
        #endif
    }

    private static func lastError() -> String {
        String(cString: strerror(errno))
    }
}
