import Foundation
import Testing

@testable import BindingOutput
@testable import ComposeModel
@testable import ModelBind
@testable import ModelRunnerClient
@testable import Provisioning

struct ProvisionerReadBackTests {
    let request = ConfigureRequest(model: "ai/x", contextSize: 8192, runtimeFlags: ["--temp", "0.2"])

    @Test func matchingConfigurationGivesNoWarning() {
        let entry = RunnerModelConfiguration(
            backend: "llama.cpp", model: "docker.io/ai/x:latest", contextSize: 8192, runtimeFlags: ["--temp", "0.2"])
        #expect(Provisioner.compare(request, with: [entry], backend: nil).isEmpty)
    }

    @Test func mismatchesAreWarnings() {
        let entry = RunnerModelConfiguration(backend: "llama.cpp", contextSize: 4096, runtimeFlags: nil)
        let warnings = Provisioner.compare(request, with: [entry], backend: nil)
        #expect(
            warnings == [
                "the runner holds context-size 4096 for 'ai/x', not 8192 as configured",
                "the runner holds runtime-flags [] for 'ai/x', not [--temp 0.2] as configured",
            ])
    }

    @Test func noEntryIsAWarning() {
        #expect(
            Provisioner.compare(request, with: [], backend: nil) == [
                "the runner reports no configuration for 'ai/x' after accepting it"
            ])
    }

    @Test func backendSelectsTheEntry() {
        let entries = [
            RunnerModelConfiguration(backend: "vllm", contextSize: 1),
            RunnerModelConfiguration(backend: "llama.cpp", contextSize: 8192, runtimeFlags: ["--temp", "0.2"]),
        ]
        #expect(Provisioner.compare(request, with: entries, backend: "llama.cpp").isEmpty)
    }

    @Test func groupsDefinitionsByReferenceInOrder() {
        let groups = Provisioner.group([
            ModelDefinition(key: "a", model: "ai/x"), ModelDefinition(key: "b", model: "ai/y"),
            ModelDefinition(key: "c", model: "ai/x"),
        ])
        #expect(groups.map(\.model) == ["ai/x", "ai/y"])
        #expect(groups[0].definitions.map(\.key) == ["a", "c"])
    }

    @Test func configureBodyOmitsAbsentFields() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let full = String(decoding: try encoder.encode(request), as: UTF8.self)
        #expect(full == #"{"context-size":8192,"model":"ai/x","runtime-flags":["--temp","0.2"]}"#)
        let bare = String(decoding: try encoder.encode(ConfigureRequest(model: "ai/x")), as: UTF8.self)
        #expect(bare == #"{"model":"ai/x"}"#)
    }

    @Test func readBackDecodesGoFieldNames() throws {
        let json = #"""
            [{"Backend":"llama.cpp","Model":"docker.io/ai/x:latest","ModelID":"sha256:1","Mode":"completion",
              "Config":{"context-size":8192,"runtime-flags":["--temp","0.2"],"keep_alive":"10m0s"}},
             {"Backend":"vllm"}]
            """#
        let entries = try JSONDecoder().decode([RunnerModelConfiguration].self, from: Data(json.utf8))
        #expect(
            entries == [
                RunnerModelConfiguration(
                    backend: "llama.cpp", model: "docker.io/ai/x:latest", modelID: "sha256:1", mode: "completion",
                    contextSize: 8192, runtimeFlags: ["--temp", "0.2"]),
                RunnerModelConfiguration(backend: "vllm"),
            ])
    }
}
