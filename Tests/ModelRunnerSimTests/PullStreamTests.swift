import Foundation
import ModelRunnerSim
import Testing

@Suite struct PullStreamTests {
    static let smollm2 = SimModel(reference: "ai/smollm2:latest", layerSizes: [3 * 1_048_576, 13])

    @Test(arguments: [
        (accept: "application/json" as String?, json: true),
        (accept: nil, json: false),
        (accept: "*/*", json: false),
        (accept: "application/json, text/plain", json: false),
        (accept: "text/plain", json: false),
        (accept: "Application/JSON", json: false),
    ])
    func contentTypeFollowsExactAcceptMatch(accept: String?, json: Bool) async throws {
        try await withSim(fastConfiguration([Self.smollm2])) { _, address in
            let response = try await pull(address, "ai/smollm2", accept: accept)
            #expect(response.head.status == 200)
            #expect(response.head.header("Content-Type") == (json ? "application/json" : "text/plain"))
            #expect(response.head.header("Cache-Control") == "no-cache")
            #expect(response.head.header("Connection") == "keep-alive")
            #expect(response.head.header("Transfer-Encoding") == "chunked")
            let last = try #require(response.lines.last)
            if json {
                #expect(!response.text.contains("&#34;"))
                #expect(
                    last
                        == #"{"type":"success","message":"Model pulled successfully","total":0,"layer":{"size":0,"current":0},"mode":"pull"}"#
                )
            } else {
                #expect(!response.text.contains("\""))
                #expect(
                    last
                        == "{&#34;type&#34;:&#34;success&#34;,&#34;message&#34;:&#34;Model pulled successfully&#34;,"
                        + "&#34;total&#34;:0,&#34;layer&#34;:{&#34;size&#34;:0,&#34;current&#34;:0},&#34;mode&#34;:&#34;pull&#34;}"
                )
            }
        }
    }

    @Test func progressLinesHaveDMRShapeOneChunkEachAndInterleaveLayers() async throws {
        try await withSim(fastConfiguration([Self.smollm2])) { sim, address in
            let response = try await pull(address, "ai/smollm2")
            #expect(response.complete)
            #expect(response.chunks.count == response.lines.count)
            #expect(response.chunks.allSatisfy { $0.last == UInt8(ascii: "\n") })
            let total = 3 * 1_048_576 + 13
            var layerIDs: [String] = []
            var lastCurrent: [String: Int] = [:]
            for line in response.lines.dropLast() {
                let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
                #expect(object["type"] as? String == "progress")
                #expect(object["mode"] as? String == "pull")
                #expect(object["total"] as? Int == total)
                let layer = try #require(object["layer"] as? [String: Any])
                let id = try #require(layer["id"] as? String)
                let current = try #require(layer["current"] as? Int)
                #expect(id.hasPrefix("sha256:") && id.count == 71)
                #expect(current >= lastCurrent[id, default: 0])
                lastCurrent[id] = current
                if layerIDs.last != id { layerIDs.append(id) }
                let megabytes = String(format: "%.2f", Double(current) / 1_048_576)
                #expect(object["message"] as? String == "Downloaded: \(megabytes) MB")
            }
            // Both layers appear before either finishes: lines interleave.
            #expect(Set(layerIDs).count == 2)
            #expect(lastCurrent.values.sorted() == [13, 3 * 1_048_576])
            #expect(sim.presentTags == ["docker.io/ai/smollm2:latest"])
        }
    }

    @Test func firstLineIsByteExact() async throws {
        let model = SimModel(reference: "ai/tiny", layerSizes: [2016])
        try await withSim(fastConfiguration([model])) { _, address in
            let response = try await pull(address, "ai/tiny")
            let first = try #require(response.lines.first)
            let id = try #require(first.split(separator: "\"").first { $0.hasPrefix("sha256:") })
            #expect(
                first
                    == #"{"type":"progress","message":"Downloaded: 0.00 MB","total":2016,"layer":{"id":""# + id
                    + #"","size":2016,"current":2016},"mode":"pull"}"#)
            #expect(response.lines.count == 2)
        }
    }

    @Test func cachedModelAnswersOneUsingCachedLine() async throws {
        let model = SimModel(reference: "ai/smollm2", size: 268_802_458, isPresent: true)
        try await withSim(fastConfiguration([model])) { sim, address in
            let response = try await pull(address, "docker.io/ai/smollm2:latest")
            #expect(response.head.status == 200)
            #expect(response.chunks.count == 1)
            #expect(
                response.lines == [
                    #"{"type":"success","message":"Using cached model: 256.35 MiB","total":0,"layer":{"size":0,"current":0},"mode":"pull"}"#
                ])
            let finished = try await sim.waitForEvent(.pullFinished)
            #expect(finished.detail == "cached")
        }
    }

    @Test func errorLineMidStreamThenTrailingPlainTextUnder200() async throws {
        let model = SimModel(
            reference: "ai/broken", layerSizes: [4 * 1_048_576],
            faults: [.errorLine(afterLines: 2, message: "writing blob: <disk> full")])
        try await withSim(SimConfiguration(models: [model], progressInterval: .zero, progressByteStep: 1_048_576)) {
            sim, address in
            let response = try await pull(address, "ai/broken")
            #expect(response.head.status == 200)
            #expect(response.complete)
            #expect(response.lines.count == 4)
            #expect(
                response.lines[2]
                    == #"{"type":"error","message":"Error: writing blob: \u003cdisk\u003e full","total":0,"layer":{"size":0,"current":0},"mode":"pull"}"#
            )
            #expect(response.lines[3] == "error while pulling model: writing image to store: writing blob: <disk> full")
            #expect(sim.presentTags.isEmpty)
        }
    }

    @Test func textModeEscapesLinesButNotTheTrailingErrorText() async throws {
        let model = SimModel(
            reference: "ai/broken", size: 10, faults: [.errorLine(afterLines: 0, message: "it's \"bad\"")])
        try await withSim(fastConfiguration([model])) { _, address in
            let response = try await pull(address, "ai/broken", accept: nil)
            #expect(response.lines.count == 2)
            #expect(response.lines[0].contains("it&#39;s \\&#34;bad\\&#34;"))
            #expect(response.lines[1] == "error while pulling model: writing image to store: it's \"bad\"")
        }
    }

    @Test func huggingFaceEndingHasNoErrorOrSuccessLine() async throws {
        let model = SimModel(reference: "hf.co/org/repo", size: 10)
        try await withSim(fastConfiguration([model])) { sim, address in
            sim.enqueuePullFault(.huggingFaceEnding(afterLines: 0, trailer: "Unauthorized"))
            let response = try await pull(address, "hf.co/org/repo")
            #expect(response.head.status == 200)
            #expect(
                response.lines == [
                    #"{"type":"progress","message":"Fetching file list...","total":0,"layer":{"size":0,"current":0},"mode":"pull"}"#,
                    "Unauthorized",
                ])
        }
    }

    @Test func cutClosesWithoutTerminatorOrSuccess() async throws {
        let model = SimModel(reference: "ai/cut", layerSizes: [5 * 1_048_576], faults: [.cut(afterLines: 2)])
        try await withSim(fastConfiguration([model])) { sim, address in
            let response = try await pull(address, "ai/cut")
            #expect(!response.complete)
            #expect(response.lines.count == 2)
            #expect(sim.presentTags.isEmpty)
        }
    }

    @Test func garbageLinesInterleave() async throws {
        let model = SimModel(reference: "ai/g", layerSizes: [3 * 1_048_576], faults: [.garbageLines(every: 1)])
        try await withSim(fastConfiguration([model])) { _, address in
            let response = try await pull(address, "ai/g")
            #expect(response.lines.filter { $0.hasPrefix("garbage line") }.count == 3)
            #expect(response.lines.last?.contains("Model pulled successfully") == true)
        }
    }

    @Test func refuseConnectionClosesWithoutResponse() async throws {
        try await withSim(fastConfiguration([Self.smollm2])) { sim, address in
            sim.enqueuePullFault(.refuseConnection, for: SimFaultTarget(model: "ai/smollm2"))
            let closed = try await RawHTTPConnection.with(address) { connection in
                try await connection.request("POST", "/models/create", body: #"{"from":"ai/smollm2"}"#)
                let head = try await connection.readHead()
                return head == nil
            }
            #expect(closed)
            // One-shot: the next pull works.
            let response7 = try await pull(address, "ai/smollm2")
            #expect(response7.head.status == 200)
        }
    }
}
