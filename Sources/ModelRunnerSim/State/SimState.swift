import NIOConcurrencyHelpers
import NIOCore

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The simulator's shared mutable state: catalogue, store, stored configs, faults, recordings and waiters.
///
/// Everything lives behind one `NIOLockedValueBox` (a pthread mutex, which ThreadSanitizer understands);
/// continuations are resumed outside the lock.
final class SimState: Sendable {
    struct Waiter<Value: Sendable>: Sendable {
        var id: Int
        var continuation: CheckedContinuation<Value, any Error>
    }

    struct EventWaiter: Sendable {
        var id: Int
        var predicate: @Sendable (SimEvent) -> Bool
        var continuation: CheckedContinuation<SimEvent, any Error>
    }

    struct QueuedConfigureFault: Sendable {
        var target: SimFaultTarget
        var fault: SimConfigureFault
        var remaining: Int
    }

    struct QueuedInferenceFault: Sendable {
        var target: SimFaultTarget
        var fault: SimInferenceFault
        var remaining: Int
    }

    /// A model "loaded" by an inference request, as `GET /engines/ps` lists it (DMR keys runners by backend,
    /// model ID and mode, and names them by the reference of the request that started them).
    struct LoadedRunner: Sendable {
        var backend: String
        var modelID: String
        var modelName: String
        var mode: String
        var lastUsed: Date
    }

    struct Storage: Sendable {
        var configuration: SimConfiguration
        var catalogue: [SimModel]
        var store: [StoredModel] = []
        /// Layer blobs on disk, by layer digest: bytes written (complete when equal to the layer's size).
        var blobs: [String: Int] = [:]
        var configs: [RunnerConfigEntry] = []
        var queuedPullFaults: [(SimFaultTarget, SimPullFault)] = []
        var queuedConfigureFaults: [QueuedConfigureFault] = []
        var queuedInferenceFaults: [QueuedInferenceFault] = []
        var loaded: [LoadedRunner] = []
        var requests: [RecordedRequest] = []
        var events: [SimEvent] = []
        var eventWaiters: [EventWaiter] = []
        var availableSlots: Int
        var slotWaiters: [Waiter<Void>] = []
        var pausedPulls: [Waiter<Void>] = []
        var cancelledWaiterIDs: Set<Int> = []
        var activePulls = 0
        var maxConcurrentPullsObserved = 0
        var nextID = 1
        var nextConnectionID = 1
        var channels: [Int: any Channel] = [:]
    }

    let storage: NIOLockedValueBox<Storage>

    init(configuration: SimConfiguration) {
        var storage = Storage(
            configuration: configuration, catalogue: configuration.models,
            availableSlots: configuration.maximumConcurrentPulls)
        defaultRegistry = configuration.defaultRegistry
        for model in configuration.models where model.isPresent {
            Self.addToStore(
                &storage, model: model, tags: Self.initialTags(of: model, defaultRegistry: defaultRegistry))
        }
        self.storage = NIOLockedValueBox(storage)
    }

    var configuration: SimConfiguration { storage.withLockedValue { $0.configuration } }

    // MARK: Catalogue and store

    /// The registry that references naming none resolve to (DMR's `DEFAULT_REGISTRY`), fixed at start.
    let defaultRegistry: String

    /// Adds `tags` to the stored model of catalogue entry `model` (storing it first when absent), in order, each
    /// moved off any other model that had it, as DMR's `Index.Tag` does.
    static func addToStore(_ storage: inout Storage, model: SimModel, tags: [String]) {
        let id = StoredModel.id(for: model)
        if !storage.store.contains(where: { $0.id == id }) {
            storage.store.append(StoredModel.from(model, tags: []))
        }
        for tag in tags { tagModel(&storage, id: id, tag: tag) }
    }

    /// Gives model `id` the tag `tag` (canonical form), taking it from any other model.
    static func tagModel(_ storage: inout Storage, id: String, tag: String) {
        for index in storage.store.indices where storage.store[index].id != id {
            storage.store[index].tags.removeAll { $0 == tag }
        }
        if let index = storage.store.firstIndex(where: { $0.id == id }), !storage.store[index].tags.contains(tag) {
            storage.store[index].tags.append(tag)
        }
    }

    /// The tags a catalogue entry present from the start carries: its reference and every alias.
    static func initialTags(of model: SimModel, defaultRegistry: String) -> [String] {
        var tags: [String] = []
        for reference in model.references {
            if let tag = SimReference.storeTag(reference, defaultRegistry: defaultRegistry), !tags.contains(tag) {
                tags.append(tag)
            }
        }
        return tags
    }

    /// The catalogue entry ("what the registry holds") that a pull of `reference` (normalised as DMR does)
    /// fetches: the last entry with a reference or alias of the same canonical form, or, for `repo@sha256:…`,
    /// the entry with that repository whose model ID is the digest.
    static func catalogueEntry(for reference: String, in storage: Storage, defaultRegistry: String) -> SimModel? {
        guard let wanted = SimReference.parse(reference, defaultRegistry: defaultRegistry) else { return nil }
        return storage.catalogue.last { model in
            model.references.contains { candidate in
                guard
                    let name = SimReference.parse(
                        SimReference.normalizeModelName(candidate), defaultRegistry: defaultRegistry)
                else { return false }
                if wanted.isDigest {
                    return name.registry == wanted.registry && name.repository == wanted.repository
                        && StoredModel.id(for: model) == wanted.identifier
                }
                return name == wanted
            }
        }
    }

    /// The catalogue entry a pull of `reference` (as a client wrote it) fetches.
    func catalogueEntry(for reference: String) -> SimModel? {
        let name = SimReference.normalizeModelName(reference)
        return storage.withLockedValue { Self.catalogueEntry(for: name, in: $0, defaultRegistry: defaultRegistry) }
    }

    /// Whether a catalogue entry (under any of its references) is the named one, for the catalogue knobs and
    /// fault targets.
    func catalogueEntry(_ model: SimModel, isNamed reference: String) -> Bool {
        model.references.contains { SimReference.matches($0, reference, defaultRegistry: defaultRegistry) }
    }

    /// Records a pull of catalogue entry `model` under `tag` (canonical form); its blobs are complete.
    func markPulled(_ model: SimModel, tag: String) {
        storage.withLockedValue { storage in
            Self.addToStore(&storage, model: model, tags: [tag])
            for (index, size) in model.layerSizes.enumerated() {
                storage.blobs[ProgressLine.layerID(model: model, index: index)] = size
            }
        }
    }

    /// The bytes on disk of each layer (`nil`: none).
    func blobBytes(_ layerIDs: [String]) -> [Int?] {
        storage.withLockedValue { storage in layerIDs.map { storage.blobs[$0] } }
    }

    func setBlobBytes(_ layerID: String, _ bytes: Int) {
        storage.withLockedValue { $0.blobs[layerID] = bytes }
    }

    /// Removes the model at `index` from the store with its blobs (no other model shares a simulated layer).
    @discardableResult
    static func removeFromStore(_ storage: inout Storage, at index: Int) -> StoredModel {
        let model = storage.store.remove(at: index)
        for layer in model.layerIDs { storage.blobs[layer] = nil }
        storage.loaded.removeAll { $0.modelID == model.id }
        return model
    }

    func isPresent(_ model: SimModel) -> Bool {
        let id = StoredModel.id(for: model)
        return storage.withLockedValue { $0.store.contains { $0.id == id } }
    }

    /// The IDs in the store, for DMR's ID resolution.
    static func storeIDs(_ storage: Storage) -> [String] { storage.store.map(\.id) }

    /// DMR's `GetModel` (`GetLocal`): the index of the model `reference` names, by ID (full, bare 64 hex, 12-hex
    /// short), by `name@sha256:…` digest, or by a tag of the same canonical form.
    static func localIndex(_ reference: String, in storage: Storage, defaultRegistry: String) -> Int? {
        SimReference.find(
            reference, in: storage.store.map { SimReference.Entry(id: $0.id, tags: $0.tags) },
            defaultRegistry: defaultRegistry)
    }

    func localModel(_ reference: String) -> StoredModel? {
        storage.withLockedValue { storage in
            Self.localIndex(reference, in: storage, defaultRegistry: defaultRegistry).map { storage.store[$0] }
        }
    }

    /// DMR's bare-name fallback (`findModelByPartialName`): the first model with a tag whose last path component,
    /// without the tag, is exactly `reference`.
    static func partialNameIndex(_ reference: String, in store: [StoredModel]) -> Int? {
        store.firstIndex { model in
            model.tags.contains { tag in
                var name = Substring(tag)
                if let colon = name.lastIndex(of: ":") { name = name[..<colon] }
                if let slash = name.lastIndex(of: "/") { name = name[name.index(after: slash)...] }
                return name == reference
            }
        }
    }

    /// `GET /models/{ref}`: `localModel`, then DMR's bare-name fallback.
    func inspect(_ reference: String) -> StoredModel? {
        storage.withLockedValue { storage in
            if let index = Self.localIndex(reference, in: storage, defaultRegistry: defaultRegistry) {
                return storage.store[index]
            }
            return Self.partialNameIndex(reference, in: storage.store).map { storage.store[$0] }
        }
    }

    func listModels() -> [StoredModel] { storage.withLockedValue { $0.store } }

    /// DMR's `ResolveID`: the local model's ID, else the raw string.
    func resolveID(_ reference: String) -> String {
        localModel(reference)?.id ?? reference
    }

    // MARK: Recording

    @discardableResult
    func record(_ kind: SimEvent.Kind, model: String = "", connection: Int = 0, detail: String = "") -> SimEvent {
        let (event, ready) = storage.withLockedValue {
            storage -> (SimEvent, [CheckedContinuation<SimEvent, any Error>]) in
            let event = SimEvent(
                kind: kind, model: model, connectionID: connection, detail: detail, time: Date(),
                sequence: storage.events.count)
            storage.events.append(event)
            var ready: [CheckedContinuation<SimEvent, any Error>] = []
            storage.eventWaiters.removeAll { waiter in
                guard waiter.predicate(event) else { return false }
                ready.append(waiter.continuation)
                return true
            }
            return (event, ready)
        }
        for continuation in ready { continuation.resume(returning: event) }
        return event
    }

    func record(request: RecordedRequest) -> RecordedRequest {
        storage.withLockedValue { storage in
            var request = request
            request.sequence = storage.requests.count
            storage.requests.append(request)
            return request
        }
    }

    func nextWaiterID() -> Int {
        storage.withLockedValue { storage in
            defer { storage.nextID += 1 }
            return storage.nextID
        }
    }

    /// Waits for the first event (past or future) matching `predicate`.
    func waitForEvent(where predicate: @escaping @Sendable (SimEvent) -> Bool) async throws -> SimEvent {
        let id = nextWaiterID()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<SimEvent, any Error>) in
                let found = storage.withLockedValue { storage -> Result<SimEvent, any Error>? in
                    if storage.cancelledWaiterIDs.remove(id) != nil { return .failure(CancellationError()) }
                    if let event = storage.events.first(where: predicate) { return .success(event) }
                    storage.eventWaiters.append(EventWaiter(id: id, predicate: predicate, continuation: continuation))
                    return nil
                }
                if let found { continuation.resume(with: found) }
            }
        } onCancel: {
            let continuation = storage.withLockedValue { storage -> CheckedContinuation<SimEvent, any Error>? in
                if let index = storage.eventWaiters.firstIndex(where: { $0.id == id }) {
                    return storage.eventWaiters.remove(at: index).continuation
                }
                storage.cancelledWaiterIDs.insert(id)
                return nil
            }
            continuation?.resume(throwing: CancellationError())
        }
    }

    // MARK: Pull slots

    /// Takes one of the pull slots, waiting (sending nothing) until one frees; throws `CancellationError` when the
    /// waiting task is cancelled (the client went away).
    func acquirePullSlot(onWait: @Sendable () -> Void) async throws {
        let id = nextWaiterID()
        defer { _ = storage.withLockedValue { $0.cancelledWaiterIDs.remove(id) } }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let outcome = storage.withLockedValue { storage -> Result<Void, any Error>? in
                    if storage.cancelledWaiterIDs.contains(id) { return .failure(CancellationError()) }
                    if storage.availableSlots > 0 {
                        storage.availableSlots -= 1
                        return .success(())
                    }
                    storage.slotWaiters.append(Waiter(id: id, continuation: continuation))
                    return nil
                }
                if let outcome {
                    continuation.resume(with: outcome)
                } else {
                    onWait()
                }
            }
        } onCancel: {
            let continuation = storage.withLockedValue { storage -> CheckedContinuation<Void, any Error>? in
                if let index = storage.slotWaiters.firstIndex(where: { $0.id == id }) {
                    return storage.slotWaiters.remove(at: index).continuation
                }
                storage.cancelledWaiterIDs.insert(id)
                return nil
            }
            continuation?.resume(throwing: CancellationError())
        }
        storage.withLockedValue { storage in
            storage.activePulls += 1
            storage.maxConcurrentPullsObserved = max(storage.maxConcurrentPullsObserved, storage.activePulls)
        }
    }

    /// Gives a slot back, handing it straight to the longest waiter if there is one.
    func releasePullSlot() {
        let next = storage.withLockedValue { storage -> CheckedContinuation<Void, any Error>? in
            storage.activePulls -= 1
            if storage.slotWaiters.isEmpty {
                storage.availableSlots += 1
                return nil
            }
            return storage.slotWaiters.removeFirst().continuation
        }
        next?.resume()
    }

    var pullsWaitingForSlot: Int { storage.withLockedValue { $0.slotWaiters.count } }

    // MARK: Paused pulls

    func waitUntilResumed() async throws {
        let id = nextWaiterID()
        defer { _ = storage.withLockedValue { $0.cancelledWaiterIDs.remove(id) } }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let cancelled = storage.withLockedValue { storage -> Bool in
                    if storage.cancelledWaiterIDs.contains(id) { return true }
                    storage.pausedPulls.append(Waiter(id: id, continuation: continuation))
                    return false
                }
                if cancelled { continuation.resume(throwing: CancellationError()) }
            }
        } onCancel: {
            let continuation = storage.withLockedValue { storage -> CheckedContinuation<Void, any Error>? in
                if let index = storage.pausedPulls.firstIndex(where: { $0.id == id }) {
                    return storage.pausedPulls.remove(at: index).continuation
                }
                storage.cancelledWaiterIDs.insert(id)
                return nil
            }
            continuation?.resume(throwing: CancellationError())
        }
    }

    func resumePaused() {
        let waiting = storage.withLockedValue { storage in
            defer { storage.pausedPulls.removeAll() }
            return storage.pausedPulls
        }
        for waiter in waiting { waiter.continuation.resume() }
    }

    // MARK: Faults

    /// Removes and returns the first queued pull fault matching `reference`.
    func takeQueuedPullFault(reference: String) -> SimPullFault? {
        storage.withLockedValue { storage in
            guard
                let index = storage.queuedPullFaults.firstIndex(where: { target, _ in
                    target.model.map { self.targetMatches($0, reference) } ?? true
                })
            else { return nil }
            return storage.queuedPullFaults.remove(at: index).1
        }
    }

    /// Consumes one use of the first queued configure fault matching `reference`.
    func takeQueuedConfigureFault(reference: String) -> SimConfigureFault? {
        storage.withLockedValue { storage in
            guard
                let index = storage.queuedConfigureFaults.firstIndex(where: { queued in
                    queued.target.model.map { self.targetMatches($0, reference) } ?? true
                })
            else { return nil }
            let fault = storage.queuedConfigureFaults[index].fault
            storage.queuedConfigureFaults[index].remaining -= 1
            if storage.queuedConfigureFaults[index].remaining <= 0 { storage.queuedConfigureFaults.remove(at: index) }
            return fault
        }
    }

    /// Consumes one use of the first queued inference fault matching `reference`.
    func takeQueuedInferenceFault(reference: String) -> SimInferenceFault? {
        storage.withLockedValue { storage in
            guard
                let index = storage.queuedInferenceFaults.firstIndex(where: { queued in
                    queued.target.model.map { self.targetMatches($0, reference) } ?? true
                })
            else { return nil }
            let fault = storage.queuedInferenceFaults[index].fault
            storage.queuedInferenceFaults[index].remaining -= 1
            if storage.queuedInferenceFaults[index].remaining <= 0 { storage.queuedInferenceFaults.remove(at: index) }
            return fault
        }
    }

    /// The `inferenceFaults` of the catalogue entry stored as model `modelID`.
    func catalogueInferenceFaults(modelID: String) -> [SimInferenceFault] {
        storage.withLockedValue { storage in
            storage.catalogue.last { StoredModel.id(for: $0) == modelID }?.inferenceFaults ?? []
        }
    }

    // MARK: Loaded runners

    /// Records that an inference request used `model` (by `name`, as the request wrote it) on `backend`.
    func markLoaded(backend: String, model: StoredModel, name: String, mode: String) {
        storage.withLockedValue { storage in
            if let index = storage.loaded.firstIndex(where: {
                $0.backend == backend && $0.modelID == model.id && $0.mode == mode
            }) {
                storage.loaded[index].lastUsed = Date()
            } else {
                storage.loaded.append(
                    LoadedRunner(backend: backend, modelID: model.id, modelName: name, mode: mode, lastUsed: Date()))
            }
        }
    }

    /// Forgets loaded runners matching `predicate`; returns how many.
    func unload(where predicate: (LoadedRunner) -> Bool) -> Int {
        storage.withLockedValue { storage in
            let before = storage.loaded.count
            storage.loaded.removeAll(where: predicate)
            return before - storage.loaded.count
        }
    }

    /// Whether a fault target names the model a request names (as written, or after normalisation).
    private func targetMatches(_ target: String, _ reference: String) -> Bool {
        target == reference || SimReference.matches(target, reference, defaultRegistry: defaultRegistry)
    }

    // MARK: Runner configs

    enum StoreOutcome { case stored, unchanged }

    func storeConfig(_ entry: RunnerConfigEntry) -> StoreOutcome {
        storage.withLockedValue { storage in
            if let index = storage.configs.firstIndex(where: {
                $0.backend == entry.backend && $0.modelID == entry.modelID && $0.mode == entry.mode
            }) {
                if storage.configs[index].configJSON == entry.configJSON { return .unchanged }
                storage.configs[index] = entry
                return .stored
            }
            storage.configs.append(entry)
            return .stored
        }
    }

    /// DMR's `getAllRunnerConfigs`: entries whose model is local, with the model's first tag.
    func readConfigs() -> [(entry: RunnerConfigEntry, model: StoredModel)] {
        storage.withLockedValue { storage in
            storage.configs.compactMap { entry in
                Self.localIndex(entry.modelID, in: storage, defaultRegistry: defaultRegistry).map {
                    (entry, storage.store[$0])
                }
            }
        }
    }

    // MARK: Connections

    func register(channel: any Channel) -> Int {
        storage.withLockedValue { storage in
            defer { storage.nextConnectionID += 1 }
            storage.channels[storage.nextConnectionID] = channel
            return storage.nextConnectionID
        }
    }

    func unregister(connection: Int) {
        _ = storage.withLockedValue { $0.channels.removeValue(forKey: connection) }
    }

    func allChannels() -> [any Channel] { storage.withLockedValue { Array($0.channels.values) } }
}
