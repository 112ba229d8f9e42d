internal import CYAML

/// A failure reported by `yaml_parser_parse`, turned into a ``YAMLError`` with a 1-based position.
struct LibYAMLProblem {
    private let kind: yaml_error_type_t
    private let problem: String
    private let context: String?
    private let problemMark: yaml_mark_t
    private let contextMark: yaml_mark_t
    private let offset: Int
    private let value: Int32
    private let input: UnsafeBufferPointer<UInt8>

    init(parser: yaml_parser_t, input: UnsafeBufferPointer<UInt8>) {
        kind = parser.error
        problem = parser.problem.map { String(cString: $0) } ?? "invalid YAML"
        context = parser.context.map { String(cString: $0) }
        problemMark = parser.problem_mark
        contextMark = parser.context_mark
        offset = parser.problem_offset
        value = parser.problem_value
        self.input = input
    }

    func error(path: String) -> YAMLError {
        switch kind {
        case YAML_MEMORY_ERROR:
            return YAMLError(
                kind: .syntax, message: "libyaml ran out of memory", path: path,
                mark: YAMLMark(line: problemMark.line + 1, column: problemMark.column + 1))
        case YAML_READER_ERROR:
            // Reader errors carry a byte offset, not a mark.
            let mark = Self.position(ofByte: offset, in: input)
            if problem.contains("UTF-8") || problem.contains("Unicode") {
                let byte = value >= 0 ? " (byte 0x\(Self.hex(value)) at offset \(offset))" : ""
                return YAMLError(
                    kind: .invalidUTF8, message: "\(problem)\(byte); the file must be encoded as UTF-8", path: path,
                    mark: mark)
            }
            let found = value >= 0 ? " (found U+\(Self.hex(value, width: 4)) at offset \(offset))" : ""
            return YAMLError(kind: .syntax, message: "\(problem)\(found)", path: path, mark: mark)
        default:
            let mark = YAMLMark(line: problemMark.line + 1, column: problemMark.column + 1)
            var message = context.map { "\($0): \(problem)" } ?? problem
            if Self.indentationHasTab(line: mark.line, in: input) {
                message += " (tabs are not allowed in YAML indentation; indent with spaces)"
            }
            // "while parsing a flow sequence": where that sequence began, when it is not where libyaml gave up.
            var began: YAMLMark?
            if context != nil {
                let start = YAMLMark(line: contextMark.line + 1, column: contextMark.column + 1)
                if start != mark { began = start }
            }
            return YAMLError(
                kind: .syntax, message: message, path: path, mark: mark, contextMark: began,
                contextLine: began.map { Self.text(ofLine: $0.line, in: input) })
        }
    }

    /// The text of 1-based `line`, without its break; cut at 200 characters.
    static func text(ofLine line: Int, in input: UnsafeBufferPointer<UInt8>) -> String {
        var current = 1
        var index = 0
        while current < line, index < input.count {
            let width = breakWidth(at: index, in: input)
            if width > 0 {
                current += 1
                index += width
            } else {
                index += 1
            }
        }
        var end = index
        while end < input.count, breakWidth(at: end, in: input) == 0, end - index < 800 { end += 1 }
        let text = String(decoding: UnsafeBufferPointer(rebasing: input[index..<end]), as: UTF8.self)
        return text.count > 200 ? String(text.prefix(200)) + "…" : text
    }

    /// The 1-based line and column of a byte offset, counting lines and characters as libyaml does.
    static func position(ofByte offset: Int, in input: UnsafeBufferPointer<UInt8>) -> YAMLMark {
        var line = 1
        var column = 1
        var index = input.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        let end = min(offset, input.count)
        while index < end {
            let width = breakWidth(at: index, in: input)
            if width > 0 {
                line += 1
                column = 1
                index += width
            } else {
                if input[index] & 0xC0 != 0x80 { column += 1 }
                index += 1
            }
        }
        return YAMLMark(line: line, column: column)
    }

    /// Whether the leading whitespace of 1-based `line` contains a tab.
    static func indentationHasTab(line: Int, in input: UnsafeBufferPointer<UInt8>) -> Bool {
        var current = 1
        var index = 0
        while current < line, index < input.count {
            let width = breakWidth(at: index, in: input)
            if width > 0 {
                current += 1
                index += width
            } else {
                index += 1
            }
        }
        while index < input.count, input[index] == 0x20 || input[index] == 0x09 {
            if input[index] == 0x09 { return true }
            index += 1
        }
        return false
    }

    /// The byte length of the line break at `index` (CRLF, LF, CR, NEL, LS, PS), or 0.
    private static func breakWidth(at index: Int, in input: UnsafeBufferPointer<UInt8>) -> Int {
        let byte = input[index]
        let next = index + 1 < input.count ? input[index + 1] : 0
        switch byte {
        case 0x0A: return 1
        case 0x0D: return next == 0x0A ? 2 : 1
        case 0xC2: return next == 0x85 ? 2 : 0
        case 0xE2:
            let third = index + 2 < input.count ? input[index + 2] : 0
            return next == 0x80 && (third == 0xA8 || third == 0xA9) ? 3 : 0
        default: return 0
        }
    }

    private static func hex(_ value: Int32, width: Int = 2) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
