import NIOCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// `POST /engines[/{backend}]/_configure` and `GET /engines/_configure`, as DMR's scheduler handles them.
struct ConfigureHandler: Sendable {
    let state: SimState

    /// DMR's `maximumOpenAIInferenceRequestSize`.
    static let maximumBodySize = 10 * 1_048_576
    static let modes = ["completion", "embedding", "reranking", "image-generation"]

    /// A decoded `ConfigureRequest` (the embedded `BackendConfiguration` flattened, as Go does).
    struct Request: Sendable {
        var model = ""
        var mode: String?
        var rawRuntimeFlags = ""
        var contextSize: Int32?
        var runtimeFlags: [String] = []
        var keepAlive: String?
        var speculative: String?
        var vllm: String?
        var llamacpp: String?
    }

    func configure(
        _ request: SimHTTPRequest, backend pathBackend: String?, writer: GoResponseWriter
    ) async throws -> SimConnection.Disposition {
        let connection = request.connectionID
        let configuration = state.configuration
        let backend = pathBackend ?? configuration.defaultBackend
        guard configuration.backends[backend] != nil else {
            state.record(.configureRejected, connection: connection, detail: "404 backend not found")
            try await writer.goError(status: 404, message: "backend not found")
            return .keepAlive
        }
        guard request.body.count <= Self.maximumBodySize else {
            state.record(.configureRejected, connection: connection, detail: "400 request too large")
            try await writer.goError(status: 400, message: "request too large")
            return .keepAlive
        }
        guard let decoded = Self.decode(request.body) else {
            state.record(.configureRejected, connection: connection, detail: "400 invalid request")
            try await writer.goError(status: 400, message: "invalid request")
            return .keepAlive
        }
        let fault = state.takeQueuedConfigureFault(reference: decoded.model)
        func reject(_ status: Int, _ message: String) async throws -> SimConnection.Disposition {
            state.record(
                .configureRejected, model: decoded.model, connection: connection, detail: "\(status) \(message)")
            try await writer.goError(status: status, message: message)
            return .keepAlive
        }
        if case .resetConnection = fault {
            state.record(.configureRejected, model: decoded.model, connection: connection, detail: "reset")
            if let provider = writer.channel as? any SocketOptionProvider {
                try? await provider.setSoLinger(linger(l_onoff: 1, l_linger: 0)).get()
            }
            try? await writer.channel.close()
            return .close
        }
        if case .delay(let duration) = fault { try await Task.sleep(for: duration) }

        var flags = decoded.runtimeFlags
        if flags.isEmpty, !decoded.rawRuntimeFlags.isEmpty {
            guard let split = ShellWords.split(decoded.rawRuntimeFlags) else {
                return try await reject(500, "invalid runtime flags: invalid command line string")
            }
            flags = split
        }
        if let problem = SimFlagAllowlist.problem(flags: flags, backend: backend) {
            return try await reject(500, problem)
        }
        if case .fail(let message) = fault { return try await reject(500, message) }
        if case .busy = fault { return try await reject(409, "runner already active") }

        var contextSize = decoded.contextSize.map(Int.init)
        if case .storeDifferent(let otherContext, let otherFlags) = fault {
            contextSize = otherContext
            flags = otherFlags ?? []
        }
        let mode = decoded.mode ?? (flags.contains("--embeddings") ? "embedding" : "completion")
        var config: [(String, String)] = []
        if let contextSize { config.append(("context-size", String(contextSize))) }
        if !flags.isEmpty { config.append(("runtime-flags", GoJSON.stringArray(flags))) }
        if let value = decoded.speculative { config.append(("speculative", value)) }
        if let value = decoded.keepAlive { config.append(("keep_alive", GoJSON.string(value))) }
        if let value = decoded.vllm { config.append(("vllm", value)) }
        if let value = decoded.llamacpp { config.append(("llamacpp", value)) }
        let entry = RunnerConfigEntry(
            backend: backend, modelID: state.resolveID(decoded.model), mode: mode, configJSON: GoJSON.object(config))
        let outcome = state.storeConfig(entry)
        state.record(
            .configureStored, model: decoded.model, connection: connection,
            detail: outcome == .stored ? "stored" : "unchanged")
        try await writer.respond(status: 202, headers: [], body: [])
        return .keepAlive
    }

    func read(_ request: SimHTTPRequest, writer: GoResponseWriter) async throws {
        var entries = state.readConfigs()
        if let model = request.queryValue("model"), !model.isEmpty {
            let id = state.resolveID(model)
            entries = entries.filter { $0.entry.modelID == id }
        }
        let items = entries.map { entry, model in
            GoJSON.object([
                ("Backend", GoJSON.string(entry.backend)), ("Model", GoJSON.string(model.tags.first ?? "")),
                ("ModelID", GoJSON.string(entry.modelID)), ("Mode", GoJSON.string(entry.mode)),
                ("Config", entry.configJSON),
            ])
        }
        try await writer.json(GoJSON.array(items))
    }

    /// Go's `json.Unmarshal(body, &ConfigureRequest{})`, with the field types DMR declares.
    static func decode(_ body: [UInt8]) -> Request? {
        guard let value = try? JSONValue.parseWhole(body) else { return nil }
        var request = Request()
        if value == .null { return request }
        guard case .object = value else { return nil }
        switch value.member("model") {
        case nil, .some(.null): break
        case .some(.string(let text)): request.model = text
        default: return nil
        }
        switch value.member("mode") {
        case nil, .some(.null): break
        case .some(.string(let text)):
            guard modes.contains(text) else { return nil }
            request.mode = text
        default: return nil
        }
        switch value.member("raw-runtime-flags") {
        case nil, .some(.null): break
        case .some(.string(let text)): request.rawRuntimeFlags = text
        default: return nil
        }
        switch value.member("context-size") {
        case nil, .some(.null): break
        case .some(.number(let text)):
            guard let number = Int32(text) else { return nil }
            request.contextSize = number
        default: return nil
        }
        switch value.member("runtime-flags") {
        case nil, .some(.null): break
        case .some(.array(let items)):
            var flags: [String] = []
            for item in items {
                switch item {
                case .null: flags.append("")
                case .string(let text): flags.append(text)
                default: return nil
                }
            }
            request.runtimeFlags = flags
        default: return nil
        }
        switch value.member("keep_alive") {
        case nil, .some(.null): break
        case .some(.string(let text)):
            if text == "-1" {
                request.keepAlive = "-1"
            } else {
                guard let nanoseconds = GoDuration.parse(text) else { return nil }
                request.keepAlive = nanoseconds < 0 ? "-1" : GoDuration.format(nanoseconds)
            }
        default: return nil
        }
        for key in ["speculative", "vllm", "llamacpp"] {
            switch value.member(key) {
            case nil, .some(.null): continue
            case .some(let member):
                guard case .object = member else { return nil }
                let encoded = encode(member)
                switch key {
                case "speculative": request.speculative = encoded
                case "vllm": request.vllm = encoded
                default: request.llamacpp = encoded
                }
            }
        }
        return request
    }

    /// Re-encodes a parsed value as Go would marshal it (member order kept).
    static func encode(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool(let flag): flag ? "true" : "false"
        case .number(let text): text
        case .string(let text): GoJSON.string(text)
        case .array(let items): GoJSON.array(items.map(encode))
        case .object(let members): GoJSON.object(members.map { ($0.0, encode($0.1)) })
        }
    }
}
