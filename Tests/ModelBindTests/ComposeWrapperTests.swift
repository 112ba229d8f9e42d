import Foundation
import Testing

@testable import BindingOutput
@testable import ComposeLoading
@testable import ComposeModel
@testable import ModelBind

@Suite struct ComposeWrapperTests {
    static let url = "http://model-runner.docker.internal:12434/engines/v1/"
    static let compose = """
        name: demo
        services:
          web:
            image: web
            environment:
              - LLM_URL=user-value
              - PLAIN=a$$b
            models: [llm]
          worker:
            image: worker
            environment:
              QUEUE: jobs
              COUNT: 3
            extra_hosts:
              - "db:10.0.0.2"
            models:
              llm:
                endpoint_var: OPENAI_BASE_URL
          db:
            image: postgres
        models:
          llm:
            model: ai/smollm2
        volumes:
          data: {}
        """

    func wrap(_ mode: ComposeWrapper.Mode, gateway: Bool = true) throws -> (String, ComposeProject) {
        let project = try TemporaryProject(["compose.yaml": Self.compose])
        let loaded = try project.loader().load(LoadOptions())
        let environment = try BindingEnvironment(project: loaded, url: Self.url, includeInactive: true)
        let text = try ComposeWrapper(mode: mode, addHostGateway: gateway).yaml(for: loaded, environment: environment)
        return (text, loaded)
    }

    @Test func fullModeRoundTripsThroughTheLoader() throws {
        let (text, _) = try wrap(.full)
        let project = try TemporaryProject(["wrapped.yaml": text])
        let reloaded = try project.loader().load(LoadOptions(files: ["wrapped.yaml"]))
        #expect(reloaded.models.isEmpty)
        #expect(reloaded.bindings.isEmpty)
        #expect(reloaded.services == ["web", "worker", "db"])
        #expect(reloaded.document["models"] == nil)
        #expect(reloaded.document["volumes"]?["data"] != nil)

        let web = try #require(reloaded.serviceTree("web"))
        let webEnvironment = try #require(web["environment"]?.items).compactMap(\.string)
        #expect(webEnvironment == ["LLM_URL=\(Self.url)", "PLAIN=a$b", "LLM_MODEL=ai/smollm2"])
        #expect(web["extra_hosts"]?.items?.compactMap(\.string) == ["model-runner.docker.internal:host-gateway"])

        let worker = try #require(reloaded.serviceTree("worker"))
        #expect(worker["environment"]?["QUEUE"]?.string == "jobs")
        #expect(worker["environment"]?["COUNT"]?.text == "3")
        #expect(worker["environment"]?["OPENAI_BASE_URL"]?.string == Self.url)
        #expect(worker["environment"]?["LLM_MODEL"]?.string == "ai/smollm2")
        #expect(
            worker["extra_hosts"]?.items?.compactMap(\.string) == [
                "db:10.0.0.2", "model-runner.docker.internal:host-gateway",
            ]
        )
        #expect(reloaded.serviceTree("db")?["environment"] == nil)
    }

    @Test func dollarSignsAreEscapedForCompose() throws {
        let (text, _) = try wrap(.full)
        #expect(text.contains("PLAIN=a$$b"))
    }

    @Test func overrideModeHoldsOnlyTheAdditions() throws {
        let (text, _) = try wrap(.override, gateway: false)
        let project = try TemporaryProject(["compose.yaml": Self.compose, "override.yaml": text])
        let document = try MergeConformanceTests.parse(text, "override.yaml")
        #expect(document.root.map { document.namedEntries(of: $0).map(\.name) } == ["services"])
        #expect(document["services"]?.keys == ["web", "worker"])
        #expect(document["services"]?["web"]?["extra_hosts"] == nil)
        // Laid over the original with -f, the additions replace the user's LLM_URL.
        let merged = try project.loader().load(LoadOptions(files: ["compose.yaml", "override.yaml"]))
        let web = try #require(merged.serviceTree("web")?["environment"]?.items).compactMap(\.string)
        #expect(web.contains("LLM_URL=\(Self.url)") && !web.contains("LLM_URL=user-value"))
    }

    @Test func keyOrderIsKept() throws {
        let (text, _) = try wrap(.full)
        let lines = text.split(separator: "\n").filter { !$0.hasPrefix(" ") }
        #expect(lines == ["name: demo", "services:", "volumes:"])
    }
}
