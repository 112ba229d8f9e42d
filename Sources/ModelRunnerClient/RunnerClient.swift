import AsyncHTTPClient
import FoundationEssentials
import ModelBindSupport
import NIOCore
import NIOHTTP1
import RunnerEndpoints

/// A client for Docker Model Runner's management API (presence, pull, configure) over TCP or a unix socket.
///
/// It owns an `HTTPClient` configured for a local runner: connection failures are reported at once
/// (no silent connection retries; the ``Provisioner`` decides about retrying), no redirects, no
/// decompression. Call ``shutdown()`` when done, or use ``withClient(endpoint:connectTimeout:_:)``.
/// No `Origin` header is ever sent (DMR answers 403 to origins it does not know); over a unix
/// socket every request carries `Host: localhost`.
public final class RunnerClient: Sendable {
    /// Where requests go.
    public let endpoint: RunnerEndpoint
    /// Deadline for the short calls (presence, configure, read-back).
    public let requestTimeout: Duration
    let http: HTTPClient

    /// Creates a client with its own connection pool; call ``shutdown()`` when done.
    public init(
        endpoint: RunnerEndpoint, connectTimeout: Duration = .seconds(5), requestTimeout: Duration = .seconds(30)
    ) {
        self.endpoint = endpoint
        self.requestTimeout = requestTimeout
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(connect: .nanoseconds(RunnerClient.nanoseconds(connectTimeout)), read: nil),
            decompression: .disabled
        )
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.httpVersion = .http1Only
        self.http = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }

    /// Runs `body` with a client and shuts the client down afterwards, also when `body` throws.
    public static func withClient<Result: Sendable>(
        endpoint: RunnerEndpoint,
        connectTimeout: Duration = .seconds(5),
        _ body: (RunnerClient) async throws -> Result
    ) async throws -> Result {
        let client = RunnerClient(endpoint: endpoint, connectTimeout: connectTimeout)
        do {
            let result = try await body(client)
            try await client.shutdown()
            return result
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    /// Closes the connections; the client cannot be used afterwards.
    public func shutdown() async throws {
        try await http.shutdown()
    }

    // MARK: - Presence

    /// Whether the runner has the model: `GET /models/{reference}`, 200 present, 404 absent.
    ///
    /// - Throws: ``ModelPresenceError`` for anything else (unreachable, 503, other statuses).
    public func isPresent(_ reference: String) async throws -> Bool {
        try await inspect(reference) != nil
    }

    /// The runner's record of a model (`GET /models/{reference}`), or `nil` when it answers 404.
    ///
    /// The reference goes into the path as written (slashes and colons kept); the runner normalises it.
    /// - Throws: ``ModelPresenceError`` for anything but 200 and 404.
    public func inspect(_ reference: String) async throws -> RunnerModelInfo? {
        let path = "/models/" + PercentEncoding.encode(reference, keeping: PercentEncoding.pathKeeps)
        let request = makeRequest(path: path, method: .GET)
        let (status, body): (Int, String)
        do {
            (status, body) = try await send(request)
        } catch let error as TransportFailure {
            throw ModelPresenceError(
                kind: error.kind, model: reference, endpoint: endpoint.description, body: error.reason)
        }
        switch status {
        case 200:
            return (try? JSONDecoder().decode(RunnerModelInfo.self, from: Data(body.utf8))) ?? RunnerModelInfo()
        case 404: return nil
        case 503:
            throw ModelPresenceError(
                kind: .runnerNotRunning, model: reference, endpoint: endpoint.description, status: status, body: body)
        default:
            throw ModelPresenceError(
                kind: .httpStatus, model: reference, endpoint: endpoint.description, status: status, body: body)
        }
    }

    // MARK: - Pull

    /// Pulls a model: `POST /models/create` with `Accept: application/json`, the body read as a stream of lines.
    ///
    /// Succeeds only on a `success` line. An `error` line, a stream that ends without `success`, a
    /// broken connection, an over-long line, or no bytes for `stallTimeout` fail with ``PullError``
    /// carrying the runner's own words (trailing plain-text lines included). Cancelling the calling
    /// task cancels the request, which closes the connection and makes the runner stop the pull.
    ///
    /// - Parameters:
    ///   - reference: the model reference, as written in the compose file.
    ///   - stallTimeout: fail when no byte arrives for this long once the stream has started (before its
    ///     first byte the runner may be holding the pull for a slot); `nil` waits forever.
    ///   - maximumLineLength: the decoder's line bound.
    ///   - onUpdate: called with progress as it arrives.
    public func pull(
        _ reference: String,
        stallTimeout: Duration? = .seconds(60),
        maximumLineLength: Int = ProgressStreamDecoder.defaultMaximumLineLength,
        onUpdate: @escaping @Sendable (PullUpdate) -> Void = { _ in }
    ) async throws -> PullResult {
        var pullRequest = makeRequest(path: "/models/create", method: .POST)
        pullRequest.headers.replaceOrAdd(name: "Accept", value: "application/json")
        pullRequest.headers.replaceOrAdd(name: "Content-Type", value: "application/json")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let body = try encoder.encode(["from": reference])
        pullRequest.body = .bytes(ByteBuffer(bytes: body))
        let request = pullRequest

        guard let stallTimeout else {
            return try await streamPull(
                request, reference: reference, lineLimit: maximumLineLength, activity: nil, onUpdate)
        }
        let activity = ActivityClock()
        return try await withThrowingTaskGroup(of: PullResult?.self) { group in
            group.addTask {
                try await self.streamPull(
                    request, reference: reference, lineLimit: maximumLineLength, activity: activity, onUpdate)
            }
            group.addTask {
                try await activity.watch(stallTimeout: stallTimeout)
                throw PullError(
                    kind: .stalled, model: reference, endpoint: self.endpoint.description,
                    body: "no data from the runner for \(Self.seconds(stallTimeout)) (--stall-timeout)",
                    streamStarted: activity.sawBytes)
            }
            defer { group.cancelAll() }
            while let next = try await group.next() {
                if let result = next { return result }
            }
            throw CancellationError()
        }
    }

    private func streamPull(
        _ request: HTTPClientRequest,
        reference: String,
        lineLimit: Int,
        activity: ActivityClock?,
        _ onUpdate: @escaping @Sendable (PullUpdate) -> Void
    ) async throws -> PullResult {
        let endpointText = endpoint.description
        let response: HTTPClientResponse
        do {
            response = try await http.execute(request, deadline: .distantFuture)
        } catch {
            if Task.isCancelled { throw CancellationError() }
            throw PullError(
                kind: .unreachable, model: reference, endpoint: endpointText, body: RunnerErrorText.reason(for: error))
        }
        activity?.touch(bytes: false)
        let status = Int(response.status.code)
        guard status == 200 else {
            let text = await Self.collect(response.body)
            throw PullError(
                kind: status == 503 ? .runnerNotRunning : .httpStatus, model: reference, endpoint: endpointText,
                status: status, body: text)
        }
        let contentType = response.headers.first(name: "Content-Type") ?? ""
        if contentType.lowercased().hasPrefix("text/html") {
            // A captive portal, a proxy's login page or another web server: not a runner, and retrying will not help.
            let page = await Self.collect(response.body)
            throw PullError(
                kind: .invalidResponse, model: reference, endpoint: endpointText, status: 200,
                body: "the server at \(endpointText) answered with an HTML page (Content-Type: \(contentType)), "
                    + "not a progress stream; check that --runner or MODEL_RUNNER_HOST points at Docker Model Runner"
                    + " (page: \(RunnerErrorText.quote(page)))")
        }
        var decoder = ProgressStreamDecoder(
            maximumLineLength: lineLimit, htmlEscaped: !contentType.lowercased().hasPrefix("application/json"))
        var state = PullStreamState()
        do {
            for try await chunk in response.body {
                activity?.touch(bytes: true)
                state.streamStarted = true
                let events = try decoder.feed(chunk.readableBytesView)
                for event in events { state.apply(event, onUpdate) }
                if state.success != nil { break }
            }
            if state.success == nil {
                for event in decoder.finish() { state.apply(event, onUpdate) }
                if let failure = decoder.failure, state.errorMessage == nil { throw failure }
            }
        } catch let error as ProgressStreamError {
            // An `error` line before the over-long one is the runner's own explanation: report that instead.
            if state.errorMessage == nil {
                throw PullError(
                    kind: .lineTooLong, model: reference, endpoint: endpointText, status: 200, body: error.description,
                    trailingText: state.text, streamStarted: true)
            }
        } catch {
            if Task.isCancelled { throw CancellationError() }
            if state.success == nil, state.errorMessage == nil {
                throw PullError(
                    kind: .streamInterrupted, model: reference, endpoint: endpointText, status: 200,
                    body: RunnerErrorText.reason(for: error), trailingText: state.text,
                    streamStarted: state.streamStarted)
            }
        }
        if let errorMessage = state.errorMessage {
            throw PullError(
                kind: .streamError, model: reference, endpoint: endpointText, status: 200, body: errorMessage,
                trailingText: state.text, streamStarted: true)
        }
        guard let success = state.success else {
            throw PullError(
                kind: .streamIncomplete, model: reference, endpoint: endpointText, status: 200,
                body: "the stream ended without a success line", trailingText: state.text,
                streamStarted: state.streamStarted)
        }
        return PullResult(
            message: success, totalBytes: state.total, receivedBytes: state.done, warnings: state.warnings,
            ignoredLines: state.text)
    }

    // MARK: - Configure

    /// Sends `POST /engines/_configure` (or `/engines/{backend}/_configure`); success is 202.
    ///
    /// - Throws: ``ConfigureError``: `.busy` for 409, `.httpStatus` with the runner's text for 500 and others.
    public func configure(_ configuration: ConfigureRequest, backend: String? = nil) async throws {
        let path =
            if let backend, !backend.isEmpty {
                "/engines/" + PercentEncoding.encode(backend, keeping: "") + "/_configure"
            } else {
                "/engines/_configure"
            }
        var request = makeRequest(path: path, method: .POST)
        request.headers.replaceOrAdd(name: "Content-Type", value: "application/json")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        request.body = .bytes(ByteBuffer(bytes: try encoder.encode(configuration)))
        let (status, body): (Int, String)
        do {
            (status, body) = try await send(request)
        } catch let error as TransportFailure {
            throw ConfigureError(
                kind: error.kind, model: configuration.model, endpoint: endpoint.description, body: error.reason)
        }
        switch status {
        case 200..<300: return
        case 409:
            throw ConfigureError(
                kind: .busy, model: configuration.model, endpoint: endpoint.description, status: 409, body: body)
        case 503:
            throw ConfigureError(
                kind: .runnerNotRunning, model: configuration.model, endpoint: endpoint.description, status: 503,
                body: body)
        default:
            throw ConfigureError(
                kind: .httpStatus, model: configuration.model, endpoint: endpoint.description, status: status,
                body: body)
        }
    }

    /// Reads back what the runner holds: `GET /engines/_configure?model=<reference>`.
    public func configurations(for reference: String) async throws -> [RunnerModelConfiguration] {
        let query = PercentEncoding.encode(reference, keeping: PercentEncoding.queryValueKeeps)
        let request = makeRequest(path: "/engines/_configure?model=" + query, method: .GET)
        let (status, body): (Int, String)
        do {
            (status, body) = try await send(request)
        } catch let error as TransportFailure {
            throw ConfigureError(kind: error.kind, model: reference, endpoint: endpoint.description, body: error.reason)
        }
        guard status == 200 else {
            throw ConfigureError(
                kind: status == 503 ? .runnerNotRunning : .httpStatus, model: reference, endpoint: endpoint.description,
                status: status, body: body)
        }
        let trimmed = PercentEncoding.trim(body)
        if trimmed.isEmpty || trimmed == "null" { return [] }
        do {
            return try JSONDecoder().decode([RunnerModelConfiguration].self, from: Data(trimmed.utf8))
        } catch {
            throw ConfigureError(
                kind: .invalidResponse, model: reference, endpoint: endpoint.description, status: status, body: body)
        }
    }

    // MARK: - Plumbing

    func makeRequest(path: String, method: HTTPMethod) -> HTTPClientRequest {
        var request = HTTPClientRequest(url: endpoint.requestURL(path: path))
        request.method = method
        request.headers.replaceOrAdd(name: "User-Agent", value: "modelbind")
        if endpoint.isUnixSocket {
            request.headers.replaceOrAdd(name: "Host", value: "localhost")
        }
        return request
    }

    /// A transport-level failure before any status arrived.
    struct TransportFailure: Error {
        var kind: RunnerErrorKind
        var reason: String
    }

    /// Sends a short request and reads its whole (bounded) body.
    func send(_ request: HTTPClientRequest) async throws -> (Int, String) {
        let response: HTTPClientResponse
        do {
            response = try await http.execute(request, timeout: .nanoseconds(Self.nanoseconds(requestTimeout)))
        } catch {
            if Task.isCancelled { throw CancellationError() }
            if let error = error as? HTTPClientError, error == .deadlineExceeded {
                throw TransportFailure(kind: .stalled, reason: "no answer within \(Self.seconds(requestTimeout))")
            }
            throw TransportFailure(kind: .unreachable, reason: RunnerErrorText.reason(for: error))
        }
        return (Int(response.status.code), await Self.collect(response.body))
    }

    /// Up to 64 KiB of a body as text; a body cut short yields what arrived.
    static func collect(_ body: HTTPClientResponse.Body) async -> String {
        var bytes: [UInt8] = []
        do {
            for try await chunk in body {
                bytes.append(contentsOf: chunk.readableBytesView.prefix(65_536 - bytes.count))
                if bytes.count >= 65_536 { break }
            }
        } catch {
            // Keep what arrived: a status with a partial body still says more than nothing.
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The duration in whole nanoseconds, saturating.
    static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        let (product, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        return overflow ? Int64.max : product &+ attoseconds / 1_000_000_000
    }

    package static func seconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let milliseconds = attoseconds / 1_000_000_000_000_000
        guard milliseconds != 0 else { return "\(seconds)s" }
        let digits = String(milliseconds)
        return "\(seconds)." + String(repeating: "0", count: max(0, 3 - digits.count)) + digits + "s"
    }
}
