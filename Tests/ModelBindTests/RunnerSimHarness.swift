import Foundation
import ModelRunnerSim
import Testing

@testable import ModelBind
@testable import ModelBindSupport
@testable import ModelRunnerClient
@testable import Provisioning
@testable import RunnerEndpoints

/// Where a test's simulator listens.
enum SimTransport: String, CaseIterable, Sendable {
    case tcp
    case unix
}

/// A started simulator and a client pointed at it; shut both down with ``stop()``.
struct RunnerSimHarness {
    let sim: ModelRunnerSim
    let client: RunnerClient
    let endpoint: RunnerEndpoint

    static func start(
        _ models: [SimModel], transport: SimTransport = .tcp, maximumConcurrentPulls: Int = 2
    ) async throws -> RunnerSimHarness {
        let sim = ModelRunnerSim(
            configuration: SimConfiguration(
                models: models, maximumConcurrentPulls: maximumConcurrentPulls, progressInterval: .milliseconds(5)))
        let address: SimListenAddress =
            switch transport {
            case .tcp: .ephemeral
            case .unix: .unix(path: "/tmp/mb-\(UUID().uuidString.prefix(8)).sock")
            }
        let bound = try await sim.start(listening: address)
        let endpoint = try RunnerEndpoint(parsing: bound.url)
        return RunnerSimHarness(
            sim: sim, client: RunnerClient(endpoint: endpoint, connectTimeout: .seconds(2)), endpoint: endpoint)
    }

    func stop() async {
        try? await client.shutdown()
        try? await sim.shutdown()
    }

    /// Runs `body` and stops the harness afterwards, also when `body` throws.
    static func with(
        _ models: [SimModel], transport: SimTransport = .tcp, maximumConcurrentPulls: Int = 2,
        _ body: (RunnerSimHarness) async throws -> Void
    ) async throws {
        let harness = try await start(models, transport: transport, maximumConcurrentPulls: maximumConcurrentPulls)
        do {
            try await body(harness)
        } catch {
            await harness.stop()
            throw error
        }
        await harness.stop()
    }

    func requests(_ method: String, _ path: String) -> [RecordedRequest] {
        sim.requests.filter { $0.method == method && $0.path == path }
    }

    /// A provisioner that does not wait between retries.
    func provisioner(_ options: ProvisionOptions = ProvisionOptions()) -> Provisioner {
        Provisioner(client: client, options: options, sleep: { _ in }, random: { 0.5 })
    }
}

/// Collects events from a `@Sendable` callback.
final class EventLog: Sendable {
    private let events = Locked<[ProvisionEvent]>([])

    func record(_ event: ProvisionEvent) { events.withLock { $0.append(event) } }

    var all: [ProvisionEvent] { events.withLock { $0 } }

    /// Event names for one model, progress ticks collapsed, for sequence assertions.
    func sequence(for key: String) -> [String] {
        var names: [String] = []
        for event in all {
            let name: String?
            switch event {
            case .planned: name = "planned"
            case .checking(let k, _): name = k == key ? "checking" : nil
            case .present(let k, _): name = k == key ? "present" : nil
            case .missing(let k, _): name = k == key ? "missing" : nil
            case .pullStarted(let k, _, _): name = k == key ? "pullStarted" : nil
            case .progress(let k, _, _, _): name = k == key ? "progress" : nil
            case .retrying(let k, _, _, _, _): name = k == key ? "retrying" : nil
            case .pullFinished(let k, _, _, _): name = k == key ? "pullFinished" : nil
            case .configuring(let k, _): name = k == key ? "configuring" : nil
            case .configured(let k, _): name = k == key ? "configured" : nil
            case .warning(let k, _): name = k == key || k == nil ? "warning" : nil
            case .failed(let k, _, _): name = k == key ? "failed" : nil
            case .finished: name = "finished"
            }
            if let name, names.last != name || name != "progress" { names.append(name) }
        }
        return names
    }
}
