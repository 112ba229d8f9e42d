import ModelRunnerSim
import NIOCore
import NIOPosix

/// A raw HTTP/1.1 client for tests: it sends exactly the bytes given and parses the response itself, so tests can
/// see status lines, header order, chunk boundaries and closed connections as they are on the wire.
struct RawHTTPConnection: ~Copyable {
    typealias Channel = NIOAsyncChannel<ByteBuffer, ByteBuffer>

    var iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    var buffer: [UInt8] = []
    var reachedEOF = false

    /// A parsed response head.
    struct Head: Equatable {
        var status: Int
        var reason: String
        var headers: [(String, String)]

        static func == (lhs: Head, rhs: Head) -> Bool {
            lhs.status == rhs.status && lhs.reason == rhs.reason && lhs.headers.map(\.0) == rhs.headers.map(\.0)
                && lhs.headers.map(\.1) == rhs.headers.map(\.1)
        }

        func header(_ name: String) -> String? {
            headers.first { $0.0.lowercased() == name.lowercased() }?.1
        }
    }

    /// A whole response.
    struct Response {
        var head: Head
        var body: [UInt8]
        /// The chunks as sent (empty for a Content-Length body).
        var chunks: [[UInt8]]
        /// Whether a chunked body ended with its terminator (false when the server closed mid-body).
        var complete: Bool

        var text: String { String(decoding: body, as: UTF8.self) }
        var lines: [String] { text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init) }
    }

    /// Connects, runs `body`, and closes.
    static func with<T: Sendable>(
        _ address: SimBoundAddress, _ body: (inout RawHTTPConnection) async throws -> T
    ) async throws -> T {
        let bootstrap = ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
        let initializer: @Sendable (any NIOCore.Channel) -> EventLoopFuture<Channel> = { channel in
            channel.eventLoop.makeCompletedFuture { try Channel(wrappingChannelSynchronously: channel) }
        }
        let channel: Channel
        switch address {
        case .tcp(let host, let port):
            channel = try await bootstrap.connect(host: host, port: port, channelInitializer: initializer)
        case .unix(let path):
            channel = try await bootstrap.connect(unixDomainSocketPath: path, channelInitializer: initializer)
        }
        return try await channel.executeThenClose { inbound, outbound in
            var connection = RawHTTPConnection(iterator: inbound.makeAsyncIterator(), outbound: outbound)
            return try await body(&connection)
        }
    }

    /// Sends raw text.
    func send(_ text: String) async throws {
        try await outbound.write(ByteBuffer(string: text))
    }

    /// Sends a request with `Host: localhost` (unless `host` is nil) and a body with Content-Length.
    func request(
        _ method: String, _ path: String, headers: [(String, String)] = [], body: String = "",
        host: String? = "localhost"
    ) async throws {
        var text = "\(method) \(path) HTTP/1.1\r\n"
        if let host { text += "Host: \(host)\r\n" }
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        if !body.isEmpty || method == "POST" { text += "Content-Length: \(body.utf8.count)\r\n" }
        text += "\r\n" + body
        try await send(text)
    }

    /// Reads more bytes; returns false at end of stream.
    mutating func fill() async throws -> Bool {
        guard !reachedEOF else { return false }
        guard let next = try await iterator.next() else {
            reachedEOF = true
            return false
        }
        buffer.append(contentsOf: next.readableBytesView)
        return true
    }

    /// Reads up to and including CRLF; nil at end of stream.
    mutating func readCRLFLine() async throws -> String? {
        while true {
            if let index = buffer.indices.dropLast().first(where: { buffer[$0] == 13 && buffer[$0 + 1] == 10 }) {
                let line = String(decoding: buffer[..<index], as: UTF8.self)
                buffer.removeSubrange(...(index + 1))
                return line
            }
            guard try await fill() else { return nil }
        }
    }

    mutating func readExactly(_ count: Int) async throws -> [UInt8]? {
        while buffer.count < count {
            guard try await fill() else { return nil }
        }
        defer { buffer.removeSubrange(..<count) }
        return Array(buffer[..<count])
    }

    /// Reads a response head; nil when the server closed without one.
    mutating func readHead() async throws -> Head? {
        guard let statusLine = try await readCRLFLine() else { return nil }
        let parts = statusLine.split(separator: " ", maxSplits: 2).map(String.init)
        guard parts.count >= 2, let status = Int(parts[1]) else { return nil }
        var headers: [(String, String)] = []
        while let line = try await readCRLFLine(), !line.isEmpty {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers.append((String(line[..<colon]), String(line[line.index(after: colon)...].drop { $0 == " " })))
        }
        return Head(status: status, reason: parts.count > 2 ? parts[2] : "", headers: headers)
    }

    /// Reads one chunk of a chunked body; `nil` at the terminator; throws `EndOfStream` if the server closed.
    mutating func readChunk() async throws -> [UInt8]? {
        guard let sizeLine = try await readCRLFLine(), let size = Int(sizeLine, radix: 16) else { throw EndOfStream() }
        if size == 0 {
            _ = try await readCRLFLine()
            return nil
        }
        guard let data = try await readExactly(size), try await readExactly(2) != nil else { throw EndOfStream() }
        return data
    }

    /// Reads a whole response (Content-Length, chunked, or until close).
    mutating func readResponse() async throws -> Response? {
        guard let head = try await readHead() else { return nil }
        return try await readBody(after: head)
    }

    mutating func readBody(after head: Head) async throws -> Response {
        // These statuses never have a body, whatever the headers say.
        if head.status == 204 || head.status == 304 || (100..<200).contains(head.status) {
            return Response(head: head, body: [], chunks: [], complete: true)
        }
        if head.header("Transfer-Encoding") == "chunked" {
            var chunks: [[UInt8]] = []
            do {
                while let chunk = try await readChunk() { chunks.append(chunk) }
                return Response(head: head, body: chunks.flatMap { $0 }, chunks: chunks, complete: true)
            } catch is EndOfStream {
                return Response(head: head, body: chunks.flatMap { $0 }, chunks: chunks, complete: false)
            }
        }
        if let length = head.header("Content-Length").flatMap(Int.init) {
            let body = try await readExactly(length) ?? []
            return Response(head: head, body: body, chunks: [], complete: true)
        }
        while try await fill() {}
        defer { buffer.removeAll() }
        return Response(head: head, body: buffer, chunks: [], complete: true)
    }

    /// Whether the server closed the connection (reads until end of stream).
    mutating func serverClosed() async throws -> Bool {
        while try await fill() {}
        return reachedEOF
    }

    struct EndOfStream: Error {}
}
