import ModelBindSupport

/// A position in a source file: 1-based line and column, as editors and CI annotations count them.
///
/// Stored compactly (12 bytes, nothing reference-counted): the file name is interned once per
/// process in ``SourceFileNames`` and kept as a small number. A large project has a location on
/// every node, and copying a path `String` into each cost both memory and reference counting.
public struct SourceLocation: Sendable, Hashable, Comparable, Codable {
    private var fileID: SourceFileNames.ID
    private var storedLine: Int32
    private var storedColumn: Int32

    /// The file as the user named it (relative paths stay relative; `-` is standard input).
    public var file: String {
        get { SourceFileNames.name(of: fileID) }
        set { fileID = SourceFileNames.id(for: newValue) }
    }

    /// The 1-based line.
    public var line: Int {
        get { Int(storedLine) }
        set { storedLine = Int32(clamping: newValue) }
    }

    /// The 1-based column (in Unicode scalars, as libyaml counts).
    public var column: Int {
        get { Int(storedColumn) }
        set { storedColumn = Int32(clamping: newValue) }
    }

    public init(file: String, line: Int, column: Int) {
        self.init(fileID: SourceFileNames.id(for: file), line: line, column: column)
    }

    /// A location in a file already interned (the loader interns each file once, not per node).
    package init(fileID: SourceFileNames.ID, line: Int, column: Int) {
        self.fileID = fileID
        self.storedLine = Int32(clamping: line)
        self.storedColumn = Int32(clamping: column)
    }

    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        if lhs.fileID != rhs.fileID, lhs.file != rhs.file { return lhs.file < rhs.file }
        return (lhs.line, lhs.column) < (rhs.line, rhs.column)
    }

    /// `file:line:column`
    public var description: String { "\(file):\(line):\(column)" }

    private enum CodingKeys: String, CodingKey {
        case file, line, column
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            file: try container.decode(String.self, forKey: .file),
            line: try container.decode(Int.self, forKey: .line),
            column: try container.decode(Int.self, forKey: .column)
        )
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(file, forKey: .file)
        try container.encode(line, forKey: .line)
        try container.encode(column, forKey: .column)
    }
}

/// The file names of ``SourceLocation``s, interned for the life of the process: each distinct name
/// is stored once and numbered, so equal numbers mean equal names. A process names few files
/// (those it loads and those tests or callers construct), so the table stays small.
package enum SourceFileNames {
    package typealias ID = UInt32

    private struct Table {
        var names: [String] = []
        var ids: [String: ID] = [:]
    }

    private static let table = Locked(Table())

    /// The number for `name`, adding it on first use.
    package static func id(for name: String) -> ID {
        table.withLock { table in
            if let id = table.ids[name] { return id }
            let id = ID(table.names.count)
            table.names.append(name)
            table.ids[name] = id
            return id
        }
    }

    /// The name numbered `id`.
    static func name(of id: ID) -> String {
        table.withLock { $0.names[Int(id)] }
    }
}
