import AsyncHTTPClient
import FoundationEssentials
import ModelBindSupport
import NIOCore
import NIOHTTP1

/// Where OpenAI-compatible requests go: a base URL (`http://localhost:12434/engines/v1/`, what a
/// process is given), or a base path on this client's runner (for a runner on a unix socket,
/// which no URL names).
public enum OpenAIBase: Sendable, Hashable, CustomStringConvertible {
    /// An absolute `http://` or `https://` URL ending in `/`.
    case url(String)
    /// A path such as `/engines/v1/`, sent to the client's runner (with its path prefix).
    case runnerPath(String)

    public var description: String {
        switch self {
        case .url(let url): url
        case .runnerPath(let path): path
        }
    }
}

/// An OpenAI-compatible call: which one, and the body sent.
public enum OpenAICall: Sendable, Hashable {
    /// `GET models`.
    case listModels
    /// `POST chat/completions` with one short user message and `max_tokens: 1`.
    case chatCompletion(model: String)
    /// `POST embeddings` with one short input.
    case embeddings(model: String)

    /// The path under the base: `models`, `chat/completions`, `embeddings`.
    public var path: String {
        switch self {
        case .listModels: "models"
        case .chatCompletion: "chat/completions"
        case .embeddings: "embeddings"
        }
    }

    /// The JSON body, or nil for a GET.
    public var body: String? {
        switch self {
        case .listModels: nil
        case .chatCompletion(let model):
            #"{"max_tokens":1,"messages":[{"content":"ping","role":"user"}],"model":"# + JSONText.string(model) + "}"
        case .embeddings(let model):
            #"{"input":"ping","model":"# + JSONText.string(model) + "}"
        }
    }
}

/// What an OpenAI-compatible endpoint answered.
public struct OpenAIResponse: Sendable, Hashable {
    /// Where the request went, as a user would write it.
    public var url: String
    public var status: Int
    public var contentType: String
    /// Up to 64 KiB of the body.
    public var body: String
    /// From sending the request to the whole (bounded) body.
    public var latency: Duration

    public init(url: String, status: Int, contentType: String = "", body: String, latency: Duration) {
        self.url = url
        self.status = status
        self.contentType = contentType
        self.body = body
        self.latency = latency
    }
}

/// An OpenAI-compatible request got no answer.
public struct OpenAIRequestError: Error, Sendable, Hashable, CustomStringConvertible {
    /// `.unreachable` (no connection) or `.stalled` (no answer in time).
    public var kind: RunnerErrorKind
    public var url: String
    public var reason: String
    public var latency: Duration

    public init(kind: RunnerErrorKind, url: String, reason: String, latency: Duration = .zero) {
        self.kind = kind
        self.url = url
        self.reason = reason
        self.latency = latency
    }

    public var description: String {
        switch kind {
        case .stalled: "no answer from \(url) within \(reason)"
        default: "cannot connect to \(url) (\(reason))"
        }
    }
}

extension RunnerClient {
    /// Sends one OpenAI-compatible request to `base` and returns whatever status came back; only
    /// a missing answer (no connection, `timeout` passed) throws ``OpenAIRequestError``.
    ///
    /// No `Origin` header; an `Authorization: Bearer` header as OpenAI clients send (DMR accepts any).
    public func openAI(_ call: OpenAICall, at base: OpenAIBase, timeout: Duration) async throws -> OpenAIResponse {
        let urlText: String
        let shown: String
        switch base {
        case .url(let url):
            let base = url.hasSuffix("/") ? url : url + "/"
            urlText = base + call.path
            shown = urlText
        case .runnerPath(let path):
            let base = path.hasSuffix("/") ? path : path + "/"
            urlText = endpoint.requestURL(path: base + call.path)
            shown = endpoint.description + " " + base + call.path
        }
        var request = HTTPClientRequest(url: urlText)
        request.method = call.body == nil ? .GET : .POST
        request.headers.replaceOrAdd(name: "User-Agent", value: "modelbind")
        request.headers.replaceOrAdd(name: "Authorization", value: "Bearer modelbind")
        if case .runnerPath = base, endpoint.isUnixSocket {
            request.headers.replaceOrAdd(name: "Host", value: "localhost")
        }
        if let body = call.body {
            request.headers.replaceOrAdd(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: body))
        }
        let clock = ContinuousClock()
        let start = clock.now
        let response: HTTPClientResponse
        do {
            response = try await http.execute(request, timeout: .nanoseconds(Self.nanoseconds(timeout)))
        } catch {
            if Task.isCancelled { throw CancellationError() }
            let latency = clock.now - start
            if let error = error as? HTTPClientError, error == .deadlineExceeded {
                throw OpenAIRequestError(kind: .stalled, url: shown, reason: Self.seconds(timeout), latency: latency)
            }
            throw OpenAIRequestError(
                kind: .unreachable, url: shown, reason: RunnerErrorText.reason(for: error), latency: latency)
        }
        let body = await Self.collect(response.body)
        return OpenAIResponse(
            url: shown, status: Int(response.status.code),
            contentType: response.headers.first(name: "Content-Type") ?? "",
            body: body, latency: clock.now - start)
    }
}

/// A JSON string literal for a value, as JSONEncoder writes it.
enum JSONText {
    static func string(_ value: String) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return "\"\"" }
        return String(decoding: data, as: UTF8.self)
    }
}
