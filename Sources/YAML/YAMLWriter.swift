internal import CYAML
import ModelBindSupport

/// Writes a ``YAMLOutput`` tree, or a subtree of a ``YAMLDocument``, as a YAML document through
/// libyaml's emitter.
public enum YAMLWriter {
    /// One step of the iterative walk over the output tree.
    private enum Step {
        case value(YAMLOutput, tag: String?)
        case key(String)
        case end(isMapping: Bool)
    }

    /// Collects the emitter's output.
    private final class Sink {
        var bytes: [UInt8] = []
    }

    /// Emits `root` as one block-style document (unlimited width, unicode kept), ending with a newline.
    ///
    /// - Throws: ``YAMLWriteError`` when libyaml refuses the output (for example an invalid tag).
    public static func write(_ root: YAMLOutput) throws -> String {
        try withEmitter { emitter in try emitAll(root, to: emitter) }
    }

    /// Emits the subtree at `root` of `document` as one block-style document. A scalar that reads as
    /// a string is written as `text` gives it (quoted where another reader could take it for
    /// something else); any other scalar (a number, a boolean, null) exactly as it is written, with
    /// its tag when the tag is what made it that. Other tags are not written: every value reads back
    /// as what it was.
    public static func write(
        _ document: YAMLDocument, root: YAMLNodeID, text: (YAMLNodeID) -> String
    ) throws -> String {
        try withEmitter { emitter in
            try emitDocument(emitter) {
                var event = yaml_event_t()
                // Each entry: a node, whether it is a key, or (`node` nil) the end of a collection.
                var stack: [(node: YAMLNodeID?, isKey: Bool, isMapping: Bool)] = [(root, false, false)]
                while let (node, isKey, isMapping) = stack.popLast() {
                    guard let node else {
                        if isMapping {
                            yaml_mapping_end_event_initialize(&event)
                        } else {
                            yaml_sequence_end_event_initialize(&event)
                        }
                        try emit(&event, emitter)
                        continue
                    }
                    switch document.kind(of: node) {
                    case .scalar:
                        if case .string = document.value(of: node) {
                            let value = text(node)
                            try scalar(
                                value, tag: nil, style: ScalarQuoting.style(for: value, allowLiteral: !isKey),
                                emitter)
                        } else {
                            // A tag that made the scalar what it is (`!!float 1`) is kept.
                            let text = document.text(of: node)
                            let plain = ScalarResolver.resolvePlain(Array(text.utf8)[...]) ?? .string(text)
                            let tag = plain == document.value(of: node) ? nil : document.tag(of: node)
                            try scalar(text, tag: tag, style: .plain, emitter)
                        }
                    case .sequence:
                        yaml_sequence_start_event_initialize(&event, nil, nil, 1, YAML_BLOCK_SEQUENCE_STYLE)
                        try emit(&event, emitter)
                        stack.append((nil, false, false))
                        for item in document.childNodes(of: node).reversed() { stack.append((item, false, false)) }
                    case .mapping:
                        yaml_mapping_start_event_initialize(&event, nil, nil, 1, YAML_BLOCK_MAPPING_STYLE)
                        try emit(&event, emitter)
                        stack.append((nil, false, true))
                        let children = document.childNodes(of: node)
                        for pair in stride(from: children.endIndex - 2, through: children.startIndex, by: -2) {
                            stack.append((children[pair + 1], false, false))
                            stack.append((children[pair], true, false))
                        }
                    }
                }
            }
        }
    }

    /// Runs `body` with a configured emitter and returns what it emitted.
    private static func withEmitter(
        _ body: (UnsafeMutablePointer<yaml_emitter_t>) throws -> Void
    ) throws -> String {
        let sink = Sink()
        let emitter = UnsafeMutablePointer<yaml_emitter_t>.allocate(capacity: 1)
        defer { emitter.deallocate() }
        guard yaml_emitter_initialize(emitter) == 1 else {
            throw YAMLWriteError(message: "libyaml could not allocate an emitter")
        }
        defer { yaml_emitter_delete(emitter) }
        try withExtendedLifetime(sink) {
            yaml_emitter_set_output(
                emitter,
                { context, buffer, size in
                    guard let context, let buffer else { return 0 }
                    let sink = Unmanaged<Sink>.fromOpaque(context).takeUnretainedValue()
                    sink.bytes.append(contentsOf: UnsafeBufferPointer(start: buffer, count: size))
                    return 1
                },
                Unmanaged.passUnretained(sink).toOpaque())
            yaml_emitter_set_width(emitter, -1)
            yaml_emitter_set_unicode(emitter, 1)
            yaml_emitter_set_indent(emitter, 2)
            try body(emitter)
            guard yaml_emitter_flush(emitter) == 1 else { throw problem(emitter) }
        }
        return String(decoding: sink.bytes, as: UTF8.self)
    }

    /// Emits the stream and document start, `body`'s events, then the document and stream end.
    private static func emitDocument(
        _ emitter: UnsafeMutablePointer<yaml_emitter_t>, _ body: () throws -> Void
    ) throws {
        var event = yaml_event_t()
        yaml_stream_start_event_initialize(&event, YAML_UTF8_ENCODING)
        try emit(&event, emitter)
        yaml_document_start_event_initialize(&event, nil, nil, nil, 1)
        try emit(&event, emitter)
        try body()
        yaml_document_end_event_initialize(&event, 1)
        try emit(&event, emitter)
        yaml_stream_end_event_initialize(&event)
        try emit(&event, emitter)
    }

    private static func emitAll(_ root: YAMLOutput, to emitter: UnsafeMutablePointer<yaml_emitter_t>) throws {
        try emitDocument(emitter) { try emitTree(root, to: emitter) }
    }

    private static func emitTree(_ root: YAMLOutput, to emitter: UnsafeMutablePointer<yaml_emitter_t>) throws {
        var event = yaml_event_t()
        var stack: [Step] = [.value(root, tag: nil)]
        while let step = stack.popLast() {
            switch step {
            case .key(let key):
                try scalar(key, tag: nil, style: ScalarQuoting.style(for: key, allowLiteral: false), emitter)
            case .end(let isMapping):
                if isMapping {
                    yaml_mapping_end_event_initialize(&event)
                } else {
                    yaml_sequence_end_event_initialize(&event)
                }
                try emit(&event, emitter)
            case .value(let node, let tag):
                switch node {
                case .string(let text):
                    try scalar(text, tag: tag, style: ScalarQuoting.style(for: text, allowLiteral: true), emitter)
                case .plain(let text):
                    try scalar(text, tag: tag, style: .plain, emitter)
                case .sequence(let items):
                    let status = try withTag(tag) { tag in
                        yaml_sequence_start_event_initialize(
                            &event, nil, tag, tag == nil ? 1 : 0, YAML_BLOCK_SEQUENCE_STYLE)
                    }
                    guard status == 1 else { throw YAMLWriteError(message: "libyaml could not start a sequence") }
                    try emit(&event, emitter)
                    stack.append(.end(isMapping: false))
                    for item in items.reversed() { stack.append(.value(item, tag: nil)) }
                case .mapping(let pairs):
                    let status = try withTag(tag) { tag in
                        yaml_mapping_start_event_initialize(
                            &event, nil, tag, tag == nil ? 1 : 0, YAML_BLOCK_MAPPING_STYLE)
                    }
                    guard status == 1 else { throw YAMLWriteError(message: "libyaml could not start a mapping") }
                    try emit(&event, emitter)
                    stack.append(.end(isMapping: true))
                    for (key, value) in pairs.reversed() {
                        stack.append(.value(value, tag: nil))
                        stack.append(.key(key))
                    }
                case .tagged(let newTag, let inner):
                    guard tag == nil else {
                        throw YAMLWriteError(
                            message: "a node can carry only one tag, got \(newTag) inside \(tag ?? "")")
                    }
                    stack.append(.value(inner, tag: newTag))
                }
            }
        }
    }

    private static func scalar(
        _ text: String, tag: String?, style: ScalarQuoting.Style, _ emitter: UnsafeMutablePointer<yaml_emitter_t>
    ) throws {
        let libyamlStyle: yaml_scalar_style_t =
            switch style {
            case .plain: YAML_PLAIN_SCALAR_STYLE
            case .doubleQuoted: YAML_DOUBLE_QUOTED_SCALAR_STYLE
            case .literal: YAML_LITERAL_SCALAR_STYLE
            }
        var event = yaml_event_t()
        var value = Array(text.utf8)
        guard let length = Int32(exactly: value.count) else {
            throw YAMLWriteError(message: "a scalar of \(value.count) bytes is too long to emit")
        }
        value.append(0)
        let implicit: Int32 = tag == nil ? 1 : 0
        let status = try withTag(tag) { tag in
            value.withUnsafeBufferPointer { buffer in
                yaml_scalar_event_initialize(
                    &event, nil, tag, buffer.baseAddress, length, implicit, implicit, libyamlStyle)
            }
        }
        guard status == 1 else { throw YAMLWriteError(message: "libyaml could not create a scalar event") }
        try emit(&event, emitter)
    }

    /// Runs `body` with the tag as a NUL-terminated C string (nil when untagged).
    private static func withTag<Result>(_ tag: String?, _ body: (UnsafePointer<UInt8>?) -> Result) throws -> Result {
        guard let tag else { return body(nil) }
        guard !tag.isEmpty, !tag.utf8.contains(0) else {
            throw YAMLWriteError(message: "invalid tag \(GoQuote.quote(tag))")
        }
        let bytes = Array(tag.utf8) + [0]
        return bytes.withUnsafeBufferPointer { body($0.baseAddress) }
    }

    /// Hands the event to libyaml, which takes ownership of it even when it fails.
    private static func emit(_ event: inout yaml_event_t, _ emitter: UnsafeMutablePointer<yaml_emitter_t>) throws {
        guard yaml_emitter_emit(emitter, &event) == 1 else { throw problem(emitter) }
    }

    private static func problem(_ emitter: UnsafeMutablePointer<yaml_emitter_t>) -> YAMLWriteError {
        let text = emitter.pointee.problem.map { String(cString: $0) } ?? "unknown emitter error"
        return YAMLWriteError(message: "libyaml could not emit the YAML: \(text)")
    }
}
