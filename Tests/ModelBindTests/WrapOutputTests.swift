import Foundation
import Testing

@testable import BindingOutput
@testable import ComposeModel
@testable import ModelBind

/// What `wrap` writes: the files' own text for every value it does not change, paths that still
/// point where the user wrote them, and only the services asked for.
@Suite struct WrapOutputTests {
    static let compose = """
        services:
          app:
            image: app:${TAG:-1}
            build: ./app
            env_file: [./app.env, {path: ./optional.env, required: false}]
            environment:
              OPENAI_API_KEY: ${API_KEY}
              LITERAL: a$$b
            volumes:
              - ./data:/data
              - named:/cache
              - ${HOST_DIR}:/host
              - {type: bind, source: ./conf, target: /conf}
            depends_on: [db]
            models: [llm]
          db:
            image: postgres
          other:
            image: other
        models:
          llm: {model: ai/smollm2}
        secrets:
          key: {file: ./secret.txt}
        volumes:
          named: {}
        """

    static func wrap(output: String? = nil, services: [String] = []) throws -> (WrapOperation.Outcome, TemporaryProject)
    {
        let project = try TemporaryProject([
            "compose.yaml": compose, ".env": "API_KEY=sk-very-secret\nHOST_DIR=/srv\n", "app.env": "A=1\n",
        ])
        let context = OperationContext(
            environment: [:], currentDirectory: project.directory, homeDirectory: nil, fileExists: { _ in false })
        let operation = WrapOperation(
            load: LoadOptions(services: services), endpoint: EndpointSelection(platform: .engine), output: output)
        return (try operation.run(in: context), project)
    }

    @Test func noValueFromDotEnvLandsInTheFile() throws {
        let (outcome, _) = try Self.wrap()
        #expect(!outcome.text.contains("sk-very-secret"))
        #expect(outcome.text.contains("${API_KEY}"))
        #expect(outcome.text.contains("a$$b"))
        #expect(outcome.text.contains("app:${TAG:-1}"))
        #expect(outcome.text.contains("LLM_URL: http://model-runner.docker.internal:12434/engines/v1/"))
        #expect(outcome.text.hasPrefix("name: "))
    }

    @Test func relativePathsFollowTheFileIntoAnotherDirectory() throws {
        let (outcome, project) = try Self.wrap(output: "out/deeper/wrapped.yaml")
        let text = try String(contentsOfFile: project.path("out/deeper/wrapped.yaml"), encoding: .utf8)
        #expect(text == outcome.text)
        #expect(text.contains("build: ../../app"))
        #expect(text.contains("- ../../app.env"))
        #expect(text.contains("path: ../../optional.env"))
        #expect(text.contains("- ../../data:/data"))
        #expect(text.contains("- named:/cache"))
        #expect(text.contains("source: ../../conf"))
        #expect(text.contains("file: ../../secret.txt"))
        // A path made of a variable cannot be moved: it is written as it is, and said.
        #expect(text.contains("${HOST_DIR}:/host"))
        #expect(outcome.unmovedPaths.map(\.line) == [12])
        #expect(outcome.notes.contains { $0.contains("compose.yaml:12") })
    }

    @Test func servicesLimitTheOutputWithWhatTheyDependOn() throws {
        let (outcome, _) = try Self.wrap(services: ["app"])
        #expect(outcome.text.contains("\n  app:"))
        #expect(outcome.text.contains("\n  db:"))
        #expect(!outcome.text.contains("\n  other:"))
    }

    @Test(arguments: [
        ("/p", "/p/out", "./data", "../data"),
        ("/p", "/p", "./data", "./data"),
        ("/p/a", "/q", "x/y", "../p/a/x/y"),
        ("/p", "/p/out", "/abs", "/abs"),
        ("/p", "/p/out", ".", ".."),
        ("/p", "/", "./d", "./p/d"),
    ])
    func pathsAreRebased(_ from: String, _ to: String, _ path: String, _ expected: String) {
        #expect(PathRebase(from: from, to: to).rebased(path) == expected)
    }
}
