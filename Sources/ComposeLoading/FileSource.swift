import ComposeModel
import FoundationEssentials
import ModelBindSupport

/// Reads the files a project is made of: the one place the loader touches the file system.
public struct FileSource: Sendable {
    /// Files larger than this are refused before parsing.
    public var maxFileBytes: Int
    /// The current directory relative paths on the command line resolve against.
    public var currentDirectory: String
    /// Reads standard input (for `-f -`).
    public var readStandardInput: @Sendable () throws -> [UInt8]

    public init(
        maxFileBytes: Int = 64 << 20,
        currentDirectory: String = FileManager.default.currentDirectoryPath,
        readStandardInput: (@Sendable () throws -> [UInt8])? = nil
    ) {
        self.maxFileBytes = maxFileBytes
        self.currentDirectory = currentDirectory
        // By default at most one byte over the limit is read, so an endless input (`< /dev/zero`)
        // is refused as too large instead of filling memory.
        self.readStandardInput =
            readStandardInput ?? { try FileSystem.read(nil, upTo: Self.readLimit(maxFileBytes)) }
    }

    /// How many bytes to read to tell whether an input is over `limit`: one more (without
    /// overflowing for a limit of `Int.max`).
    static func readLimit(_ limit: Int) -> Int {
        limit == .max ? limit : limit + 1
    }

    /// Whether a regular file exists at `path`.
    public func isFile(_ path: String) -> Bool {
        FileSystem.kind(of: path) == .file
    }

    /// The bytes of `path`, or a diagnostic saying why not (missing, a directory, too large).
    /// `missingHint` replaces the hint for a missing file (a COMPOSE_FILE entry says where it came from).
    public func read(
        _ path: String, displayPath: String, reference: SourceLocation? = nil, missingHint: String? = nil
    ) throws(DiagnosticError) -> [UInt8] {
        switch FileSystem.kind(of: path) {
        case .missing:
            let base = reference == nil ? "the current directory" : "the project directory"
            throw DiagnosticError(
                .error(
                    Rule.file.code, "file not found: \(displayPath)",
                    hint: missingHint ?? "Check the path (relative paths resolve against \(base)).",
                    at: reference))
        case .directory:
            throw DiagnosticError(
                .error(Rule.file.code, "\(displayPath) is a directory, not a file", hint: "Name a file.", at: reference)
            )
        case .file, .other:
            break
        }
        let bytes: [UInt8]
        do {
            bytes = try FileSystem.read(path, upTo: Self.readLimit(maxFileBytes))
        } catch {
            throw DiagnosticError(
                .error(
                    Rule.file.code, "cannot read \(displayPath): \(error.reason)",
                    hint: "Check the file's permissions.",
                    at: reference))
        }
        guard bytes.count <= maxFileBytes else {
            throw DiagnosticError(
                .error(
                    Rule.file.code, "\(displayPath) is larger than the \(maxFileBytes >> 20) MiB limit",
                    hint: "Compose files are small; check that this is the right file.", at: reference))
        }
        return bytes
    }
}

extension FileSource {
    /// Why `bytes` are not a text file, if they are not: a NUL byte in the first 8 KiB, or bytes
    /// that are not UTF-8 in the first 16, where formats put their magic numbers (an image, an
    /// archive, an executable given to `-f`). Later bytes that are not UTF-8 are the YAML reader's to
    /// point at.
    /// UTF-16 and UTF-32 files start with a byte order mark and are left to the YAML reader.
    static func notTextReason(_ bytes: [UInt8]) -> (reason: String, offset: Int)? {
        if bytes.starts(with: [0xFE, 0xFF]) || bytes.starts(with: [0xFF, 0xFE]) { return nil }
        if let nul = bytes.prefix(8192).firstIndex(of: 0) { return ("a NUL byte at offset \(nul)", nul) }
        let head = bytes.prefix(16)
        var iterator = head.makeIterator()
        var decoder = Unicode.UTF8()
        var offset = 0
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                offset += UTF8.width(scalar)
            case .emptyInput:
                return nil
            case .error:
                // A character cut by the window is not an error of the file's.
                if head.count < bytes.count, offset >= head.count - 3 { return nil }
                let byte = String(head[head.startIndex + offset], radix: 16, uppercase: true)
                return ("byte 0x\(byte) at offset \(offset) is not UTF-8", offset)
            }
        }
    }
}

extension SourceLocation {
    /// The 1-based line and column (in characters) of byte `offset` of `bytes` in `file`.
    static func of(byte offset: Int, in bytes: [UInt8], file: String) -> SourceLocation {
        var line = 1
        var column = 1
        for byte in bytes.prefix(offset) {
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return SourceLocation(file: file, line: line, column: column)
    }
}
