import FoundationEssentials
import ModelBindSupport
import RunnerEndpoints

/// Turns the bytes of a `POST /models/create` response into events, one per line.
///
/// Pure and incremental: feed it chunks as they arrive, call ``finish()`` at the end of the body.
/// Lines are bounded: a line longer than ``maximumLineLength`` bytes is an error, so a runner (or
/// anything else on the port) cannot make the client buffer without limit. Decoding is lenient:
/// unknown fields are ignored, missing or mistyped fields become `nil`, and a line that is not a
/// JSON object comes back as ``ProgressStreamEvent/text(_:)``.
public struct ProgressStreamDecoder: Sendable {
    /// 1 MiB: far above any real progress line (~200 bytes).
    public static let defaultMaximumLineLength = 1 << 20

    /// The longest line accepted, in bytes, without its newline.
    public let maximumLineLength: Int
    /// Whether lines are HTML-escaped (DMR's `text/plain` mode) and must be unescaped first.
    public let htmlEscaped: Bool
    private var pending: [UInt8] = []
    private var lineNumber = 0
    /// The over-long line that stopped decoding. ``feed(_:)`` returns the events of the lines completed
    /// before it first and throws it on the next call; callers check it after ``finish()``.
    public private(set) var failure: ProgressStreamError?

    public init(maximumLineLength: Int = ProgressStreamDecoder.defaultMaximumLineLength, htmlEscaped: Bool = false) {
        self.maximumLineLength = max(1, maximumLineLength)
        self.htmlEscaped = htmlEscaped
    }

    /// Consumes a chunk and returns the events of every line it completes.
    public mutating func feed(_ bytes: some Sequence<UInt8>) throws(ProgressStreamError) -> [ProgressStreamEvent] {
        if let failure { throw failure }
        var events: [ProgressStreamEvent] = []
        for byte in bytes {
            if byte == UInt8(ascii: "\n") {
                lineNumber += 1
                if let event = decodeLine(pending) { events.append(event) }
                pending.removeAll(keepingCapacity: pending.count <= 4096)
            } else {
                guard pending.count < maximumLineLength else {
                    // Lines completed earlier in this chunk (a `success` or `error` line) are not lost.
                    let error = ProgressStreamError.lineTooLong(limit: maximumLineLength, line: lineNumber + 1)
                    failure = error
                    if events.isEmpty { throw error }
                    return events
                }
                pending.append(byte)
            }
        }
        return events
    }

    /// Ends the stream: a final line without a newline is decoded too.
    public mutating func finish() -> [ProgressStreamEvent] {
        guard !pending.isEmpty, failure == nil else { return [] }
        lineNumber += 1
        let event = decodeLine(pending)
        pending.removeAll()
        return event.map { [$0] } ?? []
    }

    private func decodeLine(_ bytes: [UInt8]) -> ProgressStreamEvent? {
        var line = String(decoding: bytes, as: UTF8.self)
        if line.hasSuffix("\r") { line.removeLast() }
        if htmlEscaped { line = HTMLEntities.unescape(line) }
        return ProgressStreamDecoder.decode(line: line)
    }

    /// Decodes one line (without its newline); `nil` for a blank line.
    public static func decode(line: String) -> ProgressStreamEvent? {
        let trimmed = PercentEncoding.trim(line)
        guard !trimmed.isEmpty else { return nil }
        guard trimmed.hasPrefix("{"),
            let message = try? JSONDecoder().decode(WireProgressMessage.self, from: Data(trimmed.utf8))
        else {
            return .text(trimmed)
        }
        let text = message.message ?? ""
        switch message.type ?? "" {
        case "progress":
            return .progress(
                ProgressUpdate(
                    message: text,
                    total: message.total,
                    layerID: message.layer?.id,
                    layerSize: message.layer?.size,
                    layerCurrent: message.layer?.current,
                    pulled: message.pulled
                ))
        case "success": return .success(text)
        case "warning": return .warning(text)
        case "error": return .error(text)
        case let other: return .other(type: other, message: text)
        }
    }
}

/// Why a progress stream could not be read.
public enum ProgressStreamError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A line exceeded the limit; `line` is its 1-based number in the stream.
    case lineTooLong(limit: Int, line: Int)

    public var description: String {
        switch self {
        case .lineTooLong(let limit, let line):
            return
                "progress stream line \(line) is longer than the \(limit)-byte limit; the runner's answer is not a progress stream"
        }
    }
}

/// `ProgressMessage` as DMR writes it; every field optional and decoded leniently.
private struct WireProgressMessage: Decodable {
    struct Layer: Decodable {
        var id: String?
        var size: UInt64?
        var current: UInt64?

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: Key.self)
            id = try? container.decodeIfPresent(String.self, forKey: .id)
            size = try? container.decodeIfPresent(UInt64.self, forKey: .size)
            current = try? container.decodeIfPresent(UInt64.self, forKey: .current)
        }
    }

    enum Key: String, CodingKey {
        case type, message, total, layer, pulled, id, size, current
    }

    var type: String?
    var message: String?
    var total: UInt64?
    var layer: Layer?
    var pulled: UInt64?

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        type = try? container.decodeIfPresent(String.self, forKey: .type)
        message = try? container.decodeIfPresent(String.self, forKey: .message)
        total = try? container.decodeIfPresent(UInt64.self, forKey: .total)
        layer = try? container.decodeIfPresent(Layer.self, forKey: .layer)
        pulled = try? container.decodeIfPresent(UInt64.self, forKey: .pulled)
    }
}
