import ModelRunnerSim
import Testing

/// The routes as DMR v1.2.6 answers them on the wire (research/dmr captures of the real daemon): statuses, the
/// order of headers, bodies to the byte.
@Suite struct DaemonRoutesTests {
    static let goErrorHeaders = ["Content-Type", "X-Content-Type-Options", "Date", "Content-Length"]

    func names(_ response: RawHTTPConnection.Response) -> [String] { response.head.headers.map(\.0) }

    @Test(arguments: ["GET", "POST", "PUT", "DELETE"])
    func rootAnswersEveryMethodWithASniffedContentType(method: String) async throws {
        try await withSim(fastConfiguration([])) { _, address in
            let response = try await send(address, method, "/")
            #expect(response.head.status == 200)
            #expect(names(response) == ["Date", "Content-Length", "Content-Type"])
            #expect(response.head.header("Content-Type") == "text/plain; charset=utf-8")
            #expect(response.head.header("Content-Length") == "30")
            #expect(response.text == "Docker Model Runner is running")
        }
    }

    @Test func headRootHasTheLengthButNoBody() async throws {
        try await withSim(fastConfiguration([])) { _, address in
            let (head, rest) = try await RawHTTPConnection.with(address) { connection in
                try await connection.request("HEAD", "/")
                let head = try #require(try await connection.readHead())
                // The next response on the connection starts right after the head: no body bytes between.
                try await connection.request("GET", "/version")
                let next = try #require(try await connection.readResponse())
                return (head, next)
            }
            #expect(head.status == 200)
            #expect(head.headers.map(\.0) == ["Date", "Content-Length", "Content-Type"])
            #expect(head.header("Content-Length") == "30")
            #expect(rest.head.status == 200)
            #expect(rest.text == #"{"version":"v1.2.6-modelrunnersim"}"# + "\n")
        }
    }

    @Test(arguments: ["GET", "POST", "PUT"])
    func versionAnswersAnyMethod(method: String) async throws {
        try await withSim(fastConfiguration([])) { _, address in
            let response = try await send(address, method, "/version")
            #expect(response.head.status == 200)
            #expect(names(response) == ["Content-Type", "Date", "Content-Length"])
            #expect(response.head.header("Content-Type") == "application/json")
            #expect(response.text == #"{"version":"v1.2.6-modelrunnersim"}"# + "\n")
        }
    }

    @Test func engineStatusIsDMRsText() async throws {
        try await withSim(fastConfiguration([])) { _, address in
            let response = try await send(address, "GET", "/engines/status")
            #expect(response.head.status == 200)
            #expect(names(response) == ["Content-Type", "Date", "Content-Length"])
            #expect(response.head.header("Content-Type") == "application/json")
            #expect(response.head.header("Content-Length") == "214")
            #expect(
                response.text
                    == #"{"diffusers":"Not Installed","llama.cpp":"Running: llama.cpp unknown","mlx":"Not Installed: "#
                    + #"only supported on Apple Silicon","sglang":"Not Installed: package not installed","vllm":"Not "#
                    + #"Installed: binary not found"}"#)
        }
    }

    @Test(arguments: ["/nope", "/exp/vDD4.40/models", "/exp/vDD4.40/engines/status", "/api/tags"])
    func unknownTopLevelPathIsGos404Page(path: String) async throws {
        try await withSim(fastConfiguration([])) { _, address in
            let response = try await send(address, "GET", path)
            #expect(response.head.status == 404)
            #expect(names(response) == Self.goErrorHeaders)
            #expect(response.head.header("Content-Length") == "19")
            #expect(response.text == "404 page not found\n")
        }
    }

    /// No 405 anywhere: a wrong method, or an unknown path under a handler, reaches that handler's catch-all.
    @Test(arguments: [
        ("PUT", "/models"), ("DELETE", "/engines/status"), ("GET", "/engines/llama.cpp/_configure"),
        ("PATCH", "/models/ai/tiny"), ("GET", "/engines/nope"), ("GET", "/v1/nope"),
        ("GET", "/engines/v1/chat/completions"), ("POST", "/engines/ps"), ("GET", "/engines/"),
        ("PUT", "/engines/_configure"), ("OPTIONS", "/models"),
    ])
    func wrongMethodOrUnknownSubPathIsNotFound(method: String, path: String) async throws {
        try await withSim(fastConfiguration([])) { _, address in
            let response = try await send(address, method, path)
            #expect(response.head.status == 404)
            #expect(response.head.header("Allow") == nil)
            #expect(names(response) == Self.goErrorHeaders)
            #expect(response.head.header("Content-Length") == "10")
            #expect(response.text == "not found\n")
        }
    }

    @Test(arguments: ["POST", "DELETE"])
    func modelsWithoutSlashRedirectsForMethodsOnlyItsSubtreeTakes(method: String) async throws {
        try await withSim(fastConfiguration([])) { _, address in
            let response = try await send(address, method, "/models")
            #expect(response.head.status == 307)
            #expect(response.head.reason == "Temporary Redirect")
            #expect(names(response) == ["Location", "Date", "Content-Length"])
            #expect(response.head.header("Location") == "/models/")
            #expect(response.head.header("Content-Length") == "0")
            #expect(response.body.isEmpty)
        }
    }

    @Test func enginesWithoutSlashRedirectsWithGosHTMLBody() async throws {
        try await withSim(fastConfiguration([])) { _, address in
            let response = try await send(address, "GET", "/engines")
            #expect(response.head.status == 307)
            #expect(names(response) == ["Content-Type", "Location", "Date", "Content-Length"])
            #expect(response.head.header("Content-Type") == "text/html; charset=utf-8")
            #expect(response.head.header("Location") == "/engines/")
            #expect(response.head.header("Content-Length") == "45")
            #expect(response.text == "<a href=\"/engines/\">Temporary Redirect</a>.\n\n")
        }
    }

    @Test(arguments: ["/models/create", "/models/", "/models/purge"])
    func getUnderModelsIsAnInspect(path: String) async throws {
        try await withSim(fastConfiguration([])) { _, address in
            let response = try await send(address, "GET", path)
            #expect(response.head.status == 404)
            #expect(response.head.header("Content-Length") == "16")
            #expect(response.text == "model not found\n")
        }
    }

    @Test func metricsWithoutRunnersAndItsOne405() async throws {
        try await withSim(fastConfiguration([])) { _, address in
            let response = try await send(address, "GET", "/metrics")
            #expect(response.head.status == 200)
            #expect(names(response) == ["Content-Type", "Date", "Content-Length"])
            #expect(response.head.header("Content-Type") == "text/plain; version=0.0.4; charset=utf-8")
            #expect(response.text == "# No active runners\n")
            let post = try await send(address, "POST", "/metrics")
            #expect(post.head.status == 405)
            #expect(post.text == "Method Not Allowed\n")
        }
    }

    @Test func psIsAnEmptyListAndDfReportsTheStore() async throws {
        let model = SimModel(reference: "ai/smollm2", size: 1600, isPresent: true)
        try await withSim(fastConfiguration([model])) { _, address in
            let ps = try await send(address, "GET", "/engines/ps")
            #expect(ps.head.status == 200)
            #expect(names(ps) == ["Content-Type", "Date", "Content-Length"])
            #expect(ps.head.header("Content-Type") == "application/json")
            #expect(ps.text == "[]\n")
            let df = try await send(address, "GET", "/engines/df")
            #expect(df.head.status == 200)
            #expect(df.head.header("Content-Type") == "application/json")
            #expect(df.text == #"{"models_disk_usage":1600,"default_backend_disk_usage":0}"# + "\n")
            let unload = try await send(
                address, "POST", "/engines/unload", headers: [("Content-Type", "application/json")],
                body: #"{"all":true}"#)
            #expect(unload.head.status == 200)
            #expect(unload.text == #"{"unloaded_runners":0}"# + "\n")
            let bad = try await send(address, "POST", "/engines/unload", body: "{")
            #expect(bad.head.status == 400)
            #expect(bad.text == "invalid request\n")
        }
    }

    @Test func http10RequestIsAnsweredInHTTP10AndClosed() async throws {
        try await withSim(fastConfiguration([])) { _, address in
            let (status, headers, body, closed) = try await RawHTTPConnection.with(address) { connection in
                try await connection.send("GET /version HTTP/1.0\r\n\r\n")
                let status = try await connection.readCRLFLine()
                var headers: [String] = []
                while let line = try await connection.readCRLFLine(), !line.isEmpty {
                    headers.append(String(line.prefix { $0 != ":" }))
                }
                // No Content-Length framing needed: the body ends when the server closes.
                let closed = try await connection.serverClosed()
                return (status, headers, String(decoding: connection.buffer, as: UTF8.self), closed)
            }
            #expect(status == "HTTP/1.0 200 OK")
            #expect(headers == ["Content-Type", "Date", "Content-Length"])
            #expect(body == #"{"version":"v1.2.6-modelrunnersim"}"# + "\n")
            #expect(closed)
        }
    }

    // MARK: CORS

    @Test func allowedOriginIsEchoedOnResponsesAndErrors() async throws {
        try await withSim(fastConfiguration([])) { _, address in
            let list = try await send(address, "GET", "/models", headers: [("Origin", "http://localhost")])
            #expect(list.head.status == 200)
            #expect(names(list) == ["Access-Control-Allow-Origin", "Content-Type", "Date", "Content-Length"])
            #expect(list.head.header("Access-Control-Allow-Origin") == "http://localhost")
            let miss = try await send(address, "GET", "/models/ai/x", headers: [("Origin", "https://127.0.0.1")])
            #expect(miss.head.status == 404)
            #expect(miss.head.header("Access-Control-Allow-Origin") == "https://127.0.0.1")
            let aliased = try await send(address, "GET", "/v1/models", headers: [("Origin", "http://0.0.0.0")])
            #expect(aliased.head.header("Access-Control-Allow-Origin") == "http://0.0.0.0")
        }
    }

    @Test func allowedPreflightIs204WithoutContentLength() async throws {
        try await withSim(fastConfiguration([])) { _, address in
            let response = try await send(
                address, "OPTIONS", "/models",
                headers: [("Origin", "http://localhost"), ("Access-Control-Request-Method", "GET")])
            #expect(response.head.status == 204)
            #expect(
                names(response) == [
                    "Access-Control-Allow-Credentials", "Access-Control-Allow-Headers", "Access-Control-Allow-Methods",
                    "Access-Control-Allow-Origin", "Date",
                ])
            #expect(response.head.header("Access-Control-Allow-Methods") == "GET, POST, DELETE")
        }
    }

    @Test func originIsNotCheckedOutsideTheHandlers() async throws {
        try await withSim(fastConfiguration([])) { _, address in
            let version = try await send(address, "GET", "/version", headers: [("Origin", "http://evil.example")])
            #expect(version.head.status == 200)
            #expect(version.head.header("Access-Control-Allow-Origin") == nil)
            let engines = try await send(
                address, "GET", "/engines/status", headers: [("Origin", "http://localhost:3000")])
            #expect(engines.head.status == 403)
            #expect(engines.text == "Origin not allowed\n")
        }
    }
}
