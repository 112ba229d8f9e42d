/// DMR's models handler: `GET /models`, `GET /models/{ref}`, `DELETE /models/{ref}`, `DELETE /models/purge`,
/// `POST /models/{ref}/tag`, and the OpenAI listing `GET /engines[/{backend}]/v1/models[/{ref}]`.
struct ModelsHandler: Sendable {
    let state: SimState

    func list(writer: GoResponseWriter) async throws {
        try await writer.json(GoJSON.array(state.listModels().map(\.json)))
    }

    /// `GET /models/{nameAndAction...}` (DMR's `handleGetModelByRef`; `…/export` is not served).
    func inspect(_ reference: String, request: SimHTTPRequest, writer: GoResponseWriter) async throws {
        if let remote = request.queryValue("remote"), Self.parseBool(remote) {
            try await inspectRemote(reference, writer: writer)
            return
        }
        guard let model = state.inspect(reference) else {
            try await writer.goError(status: 404, message: "model not found")
            return
        }
        try await writer.json(model.json)
    }

    /// `?remote=true`: the registry's view (the catalogue), without tags; DMR passes the reference to the
    /// registry as sent.
    private func inspectRemote(_ reference: String, writer: GoResponseWriter) async throws {
        let prefix = "error while getting remote model: failed to pull model \(GoQuote.quote(reference)): "
        guard state.configuration.registryReachable else {
            let detail = PullHandler.registryUnreachable(reference, state.defaultRegistry)
            try await writer.goError(status: 500, message: prefix + "UNKNOWN - " + detail)
            return
        }
        guard let entry = state.catalogueEntry(for: reference) else {
            try await writer.goError(status: 404, message: prefix + "MANIFEST_UNKNOWN - Model not found")
            return
        }
        try await writer.json(StoredModel.from(entry, tags: []).json)
    }

    /// DMR's `DeleteModel`: by tag, untag (and delete when it was the last tag); by ID or digest, delete with
    /// every tag, refused with 409 when there are several unless `force`.
    func delete(_ reference: String, request: SimHTTPRequest, writer: GoResponseWriter) async throws {
        let force = request.queryValue("force").map(Self.parseBool) ?? false
        let registry = state.defaultRegistry
        let outcome = state.storage.withLockedValue { storage -> Result<[(String, String)], DeleteError> in
            let name = SimReference.normalizeModelName(reference, storeIDs: SimState.storeIDs(storage))
            guard let index = SimState.localIndex(reference, in: storage, defaultRegistry: registry) else {
                return .failure(.notFound)
            }
            let model = storage.store[index]
            var actions: [(String, String)] = []
            // A digest reference (`name@sha256:…`) counts as an ID, not a tag.
            let isTag = model.id != name && !reference.contains("@")
            if isTag, let removed = SimReference.parse(name, defaultRegistry: registry) {
                for position in storage.store.indices {
                    storage.store[position].tags.removeAll {
                        SimReference.parse($0, defaultRegistry: registry)?.string == removed.string
                    }
                }
                actions.append(("Untagged", removed.string))
                if model.tags.count > 1 { return .success(actions) }
            }
            if model.tags.count > 1 && !force { return .failure(.conflict) }
            guard let remaining = storage.store.firstIndex(where: { $0.id == model.id }) else {
                return .failure(.notFound)
            }
            let deleted = SimState.removeFromStore(&storage, at: remaining)
            actions += deleted.tags.map { ("Untagged", $0) }
            actions.append(("Deleted", model.id))
            return .success(actions)
        }
        switch outcome {
        case .success(let actions):
            try await writer.json(GoJSON.array(actions.map { GoJSON.object([($0.0, GoJSON.string($0.1))]) }))
        case .failure(.notFound):
            try await writer.goError(status: 404, message: "error while deleting model: model not found")
        case .failure(.conflict):
            try await writer.goError(
                status: 409,
                message: "error while deleting model: unable to delete \(GoQuote.quote(reference)) (must be forced) "
                    + "due to multiple tag references: resource conflict")
        }
    }

    /// `DELETE /models/purge`: the whole store goes; 200 with an empty body.
    func purge(writer: GoResponseWriter) async throws {
        state.storage.withLockedValue { storage in
            storage.store.removeAll()
            storage.loaded.removeAll()
            storage.blobs.removeAll()
        }
        try await writer.respond(status: 200, headers: [], body: [])
    }

    /// `POST /models/{nameAndAction...}`: `tag`; other actions are answered as unknown (push and repackage are
    /// not served).
    func action(_ nameAndAction: String, request: SimHTTPRequest, writer: GoResponseWriter) async throws {
        let (model, action) = Self.splitAction(nameAndAction)
        guard action == "tag" else {
            try await writer.goError(status: 404, message: "unknown action \(GoQuote.quote(action))")
            return
        }
        let repo = request.queryValue("repo") ?? ""
        let tag = request.queryValue("tag") ?? ""
        guard !repo.isEmpty, !tag.isEmpty else {
            try await writer.goError(status: 400, message: "missing repo or tag query parameter")
            return
        }
        let target = repo + ":" + tag
        let registry = state.defaultRegistry
        let outcome = state.storage.withLockedValue { storage -> TagOutcome in
            guard let index = Self.tagSource(model, in: storage, defaultRegistry: registry) else {
                return .notFound
            }
            guard let canonical = SimReference.storeTag(target, defaultRegistry: registry) else { return .invalid }
            SimState.tagModel(&storage, id: storage.store[index].id, tag: canonical)
            return .tagged
        }
        switch outcome {
        case .notFound:
            try await writer.goError(status: 404, message: "model not found")
        case .invalid:
            try await writer.goError(
                status: 500,
                message: "error while tagging model: tagging model: invalid tag: invalid reference "
                    + "\(GoQuote.quote(SimReference.normalizeModelName(target))): invalid reference format")
        case .tagged:
            let body = GoJSON.object([
                ("message", GoJSON.string("Model tagged successfully with \(GoQuote.quote(target))")),
                ("target", GoJSON.string(target)),
            ])
            try await writer.json(body, status: 201)
        }
    }

    /// DMR's `Manager.Tag` source lookup: the store lookup, then by ID prefix (`sha256:…` or 12 characters),
    /// then the bare-name fallback.
    private static func tagSource(_ model: String, in storage: SimState.Storage, defaultRegistry: String) -> Int? {
        if let index = SimState.localIndex(model, in: storage, defaultRegistry: defaultRegistry) { return index }
        if model.hasPrefix("sha256:") || model.count == 12 {
            let byID = storage.store.firstIndex { stored in
                (stored.id == model || stored.id.hasPrefix(model)) && !stored.tags.isEmpty
            }
            if let byID { return byID }
        }
        return SimState.partialNameIndex(model, in: storage.store)
    }

    /// Go's `path.Split` with the model part's trailing slashes trimmed: `ai/x/tag` → (`ai/x`, `tag`).
    static func splitAction(_ nameAndAction: String) -> (model: String, action: String) {
        guard let slash = nameAndAction.lastIndex(of: "/") else { return ("", nameAndAction) }
        var model = nameAndAction[..<slash]
        while model.hasSuffix("/") { model = model.dropLast() }
        return (String(model), String(nameAndAction[nameAndAction.index(after: slash)...]))
    }

    /// `GET /engines[/{backend}]/v1/models` (any backend name, as DMR does not check it).
    func openAIList(writer: GoResponseWriter) async throws {
        let data = state.listModels().map(\.openAIJSON)
        try await writer.json(GoJSON.object([("object", GoJSON.string("list")), ("data", GoJSON.array(data))]))
    }

    /// `GET /engines[/{backend}]/v1/models/{name...}`: the store lookup only, no bare-name fallback.
    func openAIModel(_ reference: String, writer: GoResponseWriter) async throws {
        guard let model = state.localModel(reference) else {
            try await writer.goError(
                status: 404,
                message: "error while getting model: get model '\(GoQuote.quote(reference))': model not found")
            return
        }
        try await writer.json(model.openAIJSON)
    }

    enum DeleteError: Error { case notFound, conflict }
    enum TagOutcome { case notFound, invalid, tagged }

    /// DMR's `parseBoolQueryParam`: present without a value is true, else Go's `strconv.ParseBool`.
    static func parseBool(_ value: String) -> Bool {
        value.isEmpty || ["1", "t", "T", "TRUE", "true", "True"].contains(value)
    }
}

extension StoredModel {
    /// DMR's `OpenAIModel`: `id` is the first tag (the ID when untagged); `dmr` fields are omitted when empty.
    var openAIJSON: String {
        var dmr: [(String, String)] = []
        if let context = config.contextSize { dmr.append(("context_window", String(context))) }
        if let value = config.architecture, !value.isEmpty { dmr.append(("architecture", GoJSON.string(value))) }
        if let value = config.parameters, !value.isEmpty { dmr.append(("parameters", GoJSON.string(value))) }
        if let value = config.quantization, !value.isEmpty { dmr.append(("quantization", GoJSON.string(value))) }
        if !sizeDescription.isEmpty { dmr.append(("size", GoJSON.string(sizeDescription))) }
        return GoJSON.object([
            ("id", GoJSON.string(tags.first ?? id)), ("object", GoJSON.string("model")), ("created", String(created)),
            ("owned_by", GoJSON.string("docker")), ("dmr", GoJSON.object(dmr)),
        ])
    }
}
