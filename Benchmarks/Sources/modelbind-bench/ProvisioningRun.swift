import Foundation
import ModelBind
import ModelRunnerSim

/// Provisioning N models against a fresh ModelRunnerSim whose every pull takes `pull`.
enum ProvisioningRun {
    struct Outcome {
        var seconds: Double
        var succeeded: Bool
        var maxConcurrentPulls: Int
    }

    /// One run at `parallel`; the simulator starts with none of the models present.
    static func run(models count: Int, pull: Duration, parallel: Int) async throws -> Outcome {
        let references = (0..<count).map { "ai/bench-\($0):latest" }
        let sim = ModelRunnerSim(
            configuration: SimConfiguration(
                models: references.map { SimModel(reference: $0, size: 64 << 20, speed: .duration(pull)) }
            ))
        let address = try await sim.start(listening: .ephemeral)
        do {
            let endpoint = try RunnerEndpoint(parsing: address.url)
            let definitions = references.enumerated().map { ModelDefinition(key: "m\($0.offset)", model: $0.element) }
            let options = ProvisionOptions(pull: .missing, parallel: parallel, stallTimeout: .seconds(30))
            var report: ProvisionReport?
            let seconds = try await Measure.asyncSeconds {
                report = try await RunnerClient.withClient(endpoint: endpoint) { client in
                    await Provisioner(client: client, options: options).run(definitions)
                }
            }
            let outcome = Outcome(
                seconds: seconds, succeeded: report?.succeeded ?? false,
                maxConcurrentPulls: sim.maxConcurrentPullsObserved)
            try await sim.shutdown()
            return outcome
        } catch {
            try? await sim.shutdown()
            throw error
        }
    }
}
