import Foundation
import Testing

@testable import BindingOutput
@testable import ComposeLoading
@testable import ComposeModel
@testable import ModelBind

@Suite struct BindingEnvironmentTests {
    static let url = "http://model-runner.docker.internal:12434/engines/v1/"

    @Test func composeRulesForNamesAndValues() throws {
        let project = try TemporaryProject([
            "compose.yaml": """
            services:
              app:
                image: app
                environment: {LLM_URL: overwritten}
                models:
                  llm:
                  embedding-model:
                    model_var: EMBED
              other: {image: o}
            models:
              llm: {model: "ai/smollm2:${TAG:-latest}"}
              embedding-model: {model: ai/mxbai-embed-large}
            """
        ])
        let loaded = try project.loader().load(LoadOptions())
        let environment = try BindingEnvironment(project: loaded, url: Self.url)
        #expect(environment.services.map(\.name) == ["app"])
        let variables = try #require(environment.variables(of: "app")).map { "\($0.name)=\($0.value)" }
        #expect(
            variables == [
                "EMBED=ai/mxbai-embed-large", "EMBEDDING_MODEL_URL=\(Self.url)", "LLM_MODEL=ai/smollm2:latest",
                "LLM_URL=\(Self.url)",
            ]
        )
    }

    @Test func collidingVariablesAreAnError() throws {
        let project = try TemporaryProject([
            "compose.yaml": """
            services:
              app:
                image: app
                models:
                  a: {endpoint_var: URL}
                  b: {endpoint_var: URL}
            models:
              a: {model: ai/a}
              b: {model: ai/b}
            """
        ])
        let loaded = try project.loader().load(LoadOptions())
        let error = try #require(throws: DiagnosticError.self) {
            try BindingEnvironment(project: loaded, url: Self.url)
        }
        #expect(error.diagnostics.first?.code == "MB303")
        #expect(error.diagnostics.first?.message.contains("\"a\" and \"b\" both set URL") == true)
        #expect(error.diagnostics.first?.location?.line == 6)
    }

    @Test func selectingAServiceWithoutBindingsIsAnError() throws {
        let project = try TemporaryProject([
            "compose.yaml": "services:\n  app: {image: a, models: [m]}\n  db: {image: d}\nmodels:\n  m: {model: ai/m}\n"
        ])
        let loaded = try project.loader().load(LoadOptions())
        let error = try #require(throws: DiagnosticError.self) {
            try BindingEnvironment(project: loaded, url: Self.url, selected: ["db"])
        }
        #expect(error.diagnostics.first?.message == "service \"db\" binds no models")
    }

    /// A project built by hand may list a service's bindings apart; they are still one service,
    /// checked for collisions together, and services come out sorted by name.
    @Test func bindingsListedApartAreOneService() throws {
        let project = ComposeProject(
            name: "p", workingDirectory: "/p", files: ["compose.yaml"],
            models: [ModelDefinition(key: "llm", model: "ai/llm"), ModelDefinition(key: "emb", model: "ai/emb")],
            services: ["web", "api"], activeServices: ["web", "api"],
            bindings: [
                ModelBinding(service: "web", modelKey: "llm", endpointVariable: "URL"),
                ModelBinding(service: "api", modelKey: "llm"),
                ModelBinding(service: "web", modelKey: "emb"),
                ModelBinding(service: "web", modelKey: "missing"),
            ])
        let environment = try BindingEnvironment(project: project, url: Self.url)
        #expect(environment.services.map(\.name) == ["api", "web"])
        #expect(
            environment.variables(of: "web")?.map(\.name) == ["EMB_MODEL", "EMB_URL", "LLM_MODEL", "URL"])
        var colliding = project
        colliding.bindings.append(ModelBinding(service: "web", modelKey: "emb", modelVariable: "URL"))
        let error = try #require(throws: DiagnosticError.self) {
            try BindingEnvironment(project: colliding, url: Self.url)
        }
        #expect(
            error.diagnostics.map(\.message).contains(
                "service \"web\": the bindings of \"llm\" and \"emb\" both set URL"))
    }

    /// Past 16 variables a service's collisions are found through a table; the first setter is named.
    @Test func collisionsInAServiceWithManyBindings() throws {
        let keys = (0..<12).map { "m\($0)" }
        var bindings = keys.map { ModelBinding(service: "big", modelKey: $0) }
        bindings.append(ModelBinding(service: "big", modelKey: "m0", endpointVariable: "M11_MODEL"))
        let project = ComposeProject(
            name: "p", workingDirectory: "/p", files: ["compose.yaml"],
            models: keys.map { ModelDefinition(key: $0, model: "ai/\($0)") },
            services: ["big"], activeServices: ["big"], bindings: bindings)
        let error = try #require(throws: DiagnosticError.self) {
            try BindingEnvironment(project: project, url: Self.url)
        }
        // m0's second binding collides on both names: M0_MODEL with its own first binding, M11_MODEL with m11.
        #expect(
            error.diagnostics.map(\.message) == [
                "service \"big\": the bindings of \"m11\" and \"m0\" both set M11_MODEL",
                "service \"big\": the binding of \"m0\" uses M0_MODEL for both `endpoint_var` and `model_var`",
            ])
        let fine = try BindingEnvironment(
            project: ComposeProject(
                name: "p", workingDirectory: "/p", files: ["compose.yaml"],
                models: project.models, services: ["big"], activeServices: ["big"], bindings: Array(bindings.dropLast())
            ),
            url: Self.url)
        #expect(fine.variables(of: "big")?.count == 24)
    }

    /// A service whose only model is undefined sets nothing and is not listed; naming it is an error.
    @Test func aServiceWithOnlyUndefinedModelsIsNotListed() throws {
        let project = ComposeProject(
            name: "p", workingDirectory: "/p", files: ["compose.yaml"],
            models: [ModelDefinition(key: "llm", model: "ai/llm")],
            services: ["web", "ghost"], activeServices: ["web", "ghost"],
            bindings: [
                ModelBinding(service: "ghost", modelKey: "missing"),
                ModelBinding(service: "web", modelKey: "llm"),
                ModelBinding(service: "ghost", modelKey: "missing-too"),
            ])
        #expect(try BindingEnvironment(project: project, url: Self.url).services.map(\.name) == ["web"])
        let error = try #require(throws: DiagnosticError.self) {
            try BindingEnvironment(project: project, url: Self.url, selected: ["ghost"])
        }
        #expect(error.diagnostics.map(\.message) == ["service \"ghost\" binds no models"])
    }

    struct CorpusCase: Decodable, Sendable, CustomTestStringConvertible {
        var files: [String]
        var expected: Expected
        var testDescription: String { files.joined(separator: " + ") }
        struct Expected: Decodable, Sendable, Equatable { var services: [String: [String: String]] }
    }

    struct CorpusFixture: Decodable {
        var endpoint: String
        var cases: [CorpusCase]
    }

    static let corpus = try? FixtureLoader.decode(CorpusFixture.self, at: "corpus-env/expected.json")

    @Test func corpusFixtureCoversEveryFile() throws {
        let fixture = try #require(Self.corpus)
        let single = Set(fixture.cases.filter { $0.files.count == 1 }.map { $0.files[0] })
        #expect(single == Set(CorpusTests.files))
    }

    /// `env --format json` for every corpus file and combination equals what Compose injects.
    @Test(arguments: corpus?.cases ?? [])
    func corpusEnvironmentMatchesCompose(_ corpusCase: CorpusCase) throws {
        let project = try #require(CorpusTests.load(corpusCase.files).project)
        let environment = try BindingEnvironment(project: project, url: try #require(Self.corpus).endpoint)
        let json = try EnvironmentRenderer.render(environment, format: .json, sourceFiles: project.files)
        let decoded = try JSONDecoder().decode(CorpusCase.Expected.self, from: Data(json.utf8))
        #expect(decoded == corpusCase.expected)
    }
}
