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

    /// Combinations listed in the corpus NOTICE.md.
    static let combinations: [[String]] = [
        ["a2a/compose.yaml", "a2a/compose.dmr.yaml"],
        ["adk/compose.yaml", "adk/compose.offload.yaml"],
        ["adk-sock-shop/compose.yaml", "adk-sock-shop/compose.offload.yaml"],
        ["agno/compose.yaml", "agno/compose.offload.yaml"],
    ]

    static func load(_ files: [String]) -> ProjectLoader.Result {
        let loader = ProjectLoader(environment: [:], source: FileSource(currentDirectory: root))
        return loader.analyze(LoadOptions(files: files))
    }

    @Test func corpusIsPresent() {
        #expect(Self.files.count >= 20)
    }

    @Test(arguments: files)
    func fileLoadsWithoutErrors(_ file: String) {
        let result = Self.load([file])
        #expect(result.project != nil)
        #expect(result.diagnostics.filter { $0.severity == .error } == [], "\(file)")
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
