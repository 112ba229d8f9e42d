import AsyncHTTPClient
import NIOHTTP1

/// Why the one check before any model work found no model runner at the endpoint.
public struct RunnerProbeError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        /// Nothing listens there (connection refused, no such socket).
        case refused
        /// The host name does not resolve.
        case unknownHost
        /// No connection or no answer within the time allowed.
        case timeout
        /// The TLS handshake failed (often: https:// to a runner that speaks plain HTTP).
        case tls
        /// Something answered, but not Docker Model Runner's API (an HTML page, 404 on its routes, 501).
        case notARunner
        /// The runner answered 503: it is not running (yet).
        case notRunning
        /// A proxy in front of it answered 502 or 504.
        case proxy
        /// Any other answer.
        case unexpected
    }

    public var kind: Kind
    public var endpoint: String
    /// The status, when something answered.
    public var status: Int?
    /// What went wrong, in a few words (the transport's reason, or the body).
    public var detail: String

    public init(kind: Kind, endpoint: String, status: Int? = nil, detail: String = "") {
        self.kind = kind
        self.endpoint = endpoint
        self.status = status
        self.detail = detail
    }

    /// Whether trying again may help: the runner starting up (503) or a proxy's gateway error.
    public var mayRecover: Bool { kind == .notRunning || kind == .proxy }

    public var description: String {
        let point = RunnerErrorText.howToPoint
        switch kind {
        case .refused:
            return "nothing is listening at \(endpoint) (\(detail)); start Docker Model Runner (Docker Desktop: "
                + "enable it in Settings; Docker Engine: docker model install-runner), wait for it with "
                + "`modelbind wait`, or \(point)"
        case .unknownHost:
            return "cannot resolve the host of \(endpoint) (\(detail)); check the spelling, or \(point)"
        case .timeout:
            return "no answer from \(endpoint) within \(detail); check that the address is right and nothing "
                + "blocks it, or \(point)"
        case .tls:
            return "the TLS handshake with \(endpoint) failed (\(detail)); Docker Model Runner speaks plain HTTP: "
                + "use http:// instead of https://, unless a TLS proxy sits in front of it"
        case .notARunner:
            return "the server at \(endpoint) is not Docker Model Runner (\(detail)); \(point)"
        case .notRunning:
            return RunnerErrorText.notRunning(endpoint)
        case .proxy:
            return "a proxy in front of \(endpoint) answered HTTP \(status ?? 502) (\(detail)); the runner behind it "
                + "is not answering"
        case .unexpected:
            return "the runner at \(endpoint) answered HTTP \(status ?? 0) to GET /models "
                + "(\(detail)); \(point)"
        }
    }
}

extension RunnerClient {
    /// The one check before any model work: `GET /models`, which every Docker Model Runner answers
    /// with a JSON list (through Docker Desktop's socket prefix too). Throws ``RunnerProbeError``
    /// saying what answered instead; never retries (the caller decides, from
    /// ``RunnerProbeError/mayRecover``).
    public func requireRunner(timeout: Duration = .seconds(5)) async throws {
        var request = makeRequest(path: "/models", method: .GET)
        request.headers.replaceOrAdd(name: "Accept", value: "application/json")
        let endpointText = endpoint.description
        let response: HTTPClientResponse
        do {
            response = try await http.execute(request, timeout: .nanoseconds(Self.nanoseconds(timeout)))
        } catch {
            if Task.isCancelled { throw CancellationError() }
            throw Self.probeFailure(error, endpoint: endpointText, timeout: timeout)
        }
        let status = Int(response.status.code)
        let contentType = (response.headers.first(name: "Content-Type") ?? "").lowercased()
        let body = await Self.collect(response.body)
        let trimmed = body.drop { $0 == " " || $0 == "\n" || $0 == "\r" || $0 == "\t" }
        if contentType.hasPrefix("text/html") || trimmed.hasPrefix("<") {
            throw RunnerProbeError(
                kind: .notARunner, endpoint: endpointText, status: status,
                detail: "it answered GET /models with an HTML page, HTTP \(status)")
        }
        switch status {
        case 200:
            guard trimmed.hasPrefix("[") else {
                throw RunnerProbeError(
                    kind: .notARunner, endpoint: endpointText, status: status,
                    detail: "GET /models answered \(RunnerErrorText.quote(body)), not a list of models")
            }
        case 404, 405, 501:
            throw RunnerProbeError(
                kind: .notARunner, endpoint: endpointText, status: status,
                detail: "GET /models answered HTTP \(status): \(RunnerErrorText.quote(body))"
                    + (endpoint.pathPrefix.isEmpty ? "" : "; is the path \(endpoint.pathPrefix) right?"))
        case 503:
            throw RunnerProbeError(kind: .notRunning, endpoint: endpointText, status: status, detail: body)
        case 502, 504:
            throw RunnerProbeError(
                kind: .proxy, endpoint: endpointText, status: status, detail: RunnerErrorText.quote(body))
        default:
            throw RunnerProbeError(
                kind: .unexpected, endpoint: endpointText, status: status, detail: RunnerErrorText.quote(body))
        }
    }

    /// Sorts a transport error into the kinds a user can act on.
    static func probeFailure(_ error: any Error, endpoint: String, timeout: Duration) -> RunnerProbeError {
        if let error = error as? HTTPClientError, error == .deadlineExceeded || error == .connectTimeout {
            return RunnerProbeError(kind: .timeout, endpoint: endpoint, detail: seconds(timeout))
        }
        let text = String(describing: error)
        let lowered = text.lowercased()
        if lowered.contains("dnsaerror") || lowered.contains("dnsaaaaerror") || lowered.contains("name or service")
            || lowered.contains("nodename nor servname") || lowered.contains("eai_")
        {
            return RunnerProbeError(kind: .unknownHost, endpoint: endpoint, detail: "the name does not resolve")
        }
        if lowered.contains("ssl") || lowered.contains("tls") || lowered.contains("handshake")
            || lowered.contains("certificate")
        {
            return RunnerProbeError(kind: .tls, endpoint: endpoint, detail: RunnerErrorText.quote(text))
        }
        let reason = RunnerErrorText.reason(for: error)
        if reason == "connect timed out" {
            return RunnerProbeError(kind: .timeout, endpoint: endpoint, detail: seconds(timeout))
        }
        return RunnerProbeError(kind: .refused, endpoint: endpoint, detail: reason)
    }
}
