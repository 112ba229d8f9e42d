import AsyncHTTPClient
import FoundationEssentials
import ModelBindSupport
import NIOCore
import NIOHTTP1

/// The runner's own questions and answers beyond pull and configure: is it there, which version,
/// which backends, what is loaded, what is stored, and removing a model.
extension RunnerClient {
    // MARK: - Reachability

    /// The one runner check (``requireRunner(timeout:)``) as a value: never throws, so `status`
    /// and `wait` can show what answered instead of a runner and go on.
    public func probe(timeout: Duration = .seconds(5)) async -> RunnerProbe {
        do {
            try await requireRunner(timeout: timeout)
            return RunnerProbe(state: .running, status: 200, message: "Docker Model Runner answers at \(endpoint)")
        } catch let error as RunnerProbeError {
            let state: RunnerProbe.State =
                switch error.kind {
                case .refused, .unknownHost, .timeout, .tls: .unreachable
                case .notRunning, .proxy: .notRunning
                case .notARunner, .unexpected: .notARunner
                }
            return RunnerProbe(state: state, status: error.status, message: error.description)
        } catch {
            return RunnerProbe(state: .unreachable, message: "\(error)")
        }
    }

    // MARK: - Daemon information

    /// `GET /version`: `v1.2.6-18-g642c7211`.
    public func version() async throws -> String {
        let body = try await getJSON("/version")
        struct Version: Decodable { var version: String }
        return try decode(Version.self, body, what: "GET /version").version
    }

    /// `GET /engines/status`: backend name → state (`Running: llama.cpp unknown`, `Not Installed`), sorted by name.
    public func backends() async throws -> [RunnerBackend] {
        let body = try await getJSON("/engines/status")
        return try decode([String: String].self, body, what: "GET /engines/status")
            .map { RunnerBackend(name: $0.key, state: $0.value) }.sorted { $0.name < $1.name }
    }

    /// `GET /engines/ps`: the models the runner has loaded (or is loading).
    public func runningModels() async throws -> [RunnerRunningModel] {
        let body = try await getJSON("/engines/ps")
        return try decodeList([RunnerRunningModel].self, body, what: "GET /engines/ps")
    }

    /// `GET /engines/_configure`: every stored configuration.
    public func allConfigurations() async throws -> [RunnerModelConfiguration] {
        let body = try await getJSON("/engines/_configure")
        return try decodeList([RunnerModelConfiguration].self, body, what: "GET /engines/_configure")
    }

    /// `GET /models`: every model in the runner's store.
    public func models() async throws -> [RunnerModelInfo] {
        let body = try await getJSON("/models")
        return try decodeList([RunnerModelInfo].self, body, what: "GET /models")
    }

    // MARK: - Removal

    /// `DELETE /models/{reference}` (never forced): the runner untags the reference, and deletes the
    /// model when it was its last tag. `nil` when the runner answers 404 (already gone).
    ///
    /// Pass a tag exactly as the store records it: DMR treats some names specially (`DELETE
    /// /models/purge` over its socket empties the whole store).
    /// - Throws: ``RunnerRequestError`` for anything but 200 and 404 (409: shared by several tags, by ID).
    public func delete(_ reference: String) async throws -> [RunnerDeleteAction]? {
        let path = "/models/" + PercentEncoding.encode(reference, keeping: PercentEncoding.pathKeeps)
        let what = "DELETE /models/\(reference)"
        let (status, body) = try await exchange(makeRequest(path: path, method: .DELETE), what: what)
        switch status {
        case 200:
            let trimmed = PercentEncoding.trim(body)
            guard !trimmed.isEmpty else { return [] }
            let entries = try decode([[String: String]].self, body, what: what)
            return entries.flatMap { entry in
                entry.sorted { $0.key < $1.key }.map { key, value in
                    RunnerDeleteAction(kind: key == "Deleted" ? .deleted : .untagged, value: value)
                }
            }
        case 404: return nil
        default: throw requestError(what: what, status: status, body: body)
        }
    }

    // MARK: - Plumbing

    /// Sends a short request; transport failures become ``RunnerRequestError``.
    func exchange(_ request: HTTPClientRequest, what: String) async throws -> (Int, String) {
        do {
            return try await send(request)
        } catch let error as TransportFailure {
            throw RunnerRequestError(
                kind: error.kind, request: what, endpoint: endpoint.description, body: error.reason)
        }
    }

    /// `GET path`, 200 expected; the body.
    func getJSON(_ path: String) async throws -> String {
        let what = "GET \(path)"
        let (status, body) = try await exchange(makeRequest(path: path, method: .GET), what: what)
        guard status == 200 else { throw requestError(what: what, status: status, body: body) }
        return body
    }

    func requestError(what: String, status: Int, body: String) -> RunnerRequestError {
        RunnerRequestError(
            kind: status == 503 ? .runnerNotRunning : .httpStatus, request: what, endpoint: endpoint.description,
            status: status, body: body)
    }

    func decode<T: Decodable>(_ type: T.Type, _ body: String, what: String) throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(body.utf8))
        } catch {
            throw RunnerRequestError(
                kind: .invalidResponse, request: what, endpoint: endpoint.description, status: 200, body: body)
        }
    }

    /// A JSON list, where `null` or an empty body is an empty list (Go encodes a nil slice as `null`).
    func decodeList<T: Decodable & RangeReplaceableCollection>(_ type: T.Type, _ body: String, what: String) throws
        -> T
    {
        let trimmed = PercentEncoding.trim(body)
        if trimmed.isEmpty || trimmed == "null" { return T() }
        return try decode(T.self, trimmed, what: what)
    }

    /// Like ``send(_:)``, also giving the `Content-Type`.
    func sendReadingType(_ request: HTTPClientRequest) async throws -> (Int, String, String) {
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
        let type = response.headers.first(name: "Content-Type") ?? ""
        return (Int(response.status.code), await Self.collect(response.body), type)
    }
}
