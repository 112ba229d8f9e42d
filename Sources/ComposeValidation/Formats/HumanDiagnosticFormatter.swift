import ComposeModel
import FoundationEssentials
import ModelBindSupport

/// Renders findings as a compiler does: `file:line:column: error: message [code]`, the source
/// line with a caret under the column, and the hint.
public struct HumanDiagnosticFormatter: Sendable {
    /// Whether to use ANSI colours (the caller decides: a terminal, and no `NO_COLOR`).
    public var color: Bool
    /// Returns the text of a 1-based line of a file, for the source excerpt.
    public var sourceLine: @Sendable (_ file: String, _ line: Int) -> String?

    public init(color: Bool = false, sourceLine: @escaping @Sendable (String, Int) -> String? = SourceLines.reader()) {
        self.color = color
        self.sourceLine = sourceLine
    }

    /// The findings, one block each, optionally followed by a summary line.
    public func render(_ diagnostics: [Diagnostic], summary: Bool) -> String {
        var output = ""
        for diagnostic in diagnostics {
            output += block(for: diagnostic)
        }
        if summary {
            output += Self.summary(of: diagnostics) + "\n"
        }
        return output
    }

    /// "2 errors, 1 warning", or "no problems found".
    public static func summary(of diagnostics: [Diagnostic]) -> String {
        let errors = diagnostics.count { $0.severity == .error }
        let warnings = diagnostics.count { $0.severity == .warning }
        if errors == 0 && warnings == 0 { return "no problems found" }
        return "\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")"
    }

    private func block(for diagnostic: Diagnostic) -> String {
        var text = ""
        if let location = diagnostic.location {
            text += paint("\(location.file):\(location.line):\(location.column): ", code: "1")
        }
        let severity = diagnostic.severity.rawValue
        text += paint(severity, code: diagnostic.severity == .error ? "1;31" : "1;33")
        text += paint(": \(diagnostic.message)", code: "1") + " [\(diagnostic.code)]\n"
        if let location = diagnostic.location, let line = sourceLine(location.file, location.line) {
            let (printable, caretColumn) = Self.excerpt(line, column: location.column)
            text += "    \(printable)\n"
            let padding = String(repeating: " ", count: max(0, caretColumn - 1))
            text += "    \(padding)" + paint("^", code: "1;32") + "\n"
        }
        if let hint = diagnostic.hint {
            text += "  " + paint("hint:", code: "1;36") + " \(hint)\n"
        }
        return text
    }

    /// The source line as shown (tabs as spaces), cut to a window around `column` when it is
    /// longer than `maximumExcerpt` characters, with the caret's column in the shown text.
    static func excerpt(_ line: String, column: Int) -> (text: String, caretColumn: Int) {
        let characters = Array(line.replacing("\t", with: " "))
        guard characters.count > maximumExcerpt else { return (String(characters), column) }
        let start = max(0, min(column - 1 - maximumExcerpt / 2, characters.count - maximumExcerpt))
        let end = min(characters.count, start + maximumExcerpt)
        let head = start > 0 ? "…" : ""
        let tail = end < characters.count ? "…" : ""
        return (head + String(characters[start..<end]) + tail, column - start + head.count)
    }

    /// Longest source excerpt shown under a finding.
    static let maximumExcerpt = 160

    private func paint(_ text: String, code: String) -> String {
        color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}

/// Reads source lines for excerpts (small files only; anything unreadable gives `nil`).
public enum SourceLines {
    /// Line `line` (1-based) of `file`, without its line end; `nil` for `-` or unreadable files.
    @Sendable public static func read(_ file: String, _ line: Int) -> String? {
        guard file != "-", line >= 1, let data = FileManager.default.contents(atPath: file), data.count <= 64 << 20
        else { return nil }
        var current = 1
        var start = data.startIndex
        for index in data.indices where data[index] == UInt8(ascii: "\n") {
            if current == line { return decode(data[start..<index]) }
            current += 1
            start = data.index(after: index)
        }
        return current == line && start < data.endIndex ? decode(data[start...]) : nil
    }

    /// A reader like ``read(_:_:)`` that loads and indexes each file once, so rendering many findings in
    /// one file costs one read, not one read per finding (which made 20,000 findings take minutes).
    public static func reader() -> @Sendable (String, Int) -> String? {
        let cache = LineCache()
        return { file, line in cache.line(line, of: file) }
    }

    /// The files read so far by one ``reader()``, each with the offsets where its lines start.
    private final class LineCache: Sendable {
        private let files = Locked<[String: (data: Data, starts: [Int])?]>([:])

        func line(_ line: Int, of file: String) -> String? {
            files.withLock { files -> String? in
                if files[file] == nil { files[file] = .some(SourceLines.index(file)) }
                guard let entry = files[file] ?? nil, line >= 1, line <= entry.starts.count else { return nil }
                let start = entry.starts[line - 1]
                if line == entry.starts.count {
                    return start < entry.data.endIndex ? decode(entry.data[start...]) : nil
                }
                return decode(entry.data[start..<entry.starts[line] - 1])
            }
        }
    }

    /// The file's bytes and the offset of every line start, or nil for `-` and unreadable or huge files.
    private static func index(_ file: String) -> (data: Data, starts: [Int])? {
        guard file != "-", let data = FileManager.default.contents(atPath: file), data.count <= 64 << 20 else {
            return nil
        }
        var starts = [data.startIndex]
        data.withUnsafeBytes { bytes in
            for (offset, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
                starts.append(data.startIndex + offset + 1)
            }
        }
        return (data, starts)
    }

    private static func decode(_ bytes: Data.SubSequence) -> String {
        var text = String(decoding: bytes, as: UTF8.self)
        if text.hasSuffix("\r") { text.removeLast() }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        return text
    }
}
