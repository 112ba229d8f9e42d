import Testing

@testable import ComposeModel
@testable import ComposeValidation
@testable import ModelBind

/// VariableRules checks each service's bindings as one run of `project.bindings`, as the loader
/// lists them; a project built by hand may interleave services, and must give the same findings.
@Suite struct VariableRulesOrderTests {
    static func project(_ bindings: [ModelBinding]) -> ComposeProject {
        ComposeProject(
            name: "p",
            workingDirectory: "/p",
            files: ["compose.yaml"],
            models: [ModelDefinition(key: "llm", model: "ai/smollm2"), ModelDefinition(key: "emb", model: "ai/mxbai")],
            services: ["a", "b"],
            activeServices: ["a", "b"],
            bindings: bindings,
            activeModels: []
        )
    }

    @Test func interleavedServicesFindTheSameCollisions() {
        let a1 = ModelBinding(service: "a", modelKey: "llm", endpointVariable: "URL")
        let a2 = ModelBinding(service: "a", modelKey: "emb", endpointVariable: "URL")
        let b1 = ModelBinding(service: "b", modelKey: "llm", endpointVariable: "URL")
        let grouped = Validator().validate(Self.project([a1, a2, b1])).filter { $0.code == "MB303" }
        let interleaved = Validator().validate(Self.project([a1, b1, a2])).filter { $0.code == "MB303" }
        #expect(grouped.count == 1)
        #expect(grouped.first?.message.contains("service \"a\"") == true)
        #expect(interleaved == grouped)
    }
}
