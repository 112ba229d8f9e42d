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
    public func read(_ path: String, displayPath: String, reference: SourceLocation? = nil) throws(DiagnosticError)
        -> [UInt8]
    {
        switch FileSystem.kind(of: path) {
        case .missing:
            throw DiagnosticError(
                .error(
                    Rule.file.code, "file not found: \(displayPath)",
                    hint:
                        "Check the path (relative paths resolve against \(reference == nil ? "the current directory" : "the project directory")).",
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
