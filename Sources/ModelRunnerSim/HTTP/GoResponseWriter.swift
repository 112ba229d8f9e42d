import NIOCore

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Writes HTTP/1.1 responses byte-for-byte the way Go's `net/http` server does.
///
/// Handler headers go out sorted by name, then Go's own: `Date`, `Content-Length` (bodies up to 2048 bytes written
/// at once), a sniffed `Content-Type`, `Connection`, `Transfer-Encoding: chunked`. Each ``writeChunk(_:)`` is
/// flushed as its own chunk, as DMR flushes every progress line.
struct GoResponseWriter: Sendable {
    let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    let channel: any Channel
    /// Set per request when the client sent `Connection: close`: Go then answers `Connection: close`.
    var clientWantsClose = false
    /// Set per request for HTTP/1.0: Go answers `HTTP/1.0`, never chunks (the body ends when the connection
    /// closes) and adds no `Connection` header.
    var isHTTP10 = false
    /// Set per request for `HEAD`: Go sends the head it would send for `GET` but no body.
    var isHead = false
    /// Headers a middleware set before the handler ran (DMR's CORS middleware sets
    /// `Access-Control-Allow-Origin`); they go out with every response, `http.Error` ones included.
    var presetHeaders: [(String, String)] = []
    /// Runs just before the bytes that complete a response go out. Go's server writes those after
    /// the handler has returned, so the handler's deferred clean-up (DMR's pull releases its
    /// concurrency slot there) has run before a client can see the response end; a handler sets
    /// this to do the same.
    var beforeCompletion: (@Sendable () -> Void)?

    /// Go's `bufferBeforeChunkingSize`: bodies larger than this are sent chunked.
    static let bufferBeforeChunking = 2048

    static func reasonPhrase(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 201: "Created"
        case 202: "Accepted"
        case 204: "No Content"
        case 307: "Temporary Redirect"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 409: "Conflict"
        case 412: "Precondition Failed"
        case 413: "Request Entity Too Large"
        case 422: "Unprocessable Entity"
        case 500: "Internal Server Error"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        default: "status code \(status)"
        }
    }

    /// The `Date` header value for now.
    static func httpDate() -> String {
        GoFormat.httpDate(secondsSince1970: Int64(Date().timeIntervalSince1970.rounded(.down)))
    }

    /// Writes a status line and headers; `chunked` appends `Transfer-Encoding: chunked` as Go's own header.
    /// `sniffedContentType` is a `Content-Type` Go adds itself because the handler set none.
    func writeHead(
        status: Int, headers: [(String, String)], contentLength: Int? = nil, chunked: Bool = false,
        close: Bool = false, sniffedContentType: String? = nil
    ) async throws {
        var text = "HTTP/1.\(isHTTP10 ? 0 : 1) \(status) \(Self.reasonPhrase(status))\r\n"
        let all = (presetHeaders + headers).sorted { $0.0 < $1.0 }
        for (name, value) in all { text += "\(name): \(value)\r\n" }
        text += "Date: \(Self.httpDate())\r\n"
        // Go sends no Content-Length for 204 (no body is allowed).
        if let contentLength, status != 204 { text += "Content-Length: \(contentLength)\r\n" }
        if let sniffedContentType { text += "Content-Type: \(sniffedContentType)\r\n" }
        if !isHTTP10, close || clientWantsClose, !all.contains(where: { $0.0 == "Connection" }) {
            text += "Connection: close\r\n"
        }
        if chunked, !isHTTP10, !isHead { text += "Transfer-Encoding: chunked\r\n" }
        text += "\r\n"
        try await writeRaw(Array(text.utf8))
    }

    /// Writes one chunk (nothing for empty data, which would end the body); raw bytes over HTTP/1.0.
    func writeChunk(_ bytes: [UInt8]) async throws {
        guard !bytes.isEmpty, !isHead else { return }
        if isHTTP10 {
            try await writeRaw(bytes)
            return
        }
        var buffer = channel.allocator.buffer(capacity: bytes.count + 12)
        buffer.writeString(String(bytes.count, radix: 16) + "\r\n")
        buffer.writeBytes(bytes)
        buffer.writeString("\r\n")
        try await outbound.write(buffer)
    }

    /// Ends a chunked body (over HTTP/1.0 the connection's close ends it).
    func endChunked() async throws {
        beforeCompletion?()
        guard !isHTTP10, !isHead else { return }
        try await writeRaw(Array("0\r\n\r\n".utf8))
    }

    /// Writes bytes as they are.
    func writeRaw(_ bytes: [UInt8]) async throws {
        try await outbound.write(channel.allocator.buffer(bytes: bytes))
    }

    /// A complete response with a body, sized as Go sizes it (Content-Length up to 2048 bytes, else chunked).
    func respond(
        status: Int, headers: [(String, String)], body: [UInt8], close: Bool = false,
        sniffedContentType: String? = nil
    ) async throws {
        if body.count <= Self.bufferBeforeChunking {
            // Go buffers a body this small and sends it, head included, when the handler returns.
            beforeCompletion?()
            try await writeHead(
                status: status, headers: headers, contentLength: body.count, close: close,
                sniffedContentType: sniffedContentType)
            if !body.isEmpty, !isHead { try await writeRaw(body) }
            return
        }
        try await writeHead(
            status: status, headers: headers, chunked: true, close: close, sniffedContentType: sniffedContentType)
        var offset = 0
        while offset < body.count {
            let end = min(body.count, offset + 4096)
            try await writeChunk(Array(body[offset..<end]))
            offset = end
        }
        try await endChunked()
    }

    /// Go's `http.Error`: `text/plain; charset=utf-8`, `X-Content-Type-Options: nosniff`, message plus `\n`.
    /// `extraHeaders` are headers the handler had already set (DMR's pull sets streaming headers first).
    func goError(
        status: Int, message: String, extraHeaders: [(String, String)] = [], chunked: Bool = false, close: Bool = false
    ) async throws {
        var headers = extraHeaders.filter { $0.0 != "Content-Type" && $0.0 != "Content-Length" }
        headers.append(("Content-Type", "text/plain; charset=utf-8"))
        headers.append(("X-Content-Type-Options", "nosniff"))
        let body = Array((message + "\n").utf8)
        if chunked {
            try await writeHead(status: status, headers: headers, chunked: true, close: close)
            try await writeChunk(body)
            try await endChunked()
        } else {
            try await respond(status: status, headers: headers, body: body, close: close)
        }
    }

    /// Go's JSON answer: `Content-Type: application/json` and the encoded value plus `\n` (`json.Encoder`).
    func json(_ text: String, status: Int = 200, close: Bool = false) async throws {
        try await respond(
            status: status, headers: [("Content-Type", "application/json")], body: Array((text + "\n").utf8),
            close: close)
    }

    /// Go's `http.Redirect` with 307, as `ServeMux` answers a path that needs a trailing slash: `Location`, and
    /// for `GET` an HTML body (`text/html` for `HEAD` too, without the body).
    func redirect(to location: String, method: String) async throws {
        var headers = [("Location", location)]
        var body: [UInt8] = []
        if method == "GET" || method == "HEAD" { headers.append(("Content-Type", "text/html; charset=utf-8")) }
        if method == "GET" {
            body = Array("<a href=\"\(HTMLEscaping.escape(location))\">Temporary Redirect</a>.\n\n".utf8)
        }
        try await respond(status: 307, headers: headers, body: body)
    }

    /// Go's answer for a request it cannot parse, written raw before closing (`400 Bad Request[: reason]`).
    func goBadRequest(reason: String?) async throws {
        let publicError = "400 Bad Request" + (reason.map { ": " + $0 } ?? "")
        let text =
            "HTTP/1.1 \(publicError)\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n\(publicError)"
        try await writeRaw(Array(text.utf8))
    }
}
