import Foundation

/// A scratch directory for one end-to-end test, removed when the value is released.
final class HostileScratch {
    let directory: String

    init() throws {
        directory =
            FileManager.default.temporaryDirectory.path + "/modelbind-hostile-"
            + UUID().uuidString.prefix(8).lowercased()
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// The absolute path of `relative`.
    func path(_ relative: String) -> String { directory + "/" + relative }

    /// Writes `bytes` to `relative`, creating folders on the way.
    func write(_ relative: String, bytes: [UInt8]) throws {
        let full = path(relative)
        try FileManager.default.createDirectory(
            atPath: URL(fileURLWithPath: full).deletingLastPathComponent().path, withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: full))
    }

    /// Writes UTF-8 `text` to `relative`.
    func write(_ relative: String, _ text: String) throws {
        try write(relative, bytes: Array(text.utf8))
    }

    /// The text of `relative`, or nil when it cannot be read.
    func read(_ relative: String) -> String? {
        try? String(contentsOfFile: path(relative), encoding: .utf8)
    }

    /// The names in `relative` (hidden ones included), sorted.
    func list(_ relative: String = ".") -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: path(relative))) ?? []).sorted()
    }
}
