import Testing

@testable import ComposeLoading
@testable import ComposeModel

/// Differences from Docker Compose v2.40.3 that the differential tests (Tests/ComposeDifferentialTests)
/// found, each pinned here without the compose binary.
@Suite("Compose fidelity")
struct ComposeFidelityTests {
    static func project(_ binding: String) -> String {
        """
        services:
          app:
            image: app
            models:
              llm:
        \(binding)
        models:
          llm:
            model: ai/smollm2

        """
    }

    /// `endpoint_var: LLM=URL` loaded, and `env` wrote the name `LLM=URL`, where Compose's container gets
    /// `LLM=URL=<endpoint>` (the variable LLM). Every command now refuses a name no env file can hold.
    @Test(arguments: ["LLM=URL", "LLM URL", "MODÈLE_URL", "A\\tB"])
    func explicitNamesNoEnvFileCanHoldAreLoadingErrors(_ name: String) throws {
        let project = try TemporaryProject(["compose.yaml": Self.project("        endpoint_var: \"\(name)\"")])
        let result = project.loader().analyze(LoadOptions())
        let error = try #require(result.diagnostics.first { $0.code == Rule.invalidVariableName.code })
        #expect(error.severity == .error)
        #expect(error.message.contains("Compose would inject it as written"))
        #expect(error.location?.line == 6)
        #expect(error.location?.column == 23)
    }

    @Test func equalsSignSaysWhatComposeSets() throws {
        let project = try TemporaryProject(["compose.yaml": Self.project("        endpoint_var: LLM=URL")])
        let error = try #require(project.loader().analyze(LoadOptions()).diagnostics.first { $0.code == "MB301" })
        #expect(error.message.contains("sets LLM to \"URL=...\""))
    }

    @Test(arguments: ["LLM_URL", "my.var", "a-b", "x[0]"])
    func holdableExplicitNamesLoad(_ name: String) throws {
        let project = try TemporaryProject(["compose.yaml": Self.project("        endpoint_var: \"\(name)\"")])
        let loaded = try project.loader().load(LoadOptions())
        #expect(loaded.bindings.first?.endpointVariable == name)
    }
}
