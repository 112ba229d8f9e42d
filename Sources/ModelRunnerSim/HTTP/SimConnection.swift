import NIOCore
import NIOHTTP1

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Serves one accepted connection: reads requests, routes them one at a time, and cancels the request in progress
/// when the client goes away (that is how a queued or streaming pull learns of a disconnect).
struct SimConnection: Sendable {
    typealias AsyncConnection = NIOAsyncChannel<HTTPServerRequestPart, ByteBuffer>

    enum Inbound: Sendable {
        case request(SimHTTPRequest)
        case malformed
    }

    /// What the router wants done with the connection after a response.
    enum Disposition: Sendable {
        case keepAlive
        case close
    }

    let connection: AsyncConnection
    let id: Int
    let state: SimState
    let router: SimRouter

    /// The largest request body read; bigger bodies are cut here (DMR refuses anything over 10 MiB anyway).
    static let maximumBodySize = 16 * 1_048_576

    func serve() async {
        let channel = connection.channel
        state.record(.connectionOpened, connection: id)
        defer {
            state.unregister(connection: id)
            state.record(.connectionClosed, connection: id)
        }
        try? await connection.executeThenClose { inbound, outbound in
            let writer = GoResponseWriter(outbound: outbound, channel: channel)
            let (requests, continuation) = AsyncStream.makeStream(of: Inbound.self)
            await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    await process(requests, writer: writer, channel: channel)
                }
                let ending = await read(inbound, into: continuation)
                continuation.finish()
                if ending != .malformedRequest {
                    // The peer closed, reset the connection, or we did: whatever is still running has nobody
                    // to talk to. (A client that closes with unread bytes makes the kernel send a reset, which
                    // arrives as a read error, not as a clean end.)
                    group.cancelAll()
                }
            }
        }
    }

    /// How reading a connection ended.
    private enum ReadEnding: Equatable {
        /// The peer closed, or the connection failed (reset, I/O error).
        case closed
        /// The HTTP parser failed: a 400 must still go out before closing.
        case malformedRequest
    }

    /// Assembles request parts into requests until the connection ends.
    private func read(
        _ inbound: NIOAsyncChannelInboundStream<HTTPServerRequestPart>,
        into continuation: AsyncStream<Inbound>.Continuation
    ) async -> ReadEnding {
        var head: HTTPRequestHead?
        var body: [UInt8] = []
        do {
            for try await part in inbound {
                switch part {
                case .head(let value):
                    head = value
                    body = []
                case .body(let buffer):
                    if body.count < Self.maximumBodySize { body.append(contentsOf: buffer.readableBytesView) }
                case .end:
                    if let value = head {
                        continuation.yield(.request(SimHTTPRequest(head: value, body: body, connectionID: id)))
                    }
                    head = nil
                    body = []
                }
            }
            return .closed
        } catch is HTTPParserError {
            continuation.yield(.malformed)
            return .malformedRequest
        } catch {
            return .closed
        }
    }

    private func process(_ requests: AsyncStream<Inbound>, writer: GoResponseWriter, channel: any Channel) async {
        for await item in requests {
            switch item {
            case .malformed:
                try? await writer.goBadRequest(reason: nil)
                try? await channel.close()
                return
            case .request(let request):
                let recorded = RecordedRequest(
                    method: request.method, uri: request.head.uri,
                    headers: request.head.headers.map { (name: $0.name, value: $0.value) }, body: request.body,
                    time: Date(), connectionID: id, sequence: 0)
                _ = state.record(request: recorded)
                let disposition: Disposition
                do {
                    var requestWriter = writer
                    requestWriter.clientWantsClose = request.wantsClose
                    requestWriter.isHTTP10 = request.isHTTP10
                    requestWriter.isHead = request.method == "HEAD"
                    disposition = try await router.handle(request, writer: requestWriter)
                } catch {
                    disposition = .close
                }
                if Task.isCancelled { return }
                // Over HTTP/1.0 a body without Content-Length ends with the connection, so it always closes.
                if disposition == .close || request.wantsClose || request.isHTTP10 {
                    try? await channel.close()
                    return
                }
            }
        }
    }
}
