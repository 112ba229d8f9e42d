import Testing

@testable import ComposeModel
@testable import ComposeValidation
@testable import ModelBind

/// `activeBindings` and the rules skip filtering when every service is active; a project built by
/// hand whose active list has as many names as its services, but other ones, is still filtered.
@Suite struct ActiveServicesTests {
    static func project(services: [String], active: [String]) -> ComposeProject {
        ComposeProject(
            name: "p",
            workingDirectory: "/p",
            files: ["compose.yaml"],
            models: [ModelDefinition(key: "llm", model: "ai/smollm2")],
            services: services,
            activeServices: active,
            bindings: [
                ModelBinding(service: "a", modelKey: "llm"),
                ModelBinding(service: "b", modelKey: "missing"),
            ]
        )
    }

    @Test func everyServiceActiveKeepsEveryBinding() {
        let project = Self.project(services: ["a", "b"], active: ["a", "b"])
        #expect(project.allServicesActive)
        #expect(project.activeBindings == project.bindings)
        // An undefined model of an active service is the loader's error, not a rule's warning.
        #expect(!Validator().validate(project).contains { $0.code == "MB201" })
    }

    @Test func sameCountOtherNamesIsFiltered() {
        let project = Self.project(services: ["a", "b"], active: ["a", "x"])
        #expect(!project.allServicesActive)
        #expect(project.activeBindings.map(\.service) == ["a"])
        let warnings = Validator().validate(project).filter { $0.code == "MB201" }
        #expect(warnings.map(\.severity) == [.warning])
        #expect(warnings.first?.message.contains("\"b\" (not active)") == true)
    }

    @Test func inactiveServiceIsFilteredAndItsModelsUnused() {
        let project = Self.project(services: ["a", "b"], active: ["b"])
        #expect(project.activeBindings.map(\.service) == ["b"])
        let codes = Validator().validate(project).map(\.code)
        // llm is bound only by the inactive a: unused (MB202); b's missing model is the loader's to report.
        #expect(codes.contains("MB202"))
        #expect(!codes.contains("MB201"))
    }
}
