import NIOHTTP1

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Routes requests the way DMR's muxes do and answers with DMR's exact statuses and bodies.
///
/// DMR nests Go `ServeMux`es: the top one serves `/`, `/version`, `/metrics`, and hands `/models`, `/models/…`,
/// `/engines/…` and `/v1/…` (an alias of `/engines/v1/…`) to the models and scheduler handlers, each behind the
/// CORS middleware and each with a catch-all `/` answering 404 `not found`. There is no 405: a wrong method on a
/// known path falls through to that catch-all. A path that only matches with a trailing slash is redirected (307).
struct SimRouter: Sendable {
    let state: SimState

    func handle(_ request: SimHTTPRequest, writer: GoResponseWriter) async throws -> SimConnection.Disposition {
        // Go's server rejects HTTP/1.1 requests without Host before any handler runs.
        if request.head.version.major == 1, request.head.version.minor >= 1,
            !request.head.headers.contains(name: "Host")
        {
            try await writer.goBadRequest(reason: "missing required Host header")
            return .close
        }
        let path = request.path
        let method = request.method
        switch path {
        case "/":
            // The handler sets no Content-Type: Go sniffs one, and writes it after Content-Length.
            try await writer.respond(
                status: 200, headers: [], body: Array("Docker Model Runner is running".utf8),
                sniffedContentType: "text/plain; charset=utf-8")
            return .keepAlive
        case "/version":
            try await writer.json(GoJSON.object([("version", GoJSON.string(state.configuration.version))]))
            return .keepAlive
        case "/metrics":
            guard method == "GET" else {
                try await writer.goError(status: 405, message: "Method Not Allowed")
                return .keepAlive
            }
            try await writer.respond(
                status: 200, headers: [("Content-Type", "text/plain; version=0.0.4; charset=utf-8")],
                body: Array("# No active runners\n".utf8))
            return .keepAlive
        case "/engines", "/v1":
            try await writer.redirect(to: path + "/" + Self.query(request), method: method)
            return .keepAlive
        default:
            break
        }
        let routed: String
        if path == "/models" || path.hasPrefix("/models/") || path.hasPrefix("/engines/") {
            routed = path
        } else if path.hasPrefix("/v1/") {
            routed = "/engines" + path
        } else {
            try await writer.goError(status: 404, message: "404 page not found")
            return .keepAlive
        }
        // DMR's CORS middleware wraps the models and scheduler handlers.
        var writer = writer
        let origin = request.header("Origin") ?? ""
        if !origin.isEmpty {
            guard originAllowed(origin) else {
                try await writer.goError(status: 403, message: "Origin not allowed")
                return .keepAlive
            }
            writer.presetHeaders.append(("Access-Control-Allow-Origin", origin))
            if method == "OPTIONS" {
                try await writer.respond(
                    status: 204,
                    headers: [
                        ("Access-Control-Allow-Credentials", "true"), ("Access-Control-Allow-Headers", "*"),
                        ("Access-Control-Allow-Methods", "GET, POST, DELETE"),
                    ], body: [])
                return .keepAlive
            }
        }
        if routed == "/models" || routed.hasPrefix("/models/") {
            return try await models(request, method: method, path: routed, writer: writer)
        }
        return try await engines(request, method: method, path: routed, writer: writer)
    }

    /// The models handler's mux.
    private func models(
        _ request: SimHTTPRequest, method: String, path: String, writer: GoResponseWriter
    ) async throws -> SimConnection.Disposition {
        let handler = ModelsHandler(state: state)
        let isGet = method == "GET" || method == "HEAD"
        if path == "/models" {
            if isGet {
                try await handler.list(writer: writer)
            } else if method == "POST" || method == "DELETE" {
                // Only `/models/{…}` patterns take these methods: ServeMux redirects to the trailing slash.
                try await writer.redirect(to: "/models/" + Self.query(request), method: method)
            } else {
                try await notFound(writer)
            }
            return .keepAlive
        }
        let rest = String(path.dropFirst("/models/".count))
        switch method {
        case "POST" where rest == "create":
            return try await PullHandler(state: state).handle(request, writer: writer)
        case "POST":
            try await handler.action(rest, request: request, writer: writer)
        case "GET", "HEAD":
            try await handler.inspect(rest, request: request, writer: writer)
        case "DELETE" where rest == "purge":
            try await handler.purge(writer: writer)
        case "DELETE":
            try await handler.delete(rest, request: request, writer: writer)
        default:
            try await notFound(writer)
        }
        return .keepAlive
    }

    /// The scheduler handler's mux (`/engines/…`, and `/v1/…` rewritten to `/engines/v1/…`).
    private func engines(
        _ request: SimHTTPRequest, method: String, path: String, writer: GoResponseWriter
    ) async throws -> SimConnection.Disposition {
        let isGet = method == "GET" || method == "HEAD"
        let parts = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst(2).map(String.init)
        let configure = ConfigureHandler(state: state)
        switch (isGet, method, parts.first ?? "", parts.count) {
        case (true, _, "status", 1):
            try await status(writer: writer)
        case (true, _, "ps", 1):
            try await writer.json(psJSON())
        case (true, _, "df", 1):
            let models = state.listModels().reduce(0) { $0 + $1.diskUsage }
            try await writer.json(
                GoJSON.object([("models_disk_usage", String(models)), ("default_backend_disk_usage", "0")]))
        case (_, "POST", "unload", 1):
            try await unload(request, writer: writer)
        case (true, _, "_configure", 1):
            try await configure.read(request, writer: writer)
        case (_, "POST", "_configure", 1):
            return try await configure.configure(request, backend: nil, writer: writer)
        case (_, "POST", let backend, 2) where parts[1] == "_configure" && !backend.isEmpty:
            return try await configure.configure(request, backend: backend, writer: writer)
        case (_, "POST", _, _) where Self.inferencePath(parts) != nil:
            if let (backend, endpoint) = Self.inferencePath(parts) {
                return try await InferenceHandler(state: state).handle(
                    request, backend: backend, endpoint: endpoint, writer: writer)
            }
        default:
            guard isGet, let reference = Self.openAIModelsPath(parts) else {
                try await notFound(writer)
                return .keepAlive
            }
            let handler = ModelsHandler(state: state)
            if let reference {
                try await handler.openAIModel(reference, writer: writer)
            } else {
                try await handler.openAIList(writer: writer)
            }
        }
        return .keepAlive
    }

    /// For `v1/{endpoint}` or `{backend}/v1/{endpoint}` with an OpenAI inference endpoint: the backend named in the
    /// path (nil: the default one) and the endpoint.
    static func inferencePath(_ parts: [String]) -> (backend: String?, endpoint: InferenceHandler.Endpoint)? {
        var rest = parts[...]
        var backend: String?
        if rest.first != "v1" {
            guard let first = rest.first, !first.isEmpty else { return nil }
            backend = first
            rest = rest.dropFirst()
        }
        guard rest.first == "v1",
            let endpoint = InferenceHandler.Endpoint(rawValue: rest.dropFirst().joined(separator: "/"))
        else { return nil }
        return (backend, endpoint)
    }

    /// `GET /engines/ps`: DMR's `[]BackendStatus`, one per runner an inference request "loaded".
    private func psJSON() -> String {
        let loaded = state.storage.withLockedValue { $0.loaded }
        return GoJSON.array(
            loaded.map { runner in
                GoJSON.object([
                    ("backend_name", GoJSON.string(runner.backend)), ("model_name", GoJSON.string(runner.modelName)),
                    ("mode", GoJSON.string(runner.mode)),
                    (
                        "last_used",
                        GoJSON.string(
                            GoFormat.rfc3339(
                                millisecondsSince1970: Int64(
                                    (runner.lastUsed.timeIntervalSince1970 * 1000).rounded(.down))))
                    ),
                    ("loading", "false"),
                ])
            })
    }

    /// For `v1/models[/{name...}]` or `{backend}/v1/models[/{name...}]` (any backend name, as DMR does not
    /// check it): `.some(nil)` for the list, `.some(name)` for one model; `nil` for any other path.
    static func openAIModelsPath(_ parts: [String]) -> String?? {
        var rest = parts[...]
        if rest.first != "v1" || rest.dropFirst().first != "models" {
            guard rest.count >= 3, !(rest.first ?? "").isEmpty else { return nil }
            rest = rest.dropFirst()
        }
        guard rest.first == "v1", rest.dropFirst().first == "models" else { return nil }
        let name = rest.dropFirst(2)
        return name.isEmpty ? .some(nil) : .some(name.joined(separator: "/"))
    }

    /// The catch-all handler DMR's inner muxes register.
    private func notFound(_ writer: GoResponseWriter) async throws {
        try await writer.goError(status: 404, message: "not found")
    }

    private func status(writer: GoResponseWriter) async throws {
        // `json.Marshal` of a map: keys sorted, no trailing newline.
        let backends = state.configuration.backends.sorted { $0.key < $1.key }
        let body = GoJSON.object(backends.map { ($0.key, GoJSON.string($0.value)) })
        try await writer.respond(
            status: 200, headers: [("Content-Type", "application/json")], body: Array(body.utf8))
    }

    /// `POST /engines/unload` (DMR's `UnloadRequest`: `all`, `backend`, `models`): forgets the runners it names.
    private func unload(_ request: SimHTTPRequest, writer: GoResponseWriter) async throws {
        let body: JSONValue
        switch try? JSONValue.parseWhole(request.body) {
        case .some(.null): body = .null
        case .some(let value) where value.isObject: body = value
        default:
            try await writer.goError(status: 400, message: "invalid request")
            return
        }
        let all = body.member("all") == .bool(true)
        var backend = ""
        if case .string(let value) = body.member("backend") ?? .null { backend = value }
        var ids: Set<String> = []
        if case .array(let models) = body.member("models") ?? .null {
            for case .string(let model) in models { ids.insert(state.resolveID(model)) }
        }
        let count = state.unload { runner in
            all || (ids.contains(runner.modelID) && (backend.isEmpty || runner.backend == backend))
        }
        try await writer.json(GoJSON.object([("unloaded_runners", String(count))]))
    }

    /// `?query` of the request, or "" (a redirect keeps it).
    static func query(_ request: SimHTTPRequest) -> String {
        request.query.isEmpty ? "" : "?" + request.query
    }

    /// DMR's CORS check: the exact origin string is listed (or the list is just `*`).
    func originAllowed(_ origin: String) -> Bool {
        let allowed = state.configuration.allowedOrigins
        return allowed == ["*"] || allowed.contains(origin)
    }
}
