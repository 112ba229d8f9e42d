import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// A web server that is not a model runner: every request gets the same answer (status, content
/// type, body), and every request line is recorded, so a test can count what a client sent.
final class CannedHTTPServer: Sendable {
    struct Answer: Sendable {
        var status: Int
        var contentType: String
        var body: String
    }

    private let channel: any Channel
    private let log: RequestLog
    let port: Int

    var url: String { "http://127.0.0.1:\(port)" }
    /// `METHOD /path` of every request so far.
    var requests: [String] { log.lines.withLock { $0 } }

    private init(channel: any Channel, log: RequestLog, port: Int) {
        self.channel = channel
        self.log = log
        self.port = port
    }

    static func start(answering answer: Answer) async throws -> CannedHTTPServer {
        let log = RequestLog()
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(CannedHandler(answer: answer, log: log))
                }
            }
            .bind(host: "127.0.0.1", port: 0)
            .get()
        return CannedHTTPServer(channel: channel, log: log, port: channel.localAddress?.port ?? 0)
    }

    func shutdown() async {
        try? await channel.close()
    }
}

final class RequestLog: Sendable {
    let lines = Mutex<[String]>([])
}

private final class CannedHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    let answer: CannedHTTPServer.Answer
    let log: RequestLog

    init(answer: CannedHTTPServer.Answer, log: RequestLog) {
        self.answer = answer
        self.log = log
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            log.lines.withLock { $0.append("\(head.method.rawValue) \(head.uri)") }
        case .body:
            break
        case .end:
            var headers = HTTPHeaders()
            headers.add(name: "Content-Type", value: answer.contentType)
            headers.add(name: "Content-Length", value: String(answer.body.utf8.count))
            let head = HTTPResponseHead(
                version: .http1_1, status: HTTPResponseStatus(statusCode: answer.status), headers: headers)
            context.write(wrapOutboundOut(.head(head)), promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: answer.body)))), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        }
    }
}
