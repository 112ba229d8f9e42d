import Foundation
import ModelBind
import NIOCore

/// The simulator's shared mutable state: catalogue, store, stored configs, faults, recordings and waiters.
///
/// Everything lives behind one `Locked` (a pthread mutex); continuations are resumed outside the lock.
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

    struct Storage {
        var configuration: SimConfiguration
        var catalogue: [SimModel]
        var store: [StoredModel] = []
        var configs: [RunnerConfigEntry] = []
        var queuedPullFaults: [(SimFaultTarget, SimPullFault)] = []
        var queuedConfigureFaults: [QueuedConfigureFault] = []
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

    let storage: Locked<Storage>

    init(configuration: SimConfiguration) {
        var storage = Storage(
            configuration: configuration, catalogue: configuration.models,
            availableSlots: configuration.maximumConcurrentPulls)
        for model in configuration.models where model.isPresent {
            if let tag = ReferenceAdapter.storeTag(model.reference) {
                Self.addToStore(&storage, model: model, tag: tag)
            }
        }
        self.storage = Locked(storage)
    }

    var configuration: SimConfiguration { storage.withLock { $0.configuration } }

    // MARK: Catalogue and store

    static func addToStore(_ storage: inout Storage, model: SimModel, tag: String) {
        let entry = StoredModel.from(model, tag: tag)
        for index in storage.store.indices { storage.store[index].tags.removeAll { $0 == tag } }
        if let index = storage.store.firstIndex(where: { $0.id == entry.id }) {
            if !storage.store[index].tags.contains(tag) { storage.store[index].tags.append(tag) }
        } else {
            storage.store.append(entry)
        }
    }

    func catalogueEntry(for reference: String) -> SimModel? {
        storage.withLock { storage in
            storage.catalogue.last { ReferenceAdapter.matches($0.reference, reference) }
        }
    }

    func markPulled(_ model: SimModel, reference: String) {
        guard let tag = ReferenceAdapter.storeTag(reference) else { return }
        storage.withLock { Self.addToStore(&$0, model: model, tag: tag) }
    }

    func isPresent(_ model: SimModel) -> Bool {
        let id = StoredModel.id(for: model)
        return storage.withLock { $0.store.contains { $0.id == id } }
    }

    /// DMR's `GetLocal`: by ID (full, bare 64 hex, 12-hex short, `name@sha256:`) or by normalised tag.
    func localModel(_ reference: String) -> StoredModel? {
        storage.withLock { Self.localModel(reference, in: $0.store) }
    }

    static func localModel(_ reference: String, in store: [StoredModel]) -> StoredModel? {
        let trimmed = reference.trimmingCharacters(in: .whitespaces)
        let isHex: (Substring) -> Bool = { $0.allSatisfy { $0.isHexDigit && !$0.isUppercase } }
        if trimmed.hasPrefix("sha256:"), trimmed.count == 71, isHex(trimmed.dropFirst(7)) {
            return store.first { $0.id == trimmed }
        }
        if trimmed.count == 64, isHex(Substring(trimmed)) { return store.first { $0.id == "sha256:" + trimmed } }
        if trimmed.count == 12, isHex(Substring(trimmed)),
            let match = store.first(where: { $0.id.dropFirst(7).hasPrefix(trimmed) })
        {
            return match
        }
        if let at = trimmed.firstIndex(of: "@") {
            let digest = String(trimmed[trimmed.index(after: at)...])
            return store.first { $0.id == digest }
        }
        return store.first { model in model.tags.contains { ReferenceAdapter.matches($0, trimmed) } }
    }

    /// `GET /models/{ref}`: `localModel`, then DMR's bare-name partial fallback.
    func inspect(_ reference: String) -> StoredModel? {
        storage.withLock { storage in
            if let model = Self.localModel(reference, in: storage.store) { return model }
            for model in storage.store {
                for tag in model.tags {
                    var name = Substring(tag)
                    if let colon = name.lastIndex(of: ":") { name = name[..<colon] }
                    if let slash = name.lastIndex(of: "/") { name = name[name.index(after: slash)...] }
                    if name == reference { return model }
                }
            }
            return nil
        }
    }

    func listModels() -> [StoredModel] { storage.withLock { $0.store } }

    /// DMR's `ResolveID`: the local model's ID, else the raw string.
    func resolveID(_ reference: String) -> String {
        localModel(reference)?.id ?? reference
    }

    // MARK: Recording

    @discardableResult
    func record(_ kind: SimEvent.Kind, model: String = "", connection: Int = 0, detail: String = "") -> SimEvent {
        let (event, ready) = storage.withLock { storage -> (SimEvent, [CheckedContinuation<SimEvent, any Error>]) in
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
        storage.withLock { storage in
            var request = request
            request.sequence = storage.requests.count
            storage.requests.append(request)
            return request
        }
    }

    func nextWaiterID() -> Int {
        storage.withLock { storage in
            defer { storage.nextID += 1 }
            return storage.nextID
        }
    }

    /// Waits for the first event (past or future) matching `predicate`.
    func waitForEvent(where predicate: @escaping @Sendable (SimEvent) -> Bool) async throws -> SimEvent {
        let id = nextWaiterID()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<SimEvent, any Error>) in
                let found = storage.withLock { storage -> Result<SimEvent, any Error>? in
                    if storage.cancelledWaiterIDs.remove(id) != nil { return .failure(CancellationError()) }
                    if let event = storage.events.first(where: predicate) { return .success(event) }
                    storage.eventWaiters.append(EventWaiter(id: id, predicate: predicate, continuation: continuation))
                    return nil
                }
                if let found { continuation.resume(with: found) }
            }
        } onCancel: {
            let continuation = storage.withLock { storage -> CheckedContinuation<SimEvent, any Error>? in
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
        defer { _ = storage.withLock { $0.cancelledWaiterIDs.remove(id) } }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let outcome = storage.withLock { storage -> Result<Void, any Error>? in
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
            let continuation = storage.withLock { storage -> CheckedContinuation<Void, any Error>? in
                if let index = storage.slotWaiters.firstIndex(where: { $0.id == id }) {
                    return storage.slotWaiters.remove(at: index).continuation
                }
                storage.cancelledWaiterIDs.insert(id)
                return nil
            }
            continuation?.resume(throwing: CancellationError())
        }
        storage.withLock { storage in
            storage.activePulls += 1
            storage.maxConcurrentPullsObserved = max(storage.maxConcurrentPullsObserved, storage.activePulls)
        }
    }

    /// Gives a slot back, handing it straight to the longest waiter if there is one.
    func releasePullSlot() {
        let next = storage.withLock { storage -> CheckedContinuation<Void, any Error>? in
            storage.activePulls -= 1
            if storage.slotWaiters.isEmpty {
                storage.availableSlots += 1
                return nil
            }
            return storage.slotWaiters.removeFirst().continuation
        }
        next?.resume()
    }

    var pullsWaitingForSlot: Int { storage.withLock { $0.slotWaiters.count } }

    // MARK: Paused pulls

    func waitUntilResumed() async throws {
        let id = nextWaiterID()
        defer { _ = storage.withLock { $0.cancelledWaiterIDs.remove(id) } }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let cancelled = storage.withLock { storage -> Bool in
                    if storage.cancelledWaiterIDs.contains(id) { return true }
                    storage.pausedPulls.append(Waiter(id: id, continuation: continuation))
                    return false
                }
                if cancelled { continuation.resume(throwing: CancellationError()) }
            }
        } onCancel: {
            let continuation = storage.withLock { storage -> CheckedContinuation<Void, any Error>? in
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
        let waiting = storage.withLock { storage in
            defer { storage.pausedPulls.removeAll() }
            return storage.pausedPulls
        }
        for waiter in waiting { waiter.continuation.resume() }
    }

    // MARK: Faults

    /// Removes and returns the first queued pull fault matching `reference`.
    func takeQueuedPullFault(reference: String) -> SimPullFault? {
        storage.withLock { storage in
            guard
                let index = storage.queuedPullFaults.firstIndex(where: { target, _ in
                    target.model.map { ReferenceAdapter.matches($0, reference) || $0 == reference } ?? true
                })
            else { return nil }
            return storage.queuedPullFaults.remove(at: index).1
        }
    }

    /// Consumes one use of the first queued configure fault matching `reference`.
    func takeQueuedConfigureFault(reference: String) -> SimConfigureFault? {
        storage.withLock { storage in
            guard
                let index = storage.queuedConfigureFaults.firstIndex(where: { queued in
                    queued.target.model.map { ReferenceAdapter.matches($0, reference) || $0 == reference } ?? true
                })
            else { return nil }
            let fault = storage.queuedConfigureFaults[index].fault
            storage.queuedConfigureFaults[index].remaining -= 1
            if storage.queuedConfigureFaults[index].remaining <= 0 { storage.queuedConfigureFaults.remove(at: index) }
            return fault
        }
    }

    // MARK: Runner configs

    enum StoreOutcome { case stored, unchanged }

    func storeConfig(_ entry: RunnerConfigEntry) -> StoreOutcome {
        storage.withLock { storage in
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
        storage.withLock { storage in
            storage.configs.compactMap { entry in
                Self.localModel(entry.modelID, in: storage.store).map { (entry, $0) }
            }
        }
    }

    // MARK: Connections

    func register(channel: any Channel) -> Int {
        storage.withLock { storage in
            defer { storage.nextConnectionID += 1 }
            storage.channels[storage.nextConnectionID] = channel
            return storage.nextConnectionID
        }
    }

    func unregister(connection: Int) {
        _ = storage.withLock { $0.channels.removeValue(forKey: connection) }
    }

    func allChannels() -> [any Channel] { storage.withLock { Array($0.channels.values) } }
}
