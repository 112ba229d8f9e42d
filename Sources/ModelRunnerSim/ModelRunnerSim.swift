import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A stand-in for Docker Model Runner, for tests, demos and benchmarks. It does no inference: its OpenAI-compatible
/// routes answer with deterministic text and vectors built from the request.
///
/// It speaks DMR's wire protocol as the project's reference describes it: `POST /models/create` streams progress
/// lines (JSON only for `Accept: application/json`, HTML-escaped text otherwise) under a limit of two concurrent
/// pulls, `_configure` stores configurations keyed as DMR keys them, and faults can be injected per model or per
/// request. Everything it receives is recorded (``requests``, ``events``) so tests can assert on it.
///
/// ```swift
/// let sim = ModelRunnerSim(configuration: SimConfiguration(models: [SimModel(reference: "ai/smollm2", size: 1024)]))
/// let address = try await sim.start(listening: .ephemeral)   // address.url == "http://127.0.0.1:54321"
/// defer { Task { try await sim.shutdown() } }
/// ```
public final class ModelRunnerSim: Sendable {
    /// What the simulator is, for help texts and startup lines.
    public static let disclaimer = "stand-in for tests and demos; no inference"

    private struct Running: Sendable {
        var serverChannel: any Channel
        var task: Task<Void, Never>
        var address: SimBoundAddress
    }

    private let state: SimState
    private let running = NIOLockedValueBox<Running?>(nil)

    /// Creates a simulator; nothing listens until ``start(listening:)``.
    public init(configuration: SimConfiguration = SimConfiguration()) {
        self.state = SimState(configuration: configuration)
    }

    // MARK: Lifecycle

    /// Starts listening and serving; returns the address actually bound (with the real port for port 0).
    /// - Throws: the bind error (address in use, bad path), or ``SimError/alreadyStarted``.
    @discardableResult
    public func start(listening address: SimListenAddress) async throws -> SimBoundAddress {
        if running.withLockedValue({ $0 != nil }) { throw SimError.alreadyStarted }
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .serverChannelOption(.backlog, value: 256)
        let initializer: @Sendable (any Channel) -> EventLoopFuture<SimConnection.AsyncConnection> = { channel in
            channel.eventLoop.makeCompletedFuture {
                try channel.pipeline.syncOperations.addHandler(
                    ByteToMessageHandler(HTTPRequestDecoder(leftOverBytesStrategy: .dropBytes)))
                return try SimConnection.AsyncConnection(wrappingChannelSynchronously: channel)
            }
        }
        let server: NIOAsyncChannel<SimConnection.AsyncConnection, Never>
        let bound: SimBoundAddress
        switch address {
        case .tcp(let host, let port):
            server = try await bootstrap.bind(host: host, port: port, childChannelInitializer: initializer)
            bound = .tcp(host: host, port: server.channel.localAddress?.port ?? port)
        case .unix(let path):
            server = try await bootstrap.bind(
                unixDomainSocketPath: path, cleanupExistingSocketFile: true, childChannelInitializer: initializer)
            bound = .unix(path: path)
        }
        let state = self.state
        let task = Task<Void, Never> {
            await withDiscardingTaskGroup { group in
                _ = try? await server.executeThenClose { connections in
                    for try await connection in connections {
                        let id = state.register(channel: connection.channel)
                        group.addTask {
                            await SimConnection(
                                connection: connection, id: id, state: state, router: SimRouter(state: state)
                            ).serve()
                        }
                    }
                }
            }
        }
        running.withLockedValue { $0 = Running(serverChannel: server.channel, task: task, address: bound) }
        return bound
    }

    /// Stops listening, closes every connection (ending any pull in progress) and waits until all are done.
    /// A unix socket file is removed. Calling it when not started does nothing.
    public func shutdown() async throws {
        guard
            let current = running.withLockedValue({ value -> Running? in
                defer { value = nil }
                return value
            })
        else {
            return
        }
        try? await current.serverChannel.close()
        for channel in state.allChannels() { try? await channel.close() }
        current.task.cancel()
        await current.task.value
        if case .unix(let path) = current.address { _ = unlink(path) }
    }

    /// The bound address while running.
    public var address: SimBoundAddress? { running.withLockedValue { $0?.address } }

    // MARK: Recordings

    /// Every request received so far, in arrival order.
    public var requests: [RecordedRequest] { state.storage.withLockedValue { $0.requests } }

    /// Every event so far, in order (see ``SimEvent/Kind``).
    public var events: [SimEvent] { state.storage.withLockedValue { $0.events } }

    /// The highest number of pulls that streamed at the same time.
    public var maxConcurrentPullsObserved: Int { state.storage.withLockedValue { $0.maxConcurrentPullsObserved } }

    /// Pulls holding a slot right now.
    public var activePulls: Int { state.storage.withLockedValue { $0.activePulls } }

    /// Pull requests waiting for a slot right now (they have received nothing).
    public var pullsWaitingForSlot: Int { state.pullsWaitingForSlot }

    /// Waits for the first event (already recorded or future) that satisfies `predicate`.
    /// - Throws: ``SimError/timedOut(_:)`` after `timeout` (a safety net so a broken test fails instead of hanging).
    public func waitForEvent(
        timeout: Duration = .seconds(10), where predicate: @escaping @Sendable (SimEvent) -> Bool
    ) async throws -> SimEvent {
        let state = self.state
        return try await withThrowingTaskGroup(of: SimEvent?.self) { group in
            group.addTask { try await state.waitForEvent(where: predicate) }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let event = first else {
                throw SimError.timedOut("no matching event within \(timeout)")
            }
            return event
        }
    }

    /// Waits for the first event of `kind` (for `model`, compared as written, when given).
    public func waitForEvent(
        _ kind: SimEvent.Kind, model: String? = nil, timeout: Duration = .seconds(10)
    ) async throws -> SimEvent {
        try await waitForEvent(timeout: timeout) { event in
            event.kind == kind && (model == nil || event.model == model)
        }
    }

    /// Waits until `count` events of `kind` have been recorded; returns the last of them.
    public func waitForEvents(
        _ kind: SimEvent.Kind, count: Int, timeout: Duration = .seconds(10)
    ) async throws -> SimEvent {
        let seen = NIOLockedValueBox(0)
        return try await waitForEvent(timeout: timeout) { event in
            guard event.kind == kind else { return false }
            return seen.withLockedValue { value in
                value += 1
                return value >= count
            }
        }
    }

    // MARK: Catalogue and store

    /// The catalogue as it is now.
    public var models: [SimModel] { state.storage.withLockedValue { $0.catalogue } }

    /// Tags of the models in the simulated store, in canonical form (`docker.io/ai/smollm2:latest`).
    public var presentTags: [String] { state.listModels().flatMap(\.tags) }

    /// Adds a catalogue entry, replacing one with an equivalent reference; a present entry is added to the store
    /// with its reference and aliases as tags.
    public func addModel(_ model: SimModel) {
        let state = self.state
        state.storage.withLockedValue { storage in
            storage.catalogue.removeAll { state.catalogueEntry($0, isNamed: model.reference) }
            storage.catalogue.append(model)
            if model.isPresent {
                SimState.addToStore(
                    &storage, model: model,
                    tags: SimState.initialTags(of: model, defaultRegistry: state.defaultRegistry))
            }
        }
    }

    /// Marks a catalogue model (named by its reference or an alias) as present in the local store, tagged with
    /// its reference and aliases, or removes it from the store.
    public func setPresent(reference: String, _ present: Bool) {
        let state = self.state
        state.storage.withLockedValue { storage in
            guard let model = storage.catalogue.last(where: { state.catalogueEntry($0, isNamed: reference) })
            else { return }
            if present {
                SimState.addToStore(
                    &storage, model: model,
                    tags: SimState.initialTags(of: model, defaultRegistry: state.defaultRegistry))
            } else {
                let id = StoredModel.id(for: model)
                if let index = storage.store.firstIndex(where: { $0.id == id }) {
                    SimState.removeFromStore(&storage, at: index)
                }
            }
        }
    }

    /// Removes the stored model `reference` names (any spelling `GET /models/{ref}` resolves: full reference,
    /// without tag, bare name, ID) from the store at run time, with every tag, its blobs and its loaded runners, as
    /// if another client had deleted it; the catalogue keeps it, so a later pull fetches it again. Stored
    /// configurations are kept (`GET /engines/_configure` lists only those of present models, as DMR does).
    /// Returns the removed model's tags, or `nil` when nothing matched.
    /// Over HTTP the same is `DELETE /models/{ref}?force=true`.
    @discardableResult
    public func dropModel(_ reference: String) -> [String]? {
        let state = self.state
        let dropped = state.storage.withLockedValue { storage -> StoredModel? in
            guard
                let index = SimState.localIndex(reference, in: storage, defaultRegistry: state.defaultRegistry)
                    ?? SimState.partialNameIndex(reference, in: storage.store)
            else { return nil }
            return SimState.removeFromStore(&storage, at: index)
        }
        guard let dropped else { return nil }
        state.record(.modelDropped, model: reference, detail: dropped.id)
        return dropped.tags
    }

    /// The models "loaded" by inference requests, as `GET /engines/ps` lists them: (backend, model as the first
    /// request named it, mode).
    public var loadedModels: [(backend: String, model: String, mode: String)] {
        state.storage.withLockedValue { $0.loaded.map { ($0.backend, $0.modelName, $0.mode) } }
    }

    /// Makes the simulated registry reachable or not (see ``SimConfiguration/registryReachable``).
    public func setRegistryReachable(_ reachable: Bool) {
        state.storage.withLockedValue { $0.configuration.registryReachable = reachable }
    }

    // MARK: Faults and knobs

    /// Queues a one-shot fault for the next `POST /models/create` matching `target`.
    public func enqueuePullFault(_ fault: SimPullFault, for target: SimFaultTarget = .any) {
        state.storage.withLockedValue { $0.queuedPullFaults.append((target, fault)) }
    }

    /// Queues a fault for the next `_configure` call(s) matching `target`; ``SimConfigureFault/busy(times:)``
    /// applies to that many calls.
    public func enqueueConfigureFault(_ fault: SimConfigureFault, for target: SimFaultTarget = .any) {
        let uses: Int
        if case .busy(let times) = fault { uses = max(1, times) } else { uses = 1 }
        state.storage.withLockedValue {
            $0.queuedConfigureFaults.append(
                SimState.QueuedConfigureFault(target: target, fault: fault, remaining: uses))
        }
    }

    /// Queues a fault for the next `times` OpenAI-compatible requests (`chat/completions`, `completions`,
    /// `embeddings`) whose `model` matches `target`.
    public func enqueueInferenceFault(_ fault: SimInferenceFault, for target: SimFaultTarget = .any, times: Int = 1) {
        state.storage.withLockedValue {
            $0.queuedInferenceFaults.append(
                SimState.QueuedInferenceFault(target: target, fault: fault, remaining: max(1, times)))
        }
    }

    /// Drops every queued fault.
    public func clearQueuedFaults() {
        state.storage.withLockedValue { storage in
            storage.queuedPullFaults.removeAll()
            storage.queuedConfigureFaults.removeAll()
            storage.queuedInferenceFaults.removeAll()
        }
    }

    /// Lets every pull waiting at a ``SimPullFault/pauseUntilResumed(afterLines:)`` point continue.
    public func resumePausedPulls() { state.resumePaused() }
}
