import ComposeModel
import Foundation
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
            readStandardInput ?? {
                Self.bytes(of: try FileHandle.standardInput.read(upToCount: Self.readLimit(maxFileBytes)) ?? Data())
            }
    }

    /// How many bytes to read to tell whether an input is over `limit`: one more (without
    /// overflowing for a limit of `Int.max`).
    static func readLimit(_ limit: Int) -> Int {
        limit == .max ? limit : limit + 1
    }

    /// `data` as an array, in one copy (`Array(data)` walks Data's iterator, ~7 instructions a byte).
    static func bytes(of data: Data) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: data.count) { buffer, count in
            count = data.copyBytes(to: buffer)
        }
    }

    /// Whether a regular file exists at `path`.
    public func isFile(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
    }

    /// The bytes of `path`, or a diagnostic saying why not (missing, a directory, too large).
    public func read(_ path: String, displayPath: String, reference: SourceLocation? = nil) throws(DiagnosticError)
        -> [UInt8]
    {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw DiagnosticError(
                .error(
                    Rule.file.code,
                    "file not found: \(displayPath)",
                    hint:
                        "Check the path (relative paths resolve against \(reference == nil ? "the current directory" : "the project directory")).",
                    at: reference
                )
            )
        }
        guard !isDirectory.boolValue else {
            throw DiagnosticError(
                .error(Rule.file.code, "\(displayPath) is a directory, not a file", hint: "Name a file.", at: reference)
            )
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw DiagnosticError(
                .error(
                    Rule.file.code, "cannot read \(displayPath)", hint: "Check the file's permissions.", at: reference)
            )
        }
        defer { try? handle.close() }
        do {
            let data = try handle.read(upToCount: Self.readLimit(maxFileBytes)) ?? Data()
            guard data.count <= maxFileBytes else {
                throw DiagnosticError(
                    .error(
                        Rule.file.code,
                        "\(displayPath) is larger than the \(maxFileBytes >> 20) MiB limit",
                        hint: "Compose files are small; check that this is the right file.",
                        at: reference
                    )
                )
            }
            return Self.bytes(of: data)
        } catch let error as DiagnosticError {
            throw error
        } catch {
            throw DiagnosticError(
                .error(Rule.file.code, "cannot read \(displayPath): \(error)", hint: "Check the file.", at: reference)
            )
        }
    }
}
