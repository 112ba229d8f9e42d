/// `GET /models`, `GET /models/{ref}`, `DELETE /models/{ref}` and `GET /engines/v1/models`.
struct ModelsHandler: Sendable {
    let state: SimState

    func list(writer: GoResponseWriter) async throws {
        try await writer.json(GoJSON.array(state.listModels().map(\.json)))
    }

    func inspect(_ nameAndAction: String, request: SimHTTPRequest, writer: GoResponseWriter) async throws {
        if let remote = request.queryValue("remote"), Self.parseBool(remote) {
            guard let entry = state.catalogueEntry(for: nameAndAction) else {
                let familiar = ReferenceAdapter.familiar(nameAndAction) ?? nameAndAction
                try await writer.goError(
                    status: 404,
                    message: "error while getting remote model: failed to pull model \"\(familiar)\": "
                        + "MANIFEST_UNKNOWN - Model not found")
                return
            }
            var model = StoredModel.from(entry, tag: "")
            model.tags = []
            try await writer.json(model.json)
            return
        }
        guard let model = state.inspect(nameAndAction) else {
            try await writer.goError(status: 404, message: "model not found")
            return
        }
        try await writer.json(model.json)
    }

    func delete(_ reference: String, request: SimHTTPRequest, writer: GoResponseWriter) async throws {
        let force = request.queryValue("force").map(Self.parseBool) ?? false
        let outcome = state.storage.withLock { storage -> Result<[(String, String)], DeleteError> in
            guard let model = SimState.localModel(reference, in: storage.store),
                let index = storage.store.firstIndex(where: { $0.id == model.id })
            else { return .failure(.notFound) }
            let byTag = model.tags.first { ReferenceAdapter.matches($0, reference) }
            if let tag = byTag, model.tags.count > 1 {
                storage.store[index].tags.removeAll { $0 == tag }
                return .success([("Untagged", tag)])
            }
            if byTag == nil, model.tags.count > 1, !force { return .failure(.conflict) }
            storage.store.remove(at: index)
            return .success(model.tags.map { ("Untagged", $0) } + [("Deleted", model.id)])
        }
        switch outcome {
        case .success(let actions):
            try await writer.json(GoJSON.array(actions.map { GoJSON.object([($0.0, GoJSON.string($0.1))]) }))
        case .failure(.notFound):
            try await writer.goError(status: 404, message: "error while deleting model: model not found")
        case .failure(.conflict):
            try await writer.goError(
                status: 409,
                message: "error while deleting model: unable to delete \"\(reference)\" (must be forced) due to "
                    + "multiple tag references: resource conflict")
        }
    }

    func action(_ nameAndAction: String, writer: GoResponseWriter) async throws {
        let action = nameAndAction.split(separator: "/").last.map(String.init) ?? ""
        try await writer.goError(status: 404, message: "unknown action \"\(action)\"")
    }

    func openAIList(writer: GoResponseWriter) async throws {
        let data = state.listModels().map { model in
            var dmr: [(String, String)] = []
            if let context = model.config.contextSize { dmr.append(("context_window", String(context))) }
            if let value = model.config.architecture, !value.isEmpty {
                dmr.append(("architecture", GoJSON.string(value)))
            }
            if let value = model.config.parameters, !value.isEmpty { dmr.append(("parameters", GoJSON.string(value))) }
            if let value = model.config.quantization, !value.isEmpty {
                dmr.append(("quantization", GoJSON.string(value)))
            }
            dmr.append(("size", GoJSON.string(model.sizeDescription)))
            return GoJSON.object([
                ("id", GoJSON.string(model.tags.first ?? model.id)), ("object", GoJSON.string("model")),
                ("created", String(model.created)), ("owned_by", GoJSON.string("docker")), ("dmr", GoJSON.object(dmr)),
            ])
        }
        try await writer.json(GoJSON.object([("object", GoJSON.string("list")), ("data", GoJSON.array(data))]))
    }

    enum DeleteError: Error { case notFound, conflict }

    /// DMR's `parseBoolQueryParam`: present without a value is true, else Go's `strconv.ParseBool`.
    static func parseBool(_ value: String) -> Bool {
        value.isEmpty || ["1", "t", "T", "TRUE", "true", "True"].contains(value)
    }
}
