import NIOHTTP1

/// Routes requests the way DMR's muxes do and answers with DMR's exact statuses and bodies.
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
        if path == "/" {
            try await writer.respond(
                status: 200, headers: [("Content-Type", "text/plain; charset=utf-8")],
                body: Array("Docker Model Runner is running".utf8))
            return .keepAlive
        }
        if path == "/version" {
            try await writer.json(GoJSON.object([("version", GoJSON.string(state.configuration.version))]))
            return .keepAlive
        }
        guard path == "/models" || path.hasPrefix("/models/") || path.hasPrefix("/engines/") else {
            try await writer.goError(status: 404, message: "404 page not found")
            return .keepAlive
        }
        // DMR's CORS middleware wraps the models and engines handlers.
        let origin = request.header("Origin") ?? ""
        if !origin.isEmpty {
            guard originAllowed(origin) else {
                try await writer.goError(status: 403, message: "Origin not allowed")
                return .keepAlive
            }
            if method == "OPTIONS" {
                try await writer.respond(
                    status: 204,
                    headers: [
                        ("Access-Control-Allow-Credentials", "true"), ("Access-Control-Allow-Headers", "*"),
                        ("Access-Control-Allow-Methods", "GET, POST, DELETE"), ("Access-Control-Allow-Origin", origin),
                    ], body: [])
                return .keepAlive
            }
        }
        return try await route(request, method: method, path: path, writer: writer)
    }

    private func route(
        _ request: SimHTTPRequest, method: String, path: String, writer: GoResponseWriter
    ) async throws -> SimConnection.Disposition {
        let models = ModelsHandler(state: state)
        switch (method, path) {
        case ("POST", "/models/create"):
            return try await PullHandler(state: state).handle(request, writer: writer)
        case ("GET", "/models"), ("HEAD", "/models"):
            try await models.list(writer: writer)
            return .keepAlive
        case (_, "/models"):
            try await methodNotAllowed(allow: "GET, HEAD", writer: writer)
            return .keepAlive
        case ("GET", _) where path.hasPrefix("/models/"), ("HEAD", _) where path.hasPrefix("/models/"):
            try await models.inspect(String(path.dropFirst("/models/".count)), request: request, writer: writer)
            return .keepAlive
        case ("DELETE", _) where path.hasPrefix("/models/"):
            try await models.delete(String(path.dropFirst("/models/".count)), request: request, writer: writer)
            return .keepAlive
        case ("POST", _) where path.hasPrefix("/models/"):
            try await models.action(String(path.dropFirst("/models/".count)), writer: writer)
            return .keepAlive
        case ("GET", "/engines/status"):
            try await status(writer: writer)
            return .keepAlive
        case ("GET", "/engines/_configure"):
            try await ConfigureHandler(state: state).read(request, writer: writer)
            return .keepAlive
        case ("POST", "/engines/_configure"):
            return try await ConfigureHandler(state: state).configure(request, backend: nil, writer: writer)
        case ("GET", "/engines/v1/models"):
            try await models.openAIList(writer: writer)
            return .keepAlive
        default:
            let parts = path.split(separator: "/", omittingEmptySubsequences: false)
            if method == "POST", parts.count == 4, parts[1] == "engines", parts[3] == "_configure", !parts[2].isEmpty {
                return try await ConfigureHandler(state: state).configure(
                    request, backend: String(parts[2]), writer: writer)
            }
            if parts.count == 4, parts[1] == "engines", parts[3] == "_configure" || parts[3] == "status" {
                try await methodNotAllowed(
                    allow: parts[3] == "status" ? "GET, HEAD" : "GET, HEAD, POST", writer: writer)
                return .keepAlive
            }
            try await writer.goError(status: 404, message: "404 page not found")
            return .keepAlive
        }
    }

    private func methodNotAllowed(allow: String, writer: GoResponseWriter) async throws {
        try await writer.goError(status: 405, message: "Method Not Allowed", extraHeaders: [("Allow", allow)])
    }

    private func status(writer: GoResponseWriter) async throws {
        let backends = state.configuration.backends.sorted { $0.key < $1.key }
        let body = GoJSON.object(backends.map { ($0.key, GoJSON.string($0.value)) })
        try await writer.respond(
            status: 200, headers: [("Content-Type", "application/json")], body: Array(body.utf8))
    }

    /// DMR's origin check; a configured `scheme://host:*` accepts any port on that host.
    func originAllowed(_ origin: String) -> Bool {
        let allowed = state.configuration.allowedOrigins
        if allowed == ["*"] || allowed.contains(origin) { return true }
        for pattern in allowed where pattern.hasSuffix(":*") {
            let prefix = pattern.dropLast()
            if origin.hasPrefix(prefix), let port = Int(origin.dropFirst(prefix.count)), port > 0, port < 65_536 {
                return true
            }
        }
        return false
    }
}
