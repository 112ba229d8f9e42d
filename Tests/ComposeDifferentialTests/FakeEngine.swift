import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// Just enough of the Docker Engine API (v1.51) on a unix socket for `docker compose create` to
/// send every container's definition: `_ping`, image and container inspection, networks, volumes,
/// `/version` and `POST /containers/create`, whose bodies it records. The paths and the smallest
/// replies Compose 2.40.3 accepts are the ones /work/research/compose/REPORT.md §2.2 lists.
final class FakeEngine: Sendable {
    /// One `POST /containers/create`: the container name and the body's `Env`, by service label.
    struct CreatedContainer: Sendable {
        var name: String
        var service: String
        var environment: [String]
    }

    struct State: Sendable {
        var containers: [String: (name: String, labels: [String: String], service: String, environment: [String])] =
            [:]
        var order: [String] = []
        var networks: [String: String] = [:]
        var volumes: Set<String> = []
        var unhandled: [String] = []
    }

    let socketPath: String
    private let recorder: Recorder
    private let channel: any Channel

    private init(socketPath: String, recorder: Recorder, channel: any Channel) {
        self.socketPath = socketPath
        self.recorder = recorder
        self.channel = channel
    }

    /// Listens on `socketPath` on the shared event loop group.
    static func start(socketPath: String) async throws -> FakeEngine {
        let recorder = Recorder()
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 64)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(EngineHandler(recorder: recorder))
                }
            }
            .bind(unixDomainSocketPath: socketPath, cleanupExistingSocketFile: true)
            .get()
        return FakeEngine(socketPath: socketPath, recorder: recorder, channel: channel)
    }

    func shutdown() async {
        try? await channel.close()
        try? FileManager.default.removeItem(atPath: socketPath)
    }

    /// The containers created so far, in creation order.
    var containers: [CreatedContainer] {
        recorder.state.withLock { state in
            state.order.compactMap { id in
                state.containers[id].map {
                    CreatedContainer(name: $0.name, service: $0.service, environment: $0.environment)
                }
            }
        }
    }

    /// Requests the fake answered with "no handler" (a sign Compose needs more of the API).
    var unhandledRequests: [String] { recorder.state.withLock { $0.unhandled } }
}

/// The state shared by every connection of one engine.
final class Recorder: Sendable {
    let state = Mutex(FakeEngine.State())
}

/// One HTTP/1.1 connection: collects a request, answers it when its end arrives.
private final class EngineHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let recorder: Recorder
    private var head: HTTPRequestHead?
    private var body = ByteBuffer()

    init(recorder: Recorder) {
        self.recorder = recorder
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            body.clear()
        case .body(var chunk):
            body.writeBuffer(&chunk)
        case .end:
            guard let head else { return }
            let reply = answer(head, body: Data(body.readableBytesView))
            respond(context: context, request: head, reply)
            self.head = nil
        }
    }

    private struct Reply {
        var status: HTTPResponseStatus
        var body: String
        var contentType = "application/json"
    }

    private func respond(context: ChannelHandlerContext, request: HTTPRequestHead, _ reply: Reply) {
        var headers = HTTPHeaders()
        headers.add(name: "Api-Version", value: "1.51")
        headers.add(name: "Ostype", value: "linux")
        headers.add(name: "Server", value: "Docker/28.5.1 (linux)")
        headers.add(name: "Content-Type", value: reply.contentType)
        headers.add(name: "Content-Length", value: String(reply.body.utf8.count))
        context.write(
            wrapOutboundOut(.head(HTTPResponseHead(version: request.version, status: reply.status, headers: headers))),
            promise: nil)
        if request.method != .HEAD, !reply.body.isEmpty {
            context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: reply.body)))), promise: nil)
        }
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }

    private static func json(_ object: Any) -> String {
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else {
            return "{}"
        }
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    private static func identifier(_ text: String) -> String {
        // 64 hex digits, stable for a text (FNV-1a, repeated with different seeds).
        var out = ""
        for seed in 0..<4 {
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325 &+ UInt64(seed)
            for byte in text.utf8 {
                hash ^= UInt64(byte)
                hash = hash &* 0x100_0000_01b3
            }
            out += String(hash, radix: 16).leftPadded(to: 16)
        }
        return out
    }

    private func answer(_ head: HTTPRequestHead, body: Data) -> Reply {
        let components = URLComponents(string: head.uri)
        var path = components?.percentEncodedPath ?? head.uri
        // Drop the `/v1.51` version prefix.
        if path.hasPrefix("/v"), let slash = path.dropFirst().firstIndex(of: "/") {
            let version = path[path.index(path.startIndex, offsetBy: 2)..<slash]
            if version.allSatisfy({ $0.isNumber || $0 == "." }) { path = String(path[slash...]) }
        }
        let parts = path.split(separator: "/", omittingEmptySubsequences: true).map {
            String($0).removingPercentEncoding ?? String($0)
        }
        let method = head.method
        let query = components?.queryItems ?? []
        let notFound = { (message: String) in Reply(status: .notFound, body: Self.json(["message": message])) }

        switch (method, parts.first, parts.count) {
        case (_, "_ping", 1):
            return Reply(status: .ok, body: "OK", contentType: "text/plain; charset=utf-8")
        case (.GET, "version", 1):
            return Reply(
                status: .ok,
                body: Self.json([
                    "Version": "28.5.1", "ApiVersion": "1.51", "MinAPIVersion": "1.24", "Os": "linux",
                    "Arch": "amd64",
                ]))
        case (.GET, "info", 1):
            return Reply(
                status: .ok,
                body: Self.json(["ID": "fake", "Name": "fake-engine", "OSType": "linux", "ServerVersion": "28.5.1"]))
        case (.GET, "images", _) where parts.last == "json" && parts.count >= 3:
            let reference = parts[1..<(parts.count - 1)].joined(separator: "/")
            return Reply(
                status: .ok,
                body: Self.json([
                    "Id": "sha256:" + Self.identifier("image:" + reference), "RepoTags": [reference],
                    "Os": "linux", "Architecture": "amd64", "Config": ["Labels": [String: String]()],
                ]))
        case (.POST, "images", 2) where parts[1] == "create":
            // `pull_policy: always` and the like: one progress line, then done.
            return Reply(status: .ok, body: Self.json(["status": "Pull complete"]))
        case (.GET, "containers", 2) where parts[1] == "json":
            return Reply(status: .ok, body: "[]\n")
        case (.POST, "containers", 2) where parts[1] == "create":
            let name = query.first { $0.name == "name" }?.value ?? ""
            let object = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:]
            let labels = object["Labels"] as? [String: String] ?? [:]
            let environment = object["Env"] as? [String] ?? []
            let id = Self.identifier("container:" + name)
            recorder.state.withLock { state in
                if state.containers[id] == nil { state.order.append(id) }
                state.containers[id] = (
                    name, labels, labels["com.docker.compose.service"] ?? name, environment
                )
            }
            return Reply(status: .created, body: Self.json(["Id": id, "Warnings": [String]()]))
        case (.GET, "containers", 3) where parts[2] == "json":
            let id = parts[1]
            guard let container = recorder.state.withLock({ $0.containers[id] }) else {
                return notFound("No such container: \(id)")
            }
            return Reply(
                status: .ok,
                body: Self.json([
                    "Id": id, "Name": "/" + container.name,
                    "State": ["Status": "created", "Running": false],
                    "Config": ["Labels": container.labels, "Env": container.environment],
                    "HostConfig": [String: String](), "NetworkSettings": ["Networks": [String: String]()],
                    "Mounts": [String](),
                ]))
        case (.GET, "networks", 1):
            let networks = recorder.state.withLock { $0.networks }
            return Reply(
                status: .ok, body: Self.json(networks.map { ["Name": $0.key, "Id": $0.value, "Driver": "bridge"] }))
        case (.POST, "networks", 2) where parts[1] == "create":
            let object = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:]
            let name = object["Name"] as? String ?? ""
            let id = Self.identifier("network:" + name)
            recorder.state.withLock { $0.networks[name] = id }
            return Reply(status: .created, body: Self.json(["Id": id, "Warning": ""]))
        case (.GET, "networks", 2):
            let name = parts[1]
            let networks = recorder.state.withLock { $0.networks }
            guard let found = networks.first(where: { $0.key == name || $0.value == name }) else {
                return notFound("network \(name) not found")
            }
            return Reply(
                status: .ok,
                body: Self.json([
                    "Name": found.key, "Id": found.value, "Driver": "bridge", "Scope": "local",
                    "Labels": [String: String](), "IPAM": ["Config": [String]()],
                ]))
        case (.POST, "networks", 3) where parts[2] == "connect":
            return Reply(status: .ok, body: "")
        case (.GET, "volumes", 1):
            let volumes = recorder.state.withLock { $0.volumes }
            return Reply(
                status: .ok,
                body: Self.json(["Volumes": volumes.sorted().map { ["Name": $0, "Driver": "local"] }, "Warnings": []]))
        case (.POST, "volumes", 2) where parts[1] == "create":
            let object = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:]
            let name = object["Name"] as? String ?? ""
            recorder.state.withLock { _ = $0.volumes.insert(name) }
            return Reply(status: .created, body: Self.json(["Name": name, "Driver": "local"]))
        case (.GET, "volumes", 2):
            let name = parts[1]
            guard recorder.state.withLock({ $0.volumes.contains(name) }) else {
                return notFound("get \(name): no such volume")
            }
            return Reply(status: .ok, body: Self.json(["Name": name, "Driver": "local", "Scope": "local"]))
        default:
            recorder.state.withLock { $0.unhandled.append("\(method) \(head.uri)") }
            return notFound("fake engine: no handler for \(method) \(path)")
        }
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
