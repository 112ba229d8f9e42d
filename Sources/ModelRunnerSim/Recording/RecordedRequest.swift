#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// One HTTP request the simulator received, as it arrived on the wire.
public struct RecordedRequest: Sendable, Equatable {
    /// The method, e.g. `POST`.
    public var method: String
    /// The request target as sent, including any query, e.g. `/engines/_configure?model=ai/x`.
    public var uri: String
    /// Header fields in arrival order (names as sent).
    public var headers: [(name: String, value: String)]
    /// The body bytes.
    public var body: [UInt8]
    /// When the request was complete.
    public var time: Date
    /// The connection it arrived on (1, 2, … in accept order).
    public var connectionID: Int
    /// Position among all recorded requests (0-based).
    public var sequence: Int

    /// The path part of ``uri`` (before `?`).
    public var path: String { String(uri.prefix { $0 != "?" }) }

    /// The body as UTF-8 text.
    public var bodyText: String { String(decoding: body, as: UTF8.self) }

    /// The value of the first header named `name` (case-insensitive), if any.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    public static func == (lhs: RecordedRequest, rhs: RecordedRequest) -> Bool {
        lhs.method == rhs.method && lhs.uri == rhs.uri && lhs.body == rhs.body && lhs.time == rhs.time
            && lhs.connectionID == rhs.connectionID && lhs.sequence == rhs.sequence
            && lhs.headers.map(\.name) == rhs.headers.map(\.name)
            && lhs.headers.map(\.value) == rhs.headers.map(\.value)
    }
}
