#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The OpenAI-compatible routes DMR's scheduler serves: `POST /engines[/{backend}]/v1/chat/completions`,
/// `…/v1/completions` and `…/v1/embeddings` (and `/v1/…`, DMR's alias).
///
/// The checks before a backend runs are DMR's, with its statuses and texts (research/dmr captures of v1.2.6):
/// unknown backend 404 `backend not found`; a body that does not decode 400 `invalid request`; no `model` 400
/// `model is required`; a model not in the store 404 `error while getting model: get model '"…"': model not found`
/// (the store lookup only, no bare-name fallback); a backend that is not installed 412 (vLLM) or 503. Past those
/// checks DMR would
/// start llama.cpp; the simulator does **no inference** and answers at once with a deterministic reply built from
/// the request (``InferenceReply``). Any `Authorization` header, or none, is accepted, as DMR checks none.
struct InferenceHandler: Sendable {
    enum Endpoint: String, Sendable {
        case chat = "chat/completions"
        case completions
        case embeddings
    }

    let state: SimState

    func handle(
        _ request: SimHTTPRequest, backend pathBackend: String?, endpoint: Endpoint, writer: GoResponseWriter
    ) async throws -> SimConnection.Disposition {
        let connection = request.connectionID
        func reject(_ status: Int, _ message: String, model: String = "") async throws -> SimConnection.Disposition {
            state.record(.inferenceRejected, model: model, connection: connection, detail: "\(status) \(message)")
            try await writer.goError(status: status, message: message)
            return .keepAlive
        }
        let configuration = state.configuration
        let backend = pathBackend ?? configuration.defaultBackend
        guard let backendStatus = configuration.backends[backend] else {
            return try await reject(404, "backend not found")
        }
        // Go's `json.Unmarshal` into DMR's request struct: an object (or `null`), `model` a string.
        let body: JSONValue
        switch try? JSONValue.parseWhole(request.body) {
        case .some(.null): body = .null
        case .some(let value) where value.isObject: body = value
        default: return try await reject(400, "invalid request")
        }
        var model = ""
        switch body.member("model") {
        case .none, .some(.null): break
        case .some(.string(let value)): model = value
        case .some: return try await reject(400, "invalid request")
        }
        guard !model.isEmpty else { return try await reject(400, "model is required") }

        let stored = state.localModel(model)
        var faults: [SimInferenceFault] = []
        if let queued = state.takeQueuedInferenceFault(reference: model) { faults.append(queued) }
        if let stored { faults += state.catalogueInferenceFaults(modelID: stored.id) }
        var firstTokenDelay = Duration.zero
        for fault in faults {
            state.record(.faultApplied, model: model, connection: connection, detail: fault.name)
            switch fault {
            case .stall:
                state.record(.inferenceRejected, model: model, connection: connection, detail: "stalled")
                try? await writer.channel.closeFuture.get()
                return .close
            case .modelNotFound:
                return try await reject(404, Self.notFound(model), model: model)
            case .fail(let status, let message):
                return try await reject(status, message ?? SimInferenceFault.runnerLoadFailure, model: model)
            case .slowFirstToken(let delay):
                firstTokenDelay += delay
            }
        }
        guard let stored else { return try await reject(404, Self.notFound(model), model: model) }
        guard backendStatus.hasPrefix("Running") else {
            let (status, message) = Self.notInstalled(backend)
            return try await reject(status, message, model: model)
        }

        state.markLoaded(
            backend: backend, model: stored, name: model, mode: endpoint == .embeddings ? "embedding" : "completion")
        let reply = InferenceReply(
            endpoint: endpoint, body: body, model: model, created: stored.created, requestBytes: request.body)
        if endpoint == .embeddings, reply.embeddingInputs.isEmpty {
            // What llama-server answers; DMR passes it through.
            state.record(.inferenceRejected, model: model, connection: connection, detail: "400 no input")
            try await writer.json(
                #"{"error":{"code":400,"message":"\"input\" must be provided","type":"invalid_request_error"}}"#,
                status: 400)
            return .keepAlive
        }
        if reply.stream {
            try await writer.writeHead(
                status: 200, headers: [("Content-Type", "text/event-stream")], chunked: true)
            if firstTokenDelay > .zero { try await Task.sleep(for: firstTokenDelay) }
            for event in reply.events() { try await writer.writeChunk(Array(event.utf8)) }
            try await writer.endChunked()
        } else {
            if firstTokenDelay > .zero { try await Task.sleep(for: firstTokenDelay) }
            try await writer.json(reply.json())
        }
        state.record(.inferenceServed, model: model, connection: connection, detail: endpoint.rawValue)
        return .keepAlive
    }

    /// DMR's text for a model the store does not hold (`fmt.Errorf("get model '%q': …")`).
    static func notFound(_ model: String) -> String {
        "error while getting model: get model '\(GoQuote.quote(model))': model not found"
    }

    /// What DMR v1.2.6 answers on Linux when the request's backend is not installed (captured for each default
    /// backend): 412 for vLLM, 503 `backend installation failed: …` for the others.
    static func notInstalled(_ backend: String) -> (status: Int, message: String) {
        if backend == "vllm" { return (412, "vLLM binary not found") }
        let reason =
            switch backend {
            case "mlx": "MLX is only available on macOS ARM64"
            case "sglang": "sglang package not installed"
            case "diffusers":
                "failed to install diffusers: failed to pull image: fetching image: after 10 attempts, last error: "
                    + "failed to do request: Head \"https://registry-1.docker.io/v2/docker/model-runner/manifests/"
                    + "diffusers-v0.1.0-20260617-000000\": proxyconnect tcp: dial tcp 127.0.0.1:9: connect: connection "
                    + "refused"
            default: "\(backend) is not installed"
            }
        return (503, "backend installation failed: " + reason)
    }
}

extension JSONValue {
    var isObject: Bool {
        if case .object = self { return true }
        return false
    }
}
