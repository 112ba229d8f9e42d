import Foundation
import Testing

@testable import ComposeLoading
@testable import ComposeValidation
@testable import ModelBind

/// Every real compose file of the corpus loads, alone and in the combinations users run.
@Suite struct CorpusTests {
    static let root = FixtureLoader.path("corpus/compose-for-agents")

    /// Every compose file, relative to the corpus root.
    static let files: [String] = {
        guard let enumerator = FileManager.default.enumerator(atPath: root) else { return [] }
        return enumerator.compactMap { $0 as? String }.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
    }()

    /// Files Docker Compose 2.40.3 refuses on their own (they override a base file), with what it
    /// says; measured with the real binary (the differential suite holds this against it).
    static let refusedAlone: [String: String] = [
        "adk/compose.openai.yaml": "neither an image nor a build context",
        "adk-sock-shop/compose.sockstore.yaml": "depends on undefined service \"mcp-gateway\"",
        "agno/compose.offload.yaml": "neither an image nor a build context",
        "agno/compose.openai.yaml": "neither an image nor a build context",
        "crew-ai/compose.openai.yaml": "neither an image nor a build context",
        "langchaingo/compose.openai.yaml": "neither an image nor a build context",
        "langgraph/compose.openai.yaml": "neither an image nor a build context",
        "spring-ai/compose.openai.yaml": "neither an image nor a build context",
    ]

    /// Files that load on their own.
    static let loadAlone: [String] = files.filter { refusedAlone[$0] == nil }

    /// Every base file (`compose.yaml`) with each other file of its directory laid over it.
    static let combinations: [[String]] = files.filter { $0.hasSuffix("/compose.yaml") }.flatMap { base in
        let directory = String(base.dropLast("compose.yaml".count))
        return files.filter { $0.hasPrefix(directory) && $0 != base && !$0.dropFirst(directory.count).contains("/") }
            .map { [base, $0] }
    }

    static func load(_ files: [String]) -> ProjectLoader.Result {
        let loader = ProjectLoader(environment: [:], source: FileSource(currentDirectory: root))
        return loader.analyze(LoadOptions(files: files))
    }

    @Test func corpusIsPresent() {
        #expect(Self.files.count >= 20)
    }

    @Test(arguments: loadAlone)
    func fileLoadsWithoutErrors(_ file: String) {
        let result = Self.load([file])
        #expect(result.project != nil)
        #expect(result.diagnostics.filter { $0.severity == .error } == [], "\(file)")
    }

    /// An override file that Compose refuses on its own is refused on its own, at a line, with
    /// Compose's reason.
    @Test(arguments: refusedAlone.keys.sorted())
    func overrideFileAloneFailsAsInCompose(_ file: String) throws {
        let errors = Self.load([file]).diagnostics.filter { $0.severity == .error }
        let reason = try #require(Self.refusedAlone[file])
        #expect(
            errors.contains { $0.code == "MB008" && $0.message.contains(reason) && $0.location != nil }, "\(errors)")
    }

    @Test func combinationsCoverEveryOverrideFile() {
        #expect(Self.combinations.count >= 14)
        for file in Self.refusedAlone.keys { #expect(Self.combinations.contains { $0.last == file }, "\(file)") }
    }

    @Test(arguments: combinations)
    func combinationLoadsWithoutErrors(_ files: [String]) {
        let result = Self.load(files)
        #expect(result.project != nil)
        #expect(result.diagnostics.filter { $0.severity == .error } == [])
    }

    @Test func offloadOverrideReplacesTheModelAndKeepsBindings() throws {
        let project = try #require(Self.load(["a2a/compose.yaml", "a2a/compose.dmr.yaml"]).project)
        #expect(project.model("gemma3")?.model == "ai/gemma3:4B-Q4_0")
        #expect(project.model("gemma3")?.contextSize == 10000)
        let variables = Set(project.bindings.map(\.endpointVariable))
        #expect(variables == ["MODEL_RUNNER_URL"])
    }
}
