import FoundationEssentials

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes files so that readers see either the old content or the complete new content:
/// a temporary file in the same directory, flushed to disk, then renamed over the target.
public enum AtomicFileWriter {
    /// Creates `directory` and its parents unless it exists; it must be a directory.
    public static func makeDirectory(_ directory: String) throws(FileWriteError) {
        switch FileSystem.kind(of: directory) {
        case .directory: return
        case .missing: break
        case .file, .other: throw FileWriteError(path: directory, reason: "it is not a directory")
        }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw FileWriteError(path: directory, reason: "cannot create the directory (\(error))")
        }
    }

    /// Writes `contents` to `path`. Refuses a target that is a directory or a symbolic link.
    public static func write(_ contents: String, to path: String) throws(FileWriteError) {
        try write(Array(contents.utf8), to: path)
    }

    /// Writes `bytes` to `path` atomically.
    public static func write(_ bytes: [UInt8], to path: String) throws(FileWriteError) {
        var status = stat()
        if lstat(path, &status) == 0 {
            if (status.st_mode & S_IFMT) == S_IFLNK {
                throw FileWriteError(
                    path: path, reason: "it is a symbolic link; modelbind does not write through links")
            }
            if (status.st_mode & S_IFMT) == S_IFDIR {
                throw FileWriteError(path: path, reason: "it is a directory")
            }
        }
        let directory = PathUtilities.directory(of: path)
        let name = PathUtilities.lastComponent(path)
        var template = Array("\(directory)/.\(name).modelbind-XXXXXX".utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { buffer -> Int32 in
            guard let base = buffer.baseAddress else { return -1 }
            return mkstemp(base)
        }
        guard descriptor >= 0 else {
            throw FileWriteError(
                path: path, reason: "cannot create a file in \(directory): \(String(cString: strerror(errno)))")
        }
        let temporary = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var failure = writeAll(bytes, to: descriptor)
        if failure == nil {
            if fchmod(descriptor, 0o644) != 0 || fsync(descriptor) != 0 { failure = String(cString: strerror(errno)) }
        }
        close(descriptor)
        if failure == nil, rename(temporary, path) != 0 {
            failure = String(cString: strerror(errno))
        }
        if let failure {
            unlink(temporary)
            throw FileWriteError(path: path, reason: failure)
        }
    }
}

/// Writes every byte, retrying short writes and interrupts; returns the error text on failure.
private func writeAll(_ bytes: [UInt8], to descriptor: Int32) -> String? {
    bytes.withUnsafeBytes { buffer -> String? in
        guard let base = buffer.baseAddress else { return nil }
        var written = 0
        while written < buffer.count {
            let result = systemWrite(descriptor, base + written, buffer.count - written)
            if result < 0 {
                if errno == EINTR { continue }
                return String(cString: strerror(errno))
            }
            written += result
        }
        return nil
    }
}

#if canImport(Glibc)
    private let systemWrite = Glibc.write
#elseif canImport(Darwin)
    private let systemWrite = Darwin.write
#endif

/// A file could not be written; the old file, if any, is untouched.
public struct FileWriteError: Error, Sendable, Equatable, CustomStringConvertible {
    public var path: String
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "cannot write \(path): \(reason)" }
}
