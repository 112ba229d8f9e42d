import Foundation
import ModelRunnerSim
import Testing

/// The OpenAI-compatible surface: DMR's checks with its statuses and texts (research/dmr captures 701–720), and the
/// simulator's deterministic answers past them (no inference).
@Suite struct InferenceRoutesTests {
    static let tiny = SimModel(
        reference: "127.0.0.1:5000/ai/tiny:latest", layerSizes: [1600], isPresent: true, created: 1_767_225_600)
    static let model = "127.0.0.1:5000/ai/tiny:latest"

    static let absentText = #"error while getting model: get model '"127.0.0.1:5000/ai/absent"': model not found"#

    func post(
        _ address: SimBoundAddress, _ path: String, _ body: String, headers: [(String, String)] = []
    ) async throws -> RawHTTPConnection.Response {
        try await send(
            address, "POST", path, headers: [("Content-Type", "application/json")] + headers, body: body)
    }

    func chatBody(_ content: String, extra: String = "") -> String {
        #"{"model":"\#(Self.model)","messages":[{"role":"system","content":"be brief"},"#
            + #"{"role":"user","content":"\#(content)"}]\#(extra)}"#
    }

    @Test func chatCompletionIsDeterministicAndDerivedFromTheRequest() async throws {
        try await withSim(fastConfiguration([Self.tiny])) { _, address in
            let body = chatBody("hello there")
            let first = try await post(address, "/engines/v1/chat/completions", body)
            #expect(first.head.status == 200)
            #expect(first.head.header("Content-Type") == "application/json")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(first.body)) as? [String: Any])
            #expect(object["object"] as? String == "chat.completion")
            #expect(object["model"] as? String == Self.model)
            #expect(object["created"] as? Int == 1_767_225_600)
            #expect((object["id"] as? String)?.hasPrefix("chatcmpl-") == true)
            let choices = try #require(object["choices"] as? [[String: Any]])
            let message = try #require(choices.first?["message"] as? [String: Any])
            #expect(message["role"] as? String == "assistant")
            #expect(message["content"] as? String == "ModelRunnerSim reply (no inference): hello there")
            #expect(choices.first?["finish_reason"] as? String == "stop")
            let usage = try #require(object["usage"] as? [String: Int])
            #expect(usage == ["prompt_tokens": 4, "completion_tokens": 6, "total_tokens": 10])
            let second = try await post(address, "/engines/v1/chat/completions", body)
            #expect(second.body == first.body)
        }
    }

    @Test func maxTokensCutsTheReplyWithFinishReasonLength() async throws {
        try await withSim(fastConfiguration([Self.tiny])) { _, address in
            let response = try await post(address, "/v1/chat/completions", chatBody("hi", extra: #","max_tokens":1"#))
            #expect(response.head.status == 200)
            #expect(response.text.contains(#""message":{"role":"assistant","content":"ModelRunnerSim"}"#))
            #expect(response.text.contains(#""finish_reason":"length""#))
            #expect(response.text.contains(#""usage":{"prompt_tokens":3,"completion_tokens":1,"total_tokens":4}"#))
        }
    }

    @Test func streamedChatIsServerSentEventsEndingInDone() async throws {
        try await withSim(fastConfiguration([Self.tiny])) { _, address in
            let response = try await post(
                address, "/engines/llama.cpp/v1/chat/completions",
                chatBody("hi", extra: #","stream":true,"stream_options":{"include_usage":true}"#))
            #expect(response.head.status == 200)
            #expect(response.head.header("Content-Type") == "text/event-stream")
            #expect(response.head.header("Transfer-Encoding") == "chunked")
            #expect(response.complete)
            // One event per chunk, each `data: …` and a blank line.
            let events = response.chunks.map { String(decoding: $0, as: UTF8.self) }
            #expect(events.allSatisfy { $0.hasPrefix("data: ") && $0.hasSuffix("\n\n") })
            #expect(events.last == "data: [DONE]\n\n")
            #expect(events.first?.contains(#""delta":{"role":"assistant","content":""}"#) == true)
            let pieces = events.compactMap { event -> String? in
                guard let range = event.range(of: #""delta":{"content":""#) else { return nil }
                return String(event[range.upperBound...].prefix { $0 != "\"" })
            }
            #expect(pieces.joined() == "ModelRunnerSim reply (no inference): hi")
            #expect(events[events.count - 3].contains(#""delta":{},"finish_reason":"stop""#))
            #expect(events[events.count - 2].contains(#""choices":[],"usage":{"prompt_tokens":3,"#))
        }
    }

    @Test func completionsAnswerTextCompletions() async throws {
        try await withSim(fastConfiguration([Self.tiny])) { _, address in
            let response = try await post(
                address, "/engines/v1/completions", #"{"model":"\#(Self.model)","prompt":"once upon"}"#)
            #expect(response.head.status == 200)
            #expect(response.text.contains(#""object":"text_completion""#))
            #expect(
                response.text.contains(
                    #""choices":[{"index":0,"text":"ModelRunnerSim reply (no inference): once upon","logprobs":null,"#
                        + #""finish_reason":"stop"}]"#))
            let stream = try await post(
                address, "/v1/completions", #"{"model":"\#(Self.model)","prompt":"x","stream":true}"#)
            #expect(stream.head.header("Content-Type") == "text/event-stream")
            #expect(String(decoding: stream.chunks.last ?? [], as: UTF8.self) == "data: [DONE]\n\n")
        }
    }

    @Test func embeddingsAreStableVectorsPerInput() async throws {
        try await withSim(fastConfiguration([Self.tiny])) { _, address in
            let response = try await post(
                address, "/engines/v1/embeddings", #"{"model":"\#(Self.model)","input":["a","b","a"]}"#)
            #expect(response.head.status == 200)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])
            #expect(object["object"] as? String == "list")
            let data = try #require(object["data"] as? [[String: Any]])
            #expect(data.map { $0["index"] as? Int } == [0, 1, 2])
            let vectors = data.compactMap { $0["embedding"] as? [Double] }
            #expect(vectors.count == 3)
            #expect(vectors.allSatisfy { $0.count == 16 && $0.allSatisfy { (-1...1).contains($0) } })
            #expect(vectors[0] == vectors[2])
            #expect(vectors[0] != vectors[1])
            let sized = try await post(
                address, "/engines/v1/embeddings", #"{"model":"\#(Self.model)","input":"a","dimensions":4}"#)
            #expect(sized.text.contains(#""embedding":[0.254,0.129,0.270,-0.326]"#))
            let base64 = try await post(
                address, "/engines/v1/embeddings",
                #"{"model":"\#(Self.model)","input":"a","dimensions":4,"encoding_format":"base64"}"#)
            let encoded = try #require(
                (try JSONSerialization.jsonObject(with: Data(base64.body)) as? [String: Any]).flatMap {
                    ($0["data"] as? [[String: Any]])?.first?["embedding"] as? String
                })
            let bytes = try #require(Data(base64Encoded: encoded))
            let floats = stride(from: 0, to: bytes.count, by: 4).map { offset in
                Float(bitPattern: bytes[offset..<offset + 4].reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) })
            }
            #expect(floats == [0.254, 0.129, 0.270, -0.326])
            let none = try await post(address, "/engines/v1/embeddings", #"{"model":"\#(Self.model)"}"#)
            #expect(none.head.status == 400)
        }
    }

    /// DMR's checks, in its order, with its texts (captures 703, 706–708, 711, 712).
    @Test(arguments: [
        ("/engines/nope/v1/chat/completions", #"{"model":"m"}"#, 404, "backend not found"),
        ("/engines/v1/chat/completions", #"{"model":"#, 400, "invalid request"),
        ("/engines/v1/chat/completions", #"{"model":1}"#, 400, "invalid request"),
        ("/engines/v1/chat/completions", #"[]"#, 400, "invalid request"),
        ("/engines/v1/chat/completions", #"{"messages":[]}"#, 400, "model is required"),
        ("/engines/v1/completions", "null", 400, "model is required"),
        (
            "/engines/v1/chat/completions", #"{"model":"127.0.0.1:5000/ai/absent","messages":[]}"#, 404,
            #"error while getting model: get model '"127.0.0.1:5000/ai/absent"': model not found"#
        ),
        (
            "/engines/v1/embeddings", #"{"model":"tiny","input":"x"}"#, 404,
            #"error while getting model: get model '"tiny"': model not found"#
        ),
        ("/engines/vllm/v1/chat/completions", #"{"model":"127.0.0.1:5000/ai/tiny"}"#, 412, "vLLM binary not found"),
        ("/engines/nope/v1/chat/completions", #"{"model":"#, 404, "backend not found"),
        ("/engines/vllm/v1/chat/completions", #"{"model":"127.0.0.1:5000/ai/absent"}"#, 404, Self.absentText),
        ("/engines/vllm/v1/chat/completions", "{}", 400, "model is required"),
        (
            "/engines/mlx/v1/chat/completions", #"{"model":"127.0.0.1:5000/ai/tiny"}"#, 503,
            "backend installation failed: MLX is only available on macOS ARM64"
        ),
        (
            "/engines/sglang/v1/embeddings", #"{"model":"127.0.0.1:5000/ai/tiny"}"#, 503,
            "backend installation failed: sglang package not installed"
        ),
    ])
    func refusalsAreDMRs(path: String, body: String, status: Int, message: String) async throws {
        try await withSim(fastConfiguration([Self.tiny])) { sim, address in
            let response = try await post(address, path, body)
            #expect(response.head.status == status)
            #expect(response.head.headers.map(\.0) == DaemonRoutesTests.goErrorHeaders)
            #expect(response.text == message + "\n")
            #expect(sim.events.contains { $0.kind == .inferenceRejected })
        }
    }

    @Test func theModelIsFoundByEverySpellingOfTheStoreLookup() async throws {
        try await withSim(fastConfiguration([Self.tiny])) { _, address in
            let id = try await send(address, "GET", "/models/tiny").text.split(separator: "\"")[3]
            for model in ["127.0.0.1:5000/ai/tiny", "127.0.0.1:5000/AI/TINY:latest", String(id)] {
                let response = try await post(address, "/engines/v1/chat/completions", #"{"model":"\#(model)"}"#)
                #expect(response.head.status == 200, "\(model)")
            }
        }
    }

    @Test func theSurfaceIsTheSameOverAUnixSocket() async throws {
        let path = "/tmp/mrs-openai-\(UUID().uuidString.prefix(8)).sock"
        try await withSim(fastConfiguration([Self.tiny]), listening: .unix(path: path)) { _, address in
            let models = try await send(address, "GET", "/v1/models")
            #expect(models.text.hasPrefix(#"{"object":"list","data":[{"id":"127.0.0.1:5000/ai/tiny:latest""#))
            let chat = try await post(address, "/engines/v1/chat/completions", chatBody("over a socket"))
            #expect(chat.head.status == 200)
            #expect(chat.text.contains("ModelRunnerSim reply (no inference): over a socket"))
        }
    }

    @Test func anyBearerTokenOrNoneIsAccepted() async throws {
        try await withSim(fastConfiguration([Self.tiny])) { _, address in
            for headers in [[("Authorization", "Bearer anything")], [("Authorization", "Bearer x")], []] {
                let response = try await post(address, "/engines/v1/chat/completions", chatBody("hi"), headers: headers)
                #expect(response.head.status == 200)
            }
        }
    }

    @Test func getOnAnInferenceRouteIsTheCatchAll404() async throws {
        try await withSim(fastConfiguration([Self.tiny])) { _, address in
            let response = try await send(address, "GET", "/engines/v1/embeddings")
            #expect(response.head.status == 404)
            #expect(response.text == "not found\n")
        }
    }

    // MARK: Faults

    @Test func queuedFaultsApplyToTheNamedModelOnly() async throws {
        let other = SimModel(reference: "ai/other", size: 10, isPresent: true)
        try await withSim(fastConfiguration([Self.tiny, other])) { sim, address in
            sim.enqueueInferenceFault(
                .fail(status: 500, message: nil), for: SimFaultTarget(model: "127.0.0.1:5000/ai/tiny"))
            let unaffected = try await post(address, "/engines/v1/chat/completions", #"{"model":"ai/other"}"#)
            #expect(unaffected.head.status == 200)
            let failed = try await post(address, "/engines/v1/chat/completions", chatBody("hi"))
            #expect(failed.head.status == 500)
            #expect(failed.text == SimInferenceFault.runnerLoadFailure + "\n")
            let after = try await post(address, "/engines/v1/chat/completions", chatBody("hi"))
            #expect(after.head.status == 200)
        }
    }

    @Test func modelNotFoundFaultAnswersDMRs404ForAPresentModel() async throws {
        try await withSim(fastConfiguration([Self.tiny])) { sim, address in
            sim.enqueueInferenceFault(.modelNotFound, times: 2)
            for path in ["/engines/v1/chat/completions", "/engines/v1/embeddings"] {
                let response = try await post(address, path, #"{"model":"\#(Self.model)","input":"x"}"#)
                #expect(response.head.status == 404)
                #expect(response.text == InferenceRoutesExpectations.notFound(Self.model))
            }
            #expect(
                try await post(address, "/engines/v1/embeddings", #"{"model":"\#(Self.model)","input":"x"}"#)
                    .head.status == 200)
        }
    }

    @Test func slowFirstTokenDelaysTheFirstEventNotTheHead() async throws {
        try await withSim(fastConfiguration([Self.tiny])) { sim, address in
            sim.enqueueInferenceFault(.slowFirstToken(.seconds(2)))
            let clock = ContinuousClock()
            let (servedAtHead, elapsed) = try await RawHTTPConnection.with(address) { connection in
                let start = clock.now
                try await connection.request(
                    "POST", "/engines/v1/chat/completions", headers: [("Content-Type", "application/json")],
                    body: chatBody("hi", extra: #","stream":true"#))
                let head = try #require(try await connection.readHead())
                #expect(head.status == 200)
                // The head is out while the simulator still holds the first token.
                let servedAtHead = sim.events.contains { $0.kind == .inferenceServed }
                var events = 0
                while try await connection.readChunk() != nil { events += 1 }
                #expect(events > 3)
                return (servedAtHead, clock.now - start)
            }
            #expect(!servedAtHead)
            #expect(elapsed >= .seconds(2))
            #expect(sim.events.contains { $0.kind == .faultApplied && $0.detail == "slowFirstToken" })
        }
    }

    @Test func stallSendsNothingUntilTheClientLeaves() async throws {
        try await withSim(fastConfiguration([Self.tiny])) { sim, address in
            sim.enqueueInferenceFault(.stall)
            try await RawHTTPConnection.with(address) { connection in
                try await connection.request(
                    "POST", "/engines/v1/chat/completions", headers: [("Content-Type", "application/json")],
                    body: chatBody("hi"))
                _ = try await sim.waitForEvent { $0.kind == .inferenceRejected && $0.detail == "stalled" }
            }
            _ = try await sim.waitForEvent(.connectionClosed)
            let next = try await post(address, "/engines/v1/chat/completions", chatBody("hi"))
            #expect(next.head.status == 200)
        }
    }

    @Test func catalogueInferenceFaultsApplyToEveryRequest() async throws {
        let json = #"""
            {"models": [{"reference": "ai/slow", "size": 10, "present": true,
                         "inferenceFaults": [{"kind": "fail", "status": 503, "message": "overloaded"}]}]}
            """#
        let configuration = try SimCatalogFile.configuration(json: Array(json.utf8), base: fastConfiguration([]))
        #expect(configuration.models.first?.inferenceFaults == [.fail(status: 503, message: "overloaded")])
        try await withSim(configuration) { _, address in
            for _ in 0..<2 {
                let response = try await post(address, "/engines/v1/chat/completions", #"{"model":"ai/slow"}"#)
                #expect(response.head.status == 503)
                #expect(response.text == "overloaded\n")
            }
        }
        #expect(throws: SimError.self) {
            try SimCatalogFile.configuration(
                json: Array(#"{"models":[{"reference":"ai/x","inferenceFaults":[{"kind":"nope"}]}]}"#.utf8),
                base: fastConfiguration([]))
        }
    }

    // MARK: Loaded runners and dropping a model

    @Test func psListsWhatInferenceLoadedAndUnloadForgetsIt() async throws {
        try await withSim(fastConfiguration([Self.tiny])) { sim, address in
            _ = try await post(address, "/engines/v1/chat/completions", #"{"model":"127.0.0.1:5000/ai/tiny"}"#)
            _ = try await post(address, "/engines/v1/embeddings", #"{"model":"\#(Self.model)","input":"x"}"#)
            let ps = try await send(address, "GET", "/engines/ps")
            #expect(ps.head.status == 200)
            #expect(
                ps.text.hasPrefix(
                    #"[{"backend_name":"llama.cpp","model_name":"127.0.0.1:5000/ai/tiny","mode":"completion","last_used":""#
                ))
            #expect(ps.text.contains(#""mode":"embedding""#) && ps.text.contains(#""loading":false"#))
            #expect(sim.loadedModels.map(\.mode) == ["completion", "embedding"])
            let unload = try await post(address, "/engines/unload", #"{"models":["\#(Self.model)"]}"#)
            #expect(unload.text == #"{"unloaded_runners":2}"# + "\n")
            #expect(try await send(address, "GET", "/engines/ps").text == "[]\n")
        }
    }

    @Test func droppingAModelMakesEveryRouteSeeItGone() async throws {
        try await withSim(fastConfiguration([Self.tiny])) { sim, address in
            #expect(try await post(address, "/engines/v1/chat/completions", chatBody("hi")).head.status == 200)
            #expect(sim.dropModel("tiny") == [Self.model])
            #expect(sim.dropModel("tiny") == nil)
            _ = try await sim.waitForEvent(.modelDropped)
            let chat = try await post(address, "/engines/v1/chat/completions", chatBody("hi"))
            #expect(chat.head.status == 404)
            #expect(chat.text == InferenceRoutesExpectations.notFound(Self.model))
            #expect(try await send(address, "GET", "/models/\(Self.model)").head.status == 404)
            #expect(try await send(address, "GET", "/engines/v1/models").text == #"{"object":"list","data":[]}"# + "\n")
            #expect(try await send(address, "GET", "/engines/ps").text == "[]\n")
            // The catalogue keeps it: a pull brings it back.
            #expect(try await pull(address, Self.model).head.status == 200)
            #expect(try await post(address, "/engines/v1/chat/completions", chatBody("hi")).head.status == 200)
        }
    }
}

enum InferenceRoutesExpectations {
    static func notFound(_ model: String) -> String {
        "error while getting model: get model '\"\(model)\"': model not found\n"
    }
}
