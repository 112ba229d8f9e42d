internal import CYAML

/// Runs libyaml over the input and copies its events into ``EventBatch``es. It owns the parser:
/// every libyaml call for one input happens on the thread that calls ``fill(_:)``.
final class EventProducer {
    private let parser: UnsafeMutablePointer<yaml_parser_t>
    private let event: UnsafeMutablePointer<yaml_event_t>
    private let input: UnsafeBufferPointer<UInt8>
    private let path: String
    private let isReady: Bool
    /// Set once a batch has carried the stream's end or a failure.
    private(set) var isFinished = false
    /// A position libyaml's marks name and its byte offset: marks count characters (a BOM not at
    /// all), so past the first non-ASCII character they fall behind byte offsets.
    private var syncIndex = 0
    private var syncByte: Int

    /// `input` must stay alive, unchanged, as long as the producer.
    init(input: UnsafeBufferPointer<UInt8>, path: String) {
        self.input = input
        self.path = path
        syncByte = input.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
        event = UnsafeMutablePointer<yaml_event_t>.allocate(capacity: 1)
        isReady = yaml_parser_initialize(parser) == 1
        if isReady, let base = input.baseAddress {
            yaml_parser_set_input_string(parser, base, input.count)
        }
    }

    deinit {
        if isReady { yaml_parser_delete(parser) }
        parser.deallocate()
        event.deallocate()
    }

    /// Appends events to `batch` until it is full, the stream ends, or libyaml reports a problem
    /// (the last two set `batch.ending`).
    func fill(_ batch: EventBatch) {
        guard !isFinished else { return }
        guard isReady else {
            finish(
                batch,
                .failure(
                    YAMLError(
                        kind: .syntax, message: "libyaml could not allocate a parser", path: path,
                        mark: YAMLMark(line: 1, column: 1))))
            return
        }
        // The batch's buffers are moved out for the loop: appending to a class's stored arrays
        // costs an exclusivity check per access.
        var events: [EventBatch.Event] = []
        var text: [UInt8] = []
        swap(&events, &batch.events)
        swap(&text, &batch.text)
        defer {
            swap(&events, &batch.events)
            swap(&text, &batch.text)
        }
        let eventLimit = batch.eventLimit
        let textLimit = batch.textLimit
        while events.count < eventLimit && text.count < textLimit {
            guard yaml_parser_parse(parser, event) == 1 else {
                finish(batch, .failure(LibYAMLProblem(parser: parser.pointee, input: input).error(path: path)))
                return
            }
            let type = event.pointee.type
            append(event, to: &events, text: &text)
            yaml_event_delete(event)
            if type == YAML_STREAM_END_EVENT || type == YAML_NO_EVENT {
                finish(batch, .streamEnd)
                return
            }
        }
    }

    private func finish(_ batch: EventBatch, _ ending: EventBatch.Ending) {
        batch.ending = ending
        isFinished = true
    }

    @inline(__always)
    private func append(
        _ event: UnsafeMutablePointer<yaml_event_t>, to events: inout [EventBatch.Event], text: inout [UInt8]
    ) {
        let mark = event.pointee.start_mark
        var record = EventBatch.Event(
            kind: .other, style: 0, flags: 0, line: UInt32(truncatingIfNeeded: mark.line),
            column: UInt32(truncatingIfNeeded: mark.column), valueCount: 0, inputStart: 0)
        var tag: UnsafeMutablePointer<yaml_char_t>?
        var anchor: UnsafeMutablePointer<yaml_char_t>?
        switch event.pointee.type {
        case YAML_SCALAR_EVENT:
            let scalar = event.pointee.data.scalar
            record.kind = .scalar
            record.style = UInt8(truncatingIfNeeded: scalar.style.rawValue)
            record.valueCount = UInt32(truncatingIfNeeded: scalar.length)
            if scalar.length > 0, let value = scalar.value {
                if let start = inputOffset(
                    of: value, count: scalar.length, style: scalar.style, end: event.pointee.end_mark)
                {
                    record.flags |= EventBatch.Event.valueInInput
                    record.inputStart = UInt32(truncatingIfNeeded: start)
                } else {
                    text.append(contentsOf: UnsafeBufferPointer(start: value, count: scalar.length))
                }
            }
            tag = scalar.tag
            anchor = scalar.anchor
        case YAML_ALIAS_EVENT:
            record.kind = .alias
            anchor = event.pointee.data.alias.anchor
        case YAML_SEQUENCE_START_EVENT:
            record.kind = .sequenceStart
            tag = event.pointee.data.sequence_start.tag
            anchor = event.pointee.data.sequence_start.anchor
        case YAML_MAPPING_START_EVENT:
            record.kind = .mappingStart
            tag = event.pointee.data.mapping_start.tag
            anchor = event.pointee.data.mapping_start.anchor
        case YAML_SEQUENCE_END_EVENT:
            record.kind = .sequenceEnd
        case YAML_MAPPING_END_EVENT:
            record.kind = .mappingEnd
        case YAML_DOCUMENT_START_EVENT:
            record.kind = .documentStart
        default:
            break
        }
        if let tag {
            record.flags |= EventBatch.Event.hasTag
            Self.append(tag, to: &text)
        }
        if let anchor {
            record.flags |= EventBatch.Event.hasAnchor
            Self.append(anchor, to: &text)
        }
        events.append(record)
    }

    /// Where in the input the scalar's value stands byte for byte, if it does: plain scalars and
    /// quoted ones without escapes or line folding. The value's end is found from the event's end
    /// mark (so an anchor or a tag before it does not matter); the bytes are compared, so a scalar
    /// that differs from its source in any way is copied instead.
    @inline(__always)
    private func inputOffset(
        of value: UnsafeMutablePointer<yaml_char_t>, count: Int, style: yaml_scalar_style_t, end: yaml_mark_t
    ) -> Int? {
        let quoted = style == YAML_SINGLE_QUOTED_SCALAR_STYLE || style == YAML_DOUBLE_QUOTED_SCALAR_STYLE
        guard style == YAML_PLAIN_SCALAR_STYLE || quoted, end.index >= syncIndex else { return nil }
        let closing = quoted ? 1 : 0
        // First as if every character since the last known position were one byte (ASCII).
        if let start = matchingStart(of: value, count: count, endingAt: syncByte + (end.index - syncIndex) - closing) {
            return start
        }
        guard let endByte = byteOffset(ofCharacter: end.index) else { return nil }
        return matchingStart(of: value, count: count, endingAt: endByte - closing)
    }

    /// The offset where `value` starts if the input holds it right before `end`.
    @inline(__always)
    private func matchingStart(of value: UnsafeMutablePointer<yaml_char_t>, count: Int, endingAt end: Int) -> Int? {
        let start = end - count
        guard start >= 0, end <= input.count, let base = input.baseAddress, memcmp(base + start, value, count) == 0
        else { return nil }
        return start
    }

    /// The byte offset of the character libyaml numbers `index`, walking UTF-8 sequences from the
    /// last known position (which then moves there; marks only move forward, so the walks cover
    /// the input at most once). Nil when the input ends first (it is not UTF-8, say).
    private func byteOffset(ofCharacter index: Int) -> Int? {
        var byte = syncByte
        var character = syncIndex
        while character < index && byte < input.count {
            let lead = input[byte]
            byte += lead < 0xC0 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
            character += 1
        }
        guard character == index, byte <= input.count else { return nil }
        syncIndex = character
        syncByte = byte
        return byte
    }

    /// Appends a C string (a tag or an anchor name) as its 32-bit length and its bytes.
    private static func append(_ string: UnsafeMutablePointer<yaml_char_t>, to text: inout [UInt8]) {
        let length = strlen(UnsafeRawPointer(string).assumingMemoryBound(to: CChar.self))
        withUnsafeBytes(of: UInt32(truncatingIfNeeded: length).littleEndian) { text.append(contentsOf: $0) }
        text.append(contentsOf: UnsafeBufferPointer(start: string, count: length))
    }
}
