import NIOConcurrencyHelpers
import NIOCore

/// `POST /models/create`: DMR's pull, with its concurrency limit, streaming format and failure shapes.
struct PullHandler: Sendable {
    let state: SimState

    private enum Outcome: Error {
        /// The stream ended (successfully or with an in-stream error) and the response is complete.
        case finished
        /// The connection must be closed (cut, or the client went away).
        case close
    }

    func handle(_ request: SimHTTPRequest, writer: GoResponseWriter) async throws -> SimConnection.Disposition {
        var writer = writer
        let connection = request.connectionID
        guard let (from, _) = Self.decode(request.body) else {
            try await writer.goError(status: 400, message: "invalid request body")
            return .keepAlive
        }
        var faultList = state.catalogueEntry(for: from)?.faults ?? []
        if let queued = state.takeQueuedPullFault(reference: from) { faultList.append(queued) }
        let faults = PullFaults(faultList)
        if faults.refuse {
            state.record(.faultApplied, model: from, connection: connection, detail: "refuseConnection")
            return .close
        }

        // maximumConcurrentModelPulls: wait without sending a byte; a client that leaves gets nothing.
        do {
            try await state.acquirePullSlot { state.record(.pullQueued, model: from, connection: connection) }
        } catch {
            state.record(.pullAbandoned, model: from, connection: connection)
            return .close
        }
        // DMR releases the slot in a deferred call when its handler returns, which Go's server does
        // before it writes the end of the body: a client that has read a whole response may start
        // the next pull at once and find the slot free. Released once, whichever comes first.
        let slot = PullSlotLease(state: state)
        writer.beforeCompletion = { slot.release() }
        defer { slot.release() }
        state.record(.pullStarted, model: from, connection: connection)

        do {
            try await stream(from: from, request: request, faults: faults, writer: writer)
            return .keepAlive
        } catch Outcome.finished {
            return .keepAlive
        } catch Outcome.close {
            return .close
        } catch {
            state.record(.pullCancelled, model: from, connection: connection, detail: String(describing: error))
            return .close
        }
    }

    private func stream(
        from: String, request: SimHTTPRequest, faults: PullFaults, writer: GoResponseWriter
    ) async throws {
        let connection = request.connectionID
        let configuration = state.configuration
        try await Self.pause(configuration.manifestFetchDelay)
        if let delay = faults.delayBeforeHeaders {
            state.record(.faultApplied, model: from, connection: connection, detail: "delayBeforeHeaders")
            try await Task.sleep(for: delay)
        }
        let isJSON = request.header("Accept") == "application/json" && !faults.forceTextPlain
        let streamingHeaders = [("Cache-Control", "no-cache"), ("Connection", "keep-alive")]

        // The name DMR pulls: normalised, IDs resolved against the store. DMR's Manager.Pull sets the streaming
        // headers before the pull runs, so the errors the pull returns go out with them, chunked (only the body
        // decoding error in `handle` comes before them).
        let name = SimReference.normalizeModelName(
            from, storeIDs: state.storage.withLockedValue { SimState.storeIDs($0) })
        func fail(_ error: SimPreStreamError) async throws -> Never {
            if error.isFromPullHandler {
                try await writer.goError(
                    status: error.status, message: error.body(reference: name), extraHeaders: streamingHeaders,
                    chunked: true)
            } else {
                try await writer.goError(status: error.status, message: error.body(reference: name))
            }
            state.record(.pullFailed, model: from, connection: connection, detail: String(error.status))
            throw Outcome.finished
        }

        if let error = faults.status {
            state.record(.faultApplied, model: from, connection: connection, detail: "status \(error.status)")
            try await fail(error)
        }
        let contentType = isJSON ? "application/json" : "text/plain"
        func startStream() async throws {
            try await writer.writeHead(
                status: 200, headers: streamingHeaders + [("Content-Type", contentType)], chunked: true)
            state.record(.pullResponseStarted, model: from, connection: connection, detail: contentType)
        }
        var emitter = LineEmitter(writer: writer, isJSON: isJSON, byteByByte: faults.byteByByte)
        // DMR checks the reference as sent (untrimmed) for a Hugging Face prefix.
        let isHuggingFace = SimReference.isHuggingFace(from)
        let model: SimModel
        if isHuggingFace {
            // Hugging Face pulls look in the local store first, with no network, by the normalised tag.
            if let local = state.localModel(name) {
                try await startStream()
                try await emitter.line(ProgressLine.success("Using cached model: \(local.sizeDescription)"))
                try await writer.endChunked()
                state.record(.pullFinished, model: from, connection: connection, detail: "cached")
                return
            }
            guard configuration.registryReachable, let entry = state.catalogueEntry(for: from) else {
                // The native Hugging Face pull writes its first progress line before it asks the Hub.
                try await startStream()
                try await emitter.line(ProgressLine.message(type: "progress", message: "Fetching file list..."))
                if configuration.registryReachable {
                    try await emitter.raw("Model not found")
                } else {
                    let detail = Self.huggingFaceUnreachable(from)
                    try await emitter.line(ProgressLine.error("Error: " + detail))
                    try await emitter.raw("error while pulling model: build model from HuggingFace: " + detail)
                }
                try await writer.endChunked()
                state.record(.pullFailed, model: from, connection: connection, detail: "huggingFace")
                throw Outcome.finished
            }
            model = entry
        } else {
            guard SimReference.parse(name, defaultRegistry: state.defaultRegistry) != nil else {
                try await fail(.invalidReference)
            }
            // DMR asks the registry for the manifest before it looks at its store, cached or not.
            guard configuration.registryReachable else {
                try await fail(.registryUnreachable(detail: Self.registryUnreachable(name, state.defaultRegistry)))
            }
            guard let entry = state.catalogueEntry(for: from) else { try await fail(.notFound) }
            model = entry
        }
        let tag = SimReference.storeTag(name, defaultRegistry: state.defaultRegistry) ?? name

        if faults.htmlBody {
            state.record(.faultApplied, model: from, connection: connection, detail: "htmlBody")
            let page =
                "<!DOCTYPE html>\n<html><head><title>Sign in to the network</title></head>"
                + "<body><h1>Authentication required</h1><p>Please sign in to continue.</p></body></html>\n"
            try await writer.respond(
                status: 200, headers: [("Content-Type", "text/html; charset=utf-8")], body: Array(page.utf8))
            state.record(.pullFailed, model: from, connection: connection, detail: "htmlBody")
            throw Outcome.finished
        }

        try await startStream()
        if isHuggingFace || faults.huggingFaceEnding != nil {
            try await emitter.line(ProgressLine.message(type: "progress", message: "Fetching file list..."))
        }
        if let size = faults.hugeLine {
            state.record(.faultApplied, model: from, connection: connection, detail: "hugeLine")
            let filler = String(repeating: "x", count: max(0, size - 80))
            try await emitter.line(ProgressLine.message(type: "warning", message: "Large warning: " + filler))
        }

        var checkpoints = Checkpoints(faults: faults, state: state, model: from, connection: connection)
        try await checkpoints.reached(0, emitter: &emitter)

        if state.isPresent(model) {
            // DMR re-applies the requested tag to the cached model (it tags after writing the line; tagging first
            // means a client that inspects straight after the line finds the tag).
            state.markPulled(model, tag: tag)
            try await emitter.line(ProgressLine.success("Using cached model: \(model.sizeDescription)"))
            try await writer.endChunked()
            state.record(.pullFinished, model: from, connection: connection, detail: "cached")
            return
        }

        let layerIDs = model.layerSizes.indices.map { ProgressLine.layerID(model: model, index: $0) }
        var plan = PullProgressPlan(
            layerSizes: model.layerSizes, speed: model.speed,
            tick: configuration.progressInterval > .zero ? configuration.progressInterval : .milliseconds(100),
            byteStep: configuration.progressByteStep, onDisk: state.blobBytes(layerIDs))
        let total = model.totalSize
        var written = 0
        while !plan.isFinished {
            for update in plan.nextTick() {
                try await emitter.line(
                    ProgressLine.progress(
                        total: total, layerID: layerIDs[update.layer], layerSize: model.layerSizes[update.layer],
                        current: update.current))
                // What a line reports is on disk: an interrupted pull leaves it for the next one to resume.
                state.setBlobBytes(layerIDs[update.layer], update.current)
                written += 1
                try await checkpoints.reached(written, emitter: &emitter)
            }
            try await Self.pause(configuration.progressInterval)
        }
        if faults.neverEnding {
            state.record(.faultApplied, model: from, connection: connection, detail: "neverEnding")
            let size = max(model.layerSizes[0], 2)
            var current = 0
            while true {
                current = (current + configuration.progressByteStep) % (size - 1)
                try await emitter.line(
                    ProgressLine.progress(
                        total: total, layerID: ProgressLine.layerID(model: model, index: 0), layerSize: size,
                        current: current))
                written += 1
                try await checkpoints.reached(written, emitter: &emitter)
                try await Self.pause(max(configuration.progressInterval, .milliseconds(1)))
            }
        }
        // Pending checkpoints past the last line still apply (e.g. cut(afterLines: 1_000) on a small model: no-op).
        // DMR writes the model to its store before it reports success, so a client that reads the success line
        // and immediately asks `GET /models/{ref}` finds it.
        state.markPulled(model, tag: tag)
        try await emitter.line(ProgressLine.success("Model pulled successfully"))
        try await writer.endChunked()
        state.record(.pullFinished, model: from, connection: connection)
    }

    /// The transport error DMR's registry client reports when the registry does not answer (the host, scheme and
    /// port follow the reference; the real text also depends on the network and proxy in between).
    static func registryUnreachable(_ name: String, _ defaultRegistry: String) -> String {
        guard let canonical = SimReference.parse(name, defaultRegistry: defaultRegistry) else {
            return "dial tcp: connect: connection refused"
        }
        let host = canonical.registry == "docker.io" ? "registry-1.docker.io" : canonical.registry
        let bareHost = host.split(separator: ":").first.map(String.init) ?? host
        let plain = bareHost == "localhost" || bareHost.hasSuffix(".local")
        let address = host.contains(":") ? host : host + (plain ? ":80" : ":443")
        let separator = canonical.isDigest ? "@" : ":"
        return "resolving \(canonical.registry)/\(canonical.repository)\(separator)\(canonical.identifier): "
            + "failed to do request: Head \"\(plain ? "http" : "https")://\(host)/v2/\(canonical.repository)"
            + "/manifests/\(canonical.identifier)\": dial tcp \(address): connect: connection refused"
    }

    /// The error of DMR's native Hugging Face pull when the Hub does not answer.
    static func huggingFaceUnreachable(_ reference: String) -> String {
        var repo = Substring(SimReference.trimSpace(reference))
        for prefix in ["huggingface.co/", "hf.co/"] where repo.hasPrefix(prefix) { repo = repo.dropFirst(prefix.count) }
        if let colon = repo.firstIndex(of: ":") { repo = repo[..<colon] }
        return "list files: list files: Get \"https://huggingface.co/api/models/\(repo)/tree/main\": "
            + "dial tcp: lookup huggingface.co: no such host"
    }

    /// Sleeps for `duration`, or just yields (still honouring cancellation) when it is zero.
    static func pause(_ duration: Duration) async throws {
        if duration > .zero {
            try await Task.sleep(for: duration)
        } else {
            await Task.yield()
            try Task.checkCancellation()
        }
    }

    /// Go's `json.NewDecoder(body).Decode(&ModelCreateRequest{})`: the first JSON value must be an object (or
    /// `null`) whose `from` and `bearer-token` are strings (or `null`); anything after it is ignored.
    static func decode(_ body: [UInt8]) -> (from: String, bearerToken: String)? {
        guard let value = try? JSONValue.parseFirst(body) else { return nil }
        if value == .null { return ("", "") }
        guard case .object = value else { return nil }
        var fields: [String] = []
        for key in ["from", "bearer-token"] {
            switch value.member(key) {
            case nil, .some(.null): fields.append("")
            case .some(.string(let text)): fields.append(text)
            default: return nil
            }
        }
        return (fields[0], fields[1])
    }

    /// Writes progress lines: HTML-escaped in text mode, one chunk each (or one chunk per byte).
    struct LineEmitter {
        let writer: GoResponseWriter
        let isJSON: Bool
        let byteByByte: Duration?

        mutating func line(_ json: String) async throws {
            let text = json + "\n"
            try await send(Array((isJSON ? text : HTMLEscaping.escape(text)).utf8))
        }

        /// A line written straight to the response, unescaped (what Go's `http.Error` appends after a stream).
        mutating func raw(_ text: String) async throws {
            try await send(Array((text + "\n").utf8))
        }

        private func send(_ bytes: [UInt8]) async throws {
            guard let pause = byteByByte else {
                try await writer.writeChunk(bytes)
                return
            }
            for byte in bytes {
                try await writer.writeChunk([byte])
                try await PullHandler.pause(pause)
            }
        }
    }

    /// Applies the line-count faults as the stream passes each count.
    struct Checkpoints {
        let faults: PullFaults
        let state: SimState
        let model: String
        let connection: Int

        mutating func reached(_ count: Int, emitter: inout LineEmitter) async throws {
            if count > 0, let every = faults.garbageEvery, count % every == 0 {
                try await emitter.raw("garbage line \(count): this is not JSON")
            }
            if faults.pauseAfter == count {
                state.record(.pullPaused, model: model, connection: connection, detail: String(count))
                try await state.waitUntilResumed()
            }
            if faults.stallAfter == count {
                state.record(.faultApplied, model: model, connection: connection, detail: "stall")
                while true { try await Task.sleep(for: .seconds(3600)) }
            }
            if faults.cutAfter == count {
                state.record(.faultApplied, model: model, connection: connection, detail: "cut")
                state.record(.pullFailed, model: model, connection: connection, detail: "cut")
                throw Outcome.close
            }
            if let message = faults.errorLine.flatMap({ $0.after == count ? $0.message : nil }) {
                state.record(.faultApplied, model: model, connection: connection, detail: "errorLine")
                try await emitter.line(ProgressLine.error("Error: \(message)"))
                try await emitter.raw("error while pulling model: writing image to store: \(message)")
                try await emitter.writer.endChunked()
                state.record(.pullFailed, model: model, connection: connection, detail: "errorLine")
                throw Outcome.finished
            }
            if let trailer = faults.huggingFaceEnding.flatMap({ $0.after == count ? $0.trailer : nil }) {
                state.record(.faultApplied, model: model, connection: connection, detail: "huggingFaceEnding")
                try await emitter.raw(trailer)
                try await emitter.writer.endChunked()
                state.record(.pullFailed, model: model, connection: connection, detail: "huggingFaceEnding")
                throw Outcome.finished
            }
        }
    }
}

/// One pull's hold on a concurrency slot, given back exactly once.
private final class PullSlotLease: Sendable {
    private let state: SimState
    private let held = NIOLockedValueBox(true)

    init(state: SimState) {
        self.state = state
    }

    func release() {
        let wasHeld = held.withLockedValue { held in
            defer { held = false }
            return held
        }
        if wasHeld { state.releasePullSlot() }
    }
}
