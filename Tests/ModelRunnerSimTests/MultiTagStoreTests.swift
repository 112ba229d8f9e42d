import Foundation
import ModelRunnerSim
import Testing

/// One manifest under several tags (catalogue `aliases`), and the store routes as DMR v1.2.6 answers them.
@Suite struct MultiTagStoreTests {
    static let config = SimModelConfig(
        quantization: "MOSTLY_F32", parameters: "160", architecture: "llama", size: "640B", contextSize: 2048)
    /// The research registry's `tiny`: one manifest pushed as three references.
    static let tiny = SimModel(
        reference: "127.0.0.1:5000/ai/tiny:latest", layerSizes: [1600], config: config, created: 1_767_225_600,
        aliases: ["127.0.0.1:5000/ai/tiny:v2", "localhost:5000/ai/tiny:latest"])
    static let tina = SimModel(
        reference: "127.0.0.1:5000/ai/tina", layerSizes: [1600], config: config, created: 1_767_225_600)

    func id(_ address: SimBoundAddress, _ reference: String) async throws -> String {
        let inspect = try await send(address, "GET", "/models/" + reference)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(inspect.body)) as? [String: Any])
        return try #require(object["id"] as? String)
    }

    func modelJSON(id: String, tags: [String]) -> String {
        let tagList = tags.isEmpty ? "" : #""tags":["# + tags.map { "\"\($0)\"" }.joined(separator: ",") + "],"
        return #"{"id":""# + id + #"","# + tagList + #""created":1767225600,"config":{"format":"gguf","#
            + #""quantization":"MOSTLY_F32","parameters":"160","architecture":"llama","size":"640B","context_size":2048}}"#
    }

    @Test func anotherTagOfAPresentManifestIsOneCachedLineAndATag() async throws {
        try await withSim(fastConfiguration([Self.tiny])) { _, address in
            let fresh = try await pull(address, "127.0.0.1:5000/ai/tiny:latest")
            #expect(fresh.lines.count == 2)
            #expect(fresh.lines.last?.contains(#""message":"Model pulled successfully""#) == true)
            for reference in ["127.0.0.1:5000/ai/tiny:v2", "localhost:5000/ai/tiny", "127.0.0.1:5000/AI/TINY"] {
                let cached = try await pull(address, reference)
                #expect(cached.head.status == 200)
                #expect(cached.chunks.count == 1)
                #expect(
                    cached.text
                        == #"{"type":"success","message":"Using cached model: 640B","total":0,"#
                        + #""layer":{"size":0,"current":0},"mode":"pull"}"# + "\n")
            }
            let id = try await id(address, "127.0.0.1:5000/ai/tiny")
            let list = try await send(address, "GET", "/models")
            #expect(
                list.text
                    == "["
                    + modelJSON(
                        id: id,
                        tags: [
                            "127.0.0.1:5000/ai/tiny:latest", "127.0.0.1:5000/ai/tiny:v2",
                            "localhost:5000/ai/tiny:latest",
                        ]) + "]\n")
        }
    }

    @Test func inspectFindsEverySpellingDMRResolves() async throws {
        let present = SimModel(
            reference: Self.tiny.reference, layerSizes: [1600], config: Self.config, isPresent: true,
            created: 1_767_225_600, aliases: ["127.0.0.1:5000/ai/tiny:v2"])
        try await withSim(fastConfiguration([present])) { _, address in
            let id = try await id(address, "127.0.0.1:5000/ai/tiny:latest")
            let hex = String(id.dropFirst("sha256:".count))
            let expected =
                modelJSON(id: id, tags: ["127.0.0.1:5000/ai/tiny:latest", "127.0.0.1:5000/ai/tiny:v2"]) + "\n"
            for reference in [
                "127.0.0.1:5000/ai/tiny:latest", "127.0.0.1:5000/ai/tiny", "127.0.0.1:5000/ai/tiny:v2", "tiny", id, hex,
                String(hex.prefix(12)), "127.0.0.1:5000/ai/tiny@" + id, "tiny@" + id, "127.0.0.1:5000/ai/tiny:",
                "127.0.0.1:5000/AI/TINY",
            ] {
                let response = try await send(address, "GET", "/models/" + reference)
                #expect(response.head.status == 200, "\(reference)")
                #expect(response.head.header("Content-Type") == "application/json")
                #expect(response.text == expected, "\(reference)")
            }
            for reference in [
                "ai/tiny", "tiny:latest", "localhost:5000/ai/tiny:v2", "sha256:" + hex.prefix(12),
                "127.0.0.1:5000/ai/tiny:LATEST",
            ] {
                let response = try await send(address, "GET", "/models/" + reference)
                #expect(response.head.status == 404, "\(reference)")
                #expect(response.text == "model not found\n", "\(reference)")
            }
        }
    }

    @Test func deleteOneTagOfSeveralUntagsOnly() async throws {
        try await withSim(fastConfiguration([Self.tiny])) { sim, address in
            _ = try await pull(address, "127.0.0.1:5000/ai/tiny:latest")
            _ = try await pull(address, "127.0.0.1:5000/ai/tiny:v2")
            let response = try await send(address, "DELETE", "/models/127.0.0.1:5000/ai/tiny:v2")
            #expect(response.head.status == 200)
            #expect(response.head.header("Content-Type") == "application/json")
            #expect(response.text == #"[{"Untagged":"127.0.0.1:5000/ai/tiny:v2"}]"# + "\n")
            #expect(sim.presentTags == ["127.0.0.1:5000/ai/tiny:latest"])
            let id = try await id(address, "127.0.0.1:5000/ai/tiny")
            let last = try await send(address, "DELETE", "/models/127.0.0.1:5000/ai/tiny")
            #expect(
                last.text
                    == #"[{"Untagged":"127.0.0.1:5000/ai/tiny:latest"},{"Deleted":""# + id + #""}]"# + "\n")
            let again = try await send(address, "DELETE", "/models/127.0.0.1:5000/ai/tiny")
            #expect(again.head.status == 404)
            #expect(again.head.header("Content-Length") == "44")
            #expect(again.text == "error while deleting model: model not found\n")
        }
    }

    @Test func deleteByIDWithSeveralTagsNeedsForce() async throws {
        try await withSim(fastConfiguration([Self.tiny])) { sim, address in
            _ = try await pull(address, "127.0.0.1:5000/ai/tiny:latest")
            _ = try await pull(address, "localhost:5000/ai/tiny:latest")
            let id = try await id(address, "127.0.0.1:5000/ai/tiny")
            let short = String(id.dropFirst(7).prefix(12))
            for (reference, query) in [(id, ""), (short, ""), (id, "?force=maybe"), (id, "?force=false")] {
                let refused = try await send(address, "DELETE", "/models/" + reference + query)
                #expect(refused.head.status == 409, "\(reference)\(query)")
                #expect(
                    refused.text
                        == "error while deleting model: unable to delete \"\(reference)\" (must be forced) due to "
                        + "multiple tag references: resource conflict\n")
            }
            let bare = try await send(address, "DELETE", "/models/tiny")
            #expect(bare.head.status == 404)
            #expect(bare.text == "error while deleting model: model not found\n")
            let forced = try await send(address, "DELETE", "/models/" + id + "?force=true")
            #expect(forced.head.status == 200)
            #expect(
                forced.text
                    == #"[{"Untagged":"127.0.0.1:5000/ai/tiny:latest"},{"Untagged":"localhost:5000/ai/tiny:latest"},"#
                    + #"{"Deleted":""# + id + #""}]"# + "\n")
            #expect(sim.presentTags.isEmpty)
        }
    }

    @Test func configureThroughAnotherTagReplacesTheSameEntry() async throws {
        try await withSim(fastConfiguration([Self.tiny])) { _, address in
            _ = try await pull(address, "127.0.0.1:5000/ai/tiny:latest")
            _ = try await pull(address, "127.0.0.1:5000/ai/tiny:v2")
            let id = try await id(address, "127.0.0.1:5000/ai/tiny")
            let json = [("Content-Type", "application/json")]
            let first = try await send(
                address, "POST", "/engines/_configure", headers: json,
                body: #"{"model":"127.0.0.1:5000/ai/tiny:latest","context-size":4096}"#)
            #expect(first.head.status == 202)
            // A configure replaces the whole config: only the flags remain.
            let second = try await send(
                address, "POST", "/engines/_configure", headers: json,
                body: #"{"model":"127.0.0.1:5000/ai/tiny:v2","runtime-flags":["--temp","0.2"]}"#)
            #expect(second.head.status == 202)
            let read = try await send(address, "GET", "/engines/_configure")
            #expect(
                read.text
                    == #"[{"Backend":"llama.cpp","Model":"127.0.0.1:5000/ai/tiny:latest","ModelID":""# + id
                    + #"","Mode":"completion","Config":{"runtime-flags":["--temp","0.2"]}}]"# + "\n")
            let filtered = try await send(address, "GET", "/engines/_configure?model=127.0.0.1:5000/ai/tiny:v2")
            #expect(filtered.text == read.text)
        }
    }

    @Test func configureOfAnAbsentModelIsAcceptedAndShowsNothing() async throws {
        try await withSim(fastConfiguration([Self.tina])) { _, address in
            let response = try await send(
                address, "POST", "/engines/_configure", headers: [("Content-Type", "application/json")],
                body: #"{"model":"127.0.0.1:5000/ai/tina","context-size":1111}"#)
            #expect(response.head.status == 202)
            #expect(response.head.headers.map(\.0) == ["Date", "Content-Length"])
            #expect(response.head.header("Content-Length") == "0")
            let read = try await send(address, "GET", "/engines/_configure")
            #expect(read.text == "[]\n")
            let filtered = try await send(address, "GET", "/engines/_configure?model=127.0.0.1:5000/ai/tina")
            #expect(filtered.text == "[]\n")
        }
    }

    @Test func tagRouteAddsATagAndMovesIt() async throws {
        try await withSim(fastConfiguration([Self.tina])) { sim, address in
            _ = try await pull(address, "127.0.0.1:5000/ai/tina")
            let id = try await id(address, "tina")
            let tagged = try await send(
                address, "POST", "/models/127.0.0.1:5000/ai/tina/tag?repo=127.0.0.1:5000/ai/tina-copy&tag=v1")
            #expect(tagged.head.status == 201)
            #expect(tagged.head.header("Content-Type") == "application/json")
            #expect(
                tagged.text
                    == #"{"message":"Model tagged successfully with \"127.0.0.1:5000/ai/tina-copy:v1\"","#
                    + #""target":"127.0.0.1:5000/ai/tina-copy:v1"}"# + "\n")
            #expect(sim.presentTags == ["127.0.0.1:5000/ai/tina:latest", "127.0.0.1:5000/ai/tina-copy:v1"])
            let missing = try await send(address, "POST", "/models/127.0.0.1:5000/ai/tina/tag")
            #expect(missing.head.status == 400)
            #expect(missing.text == "missing repo or tag query parameter\n")
            let unknown = try await send(address, "POST", "/models/127.0.0.1:5000/ai/tina/frobnicate")
            #expect(unknown.head.status == 404)
            #expect(unknown.text == "unknown action \"frobnicate\"\n")
            let absent = try await send(address, "POST", "/models/ai/absent/tag?repo=ai/x&tag=v1")
            #expect(absent.head.status == 404)
            #expect(absent.text == "model not found\n")
            // Deleting both tags deletes the model, with the tags in store order.
            let untag = try await send(address, "DELETE", "/models/127.0.0.1:5000/ai/tina-copy:v1")
            #expect(untag.text == #"[{"Untagged":"127.0.0.1:5000/ai/tina-copy:v1"}]"# + "\n")
            let delete = try await send(address, "DELETE", "/models/" + id)
            #expect(
                delete.text == #"[{"Untagged":"127.0.0.1:5000/ai/tina:latest"},{"Deleted":""# + id + #""}]"# + "\n")
        }
    }

    @Test func aModelWhoseTagMovedStaysUntaggedAndIsListedByID() async throws {
        try await withSim(fastConfiguration([Self.tiny, Self.tina])) { _, address in
            _ = try await pull(address, "127.0.0.1:5000/ai/tina")
            _ = try await pull(address, "127.0.0.1:5000/ai/tiny")
            let tinaID = try await id(address, "tina")
            // Tagging tiny as tina:latest takes the tag from tina's model.
            let moved = try await send(
                address, "POST", "/models/127.0.0.1:5000/ai/tiny/tag?repo=127.0.0.1:5000/ai/tina&tag=latest")
            #expect(moved.head.status == 201)
            let list = try await send(address, "GET", "/engines/v1/models")
            #expect(list.text.hasPrefix(#"{"object":"list","data":[{"id":""# + tinaID + #"","object":"model""#))
            let models = try await send(address, "GET", "/models")
            #expect(models.text.hasPrefix("[" + modelJSON(id: tinaID, tags: [])))
            let deleted = try await send(address, "DELETE", "/models/" + tinaID)
            #expect(deleted.text == #"[{"Deleted":""# + tinaID + #""}]"# + "\n")
        }
    }

    @Test func purgeEmptiesTheStore() async throws {
        try await withSim(fastConfiguration([Self.tina])) { sim, address in
            _ = try await pull(address, "127.0.0.1:5000/ai/tina")
            let purge = try await send(address, "DELETE", "/models/purge")
            #expect(purge.head.status == 200)
            #expect(purge.head.headers.map(\.0) == ["Date", "Content-Length"])
            #expect(purge.body.isEmpty)
            #expect(sim.presentTags.isEmpty)
            #expect(try await send(address, "GET", "/models").text == "[]\n")
        }
    }

    @Test func openAIListIsServedUnderEveryPrefixAndBackend() async throws {
        try await withSim(fastConfiguration([Self.tina])) { _, address in
            let empty = try await send(address, "GET", "/v1/models")
            #expect(empty.text == #"{"object":"list","data":[]}"# + "\n")
            _ = try await pull(address, "127.0.0.1:5000/ai/tina")
            let entry =
                #"{"id":"127.0.0.1:5000/ai/tina:latest","object":"model","created":1767225600,"owned_by":"docker","#
                + #""dmr":{"context_window":2048,"architecture":"llama","parameters":"160","quantization":"MOSTLY_F32","#
                + #""size":"640B"}}"#
            for path in [
                "/engines/v1/models", "/v1/models", "/engines/llama.cpp/v1/models", "/engines/vllm/v1/models",
                "/engines/nope/v1/models",
            ] {
                let response = try await send(address, "GET", path)
                #expect(response.head.status == 200, "\(path)")
                #expect(response.head.header("Content-Type") == "application/json")
                #expect(response.text == #"{"object":"list","data":["# + entry + "]}\n", "\(path)")
            }
            for path in ["/engines/v1/models/127.0.0.1:5000/ai/tina", "/v1/models/127.0.0.1:5000/ai/tina:latest"] {
                let response = try await send(address, "GET", path)
                #expect(response.head.status == 200, "\(path)")
                #expect(response.text == entry + "\n", "\(path)")
            }
            let bare = try await send(address, "GET", "/engines/v1/models/tina")
            #expect(bare.head.status == 404)
            #expect(bare.head.header("Content-Length") == "63")
            #expect(bare.text == "error while getting model: get model '\"tina\"': model not found\n")
        }
    }

    @Test func contextSizeIsReportedByDefaultAsDMRReadsItFromTheGGUF() async throws {
        let model = SimModel(reference: "ai/smollm2", size: 1024, isPresent: true)
        try await withSim(fastConfiguration([model])) { _, address in
            let inspect = try await send(address, "GET", "/models/ai/smollm2")
            #expect(inspect.text.hasSuffix(#""size":"1.00 KiB","context_size":8192}}"# + "\n"))
            let list = try await send(address, "GET", "/engines/v1/models")
            #expect(list.text.contains(#""dmr":{"context_window":8192,"#))
        }
    }
}
