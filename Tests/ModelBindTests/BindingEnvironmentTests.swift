import Foundation
import Testing

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
