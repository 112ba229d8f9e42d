import Foundation
import ModelRunnerSim
import Testing

@Suite struct ConfigureTests {
    static let present = SimModel(reference: "ai/smollm2", size: 1024, isPresent: true)

    func configure(_ address: SimBoundAddress, _ body: String, path: String = "/engines/_configure") async throws
        -> RawHTTPConnection.Response
    {
        try await send(address, "POST", path, headers: [("Content-Type", "application/json")], body: body)
    }

    @Test func storedConfigIsReadBackWithGoFieldNames() async throws {
        try await withSim(fastConfiguration([Self.present])) { _, address in
            let response = try await configure(
                address,
                #"{"model":"ai/smollm2","context-size":8192,"runtime-flags":["--temp","0.2"],"keep_alive":"10m"}"#)
            #expect(response.head.status == 202)
            #expect(response.body.isEmpty)
            #expect(response.head.header("Content-Length") == "0")
            let read = try await send(address, "GET", "/engines/_configure?model=smollm2")
            let inspect = try await send(address, "GET", "/models/ai/smollm2")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(inspect.body)) as? [String: Any])
            let id = try #require(object["id"] as? String)
            #expect(read.head.header("Content-Type") == "application/json")
            #expect(
                read.text.hasPrefix(
                    #"[{"Backend":"llama.cpp","Model":"docker.io/ai/smollm2:latest","ModelID":""# + id + "\","))
            #expect(
                read.text.hasSuffix(
                    #""Mode":"completion","Config":{"context-size":8192,"runtime-flags":["--temp","0.2"],"keep_alive":"10m0s"}}]"#
                        + "\n"))
        }
    }

    @Test func identicalConfigIsANoOp() async throws {
        try await withSim(fastConfiguration([Self.present])) { sim, address in
            let body = #"{"model":"ai/smollm2","context-size":4096}"#
            let response1 = try await configure(address, body)
            #expect(response1.head.status == 202)
            let response2 = try await configure(address, body)
            #expect(response2.head.status == 202)
            let details = sim.events.filter { $0.kind == .configureStored }.map(\.detail)
            #expect(details == ["stored", "unchanged"])
        }
    }

    @Test func busyRunnerAnswers409ThenAccepts() async throws {
        try await withSim(fastConfiguration([Self.present])) { sim, address in
            sim.enqueueConfigureFault(.busy(times: 2), for: SimFaultTarget(model: "ai/smollm2:latest"))
            let body = #"{"model":"ai/smollm2","context-size":4096}"#
            for expected in [409, 409, 202] {
                let response = try await configure(address, body)
                #expect(response.head.status == expected)
                if expected == 409 { #expect(response.text == "runner already active\n") }
            }
        }
    }

    @Test(arguments: [
        (
            #"{"model":"ai/smollm2","runtime-flags":["--temp","/tmp/x"]}"#, "/engines/_configure", 500,
            #"invalid runtime flag "/tmp/x": paths are not allowed (contains '/' or '\\')"#
        ),
        (
            #"{"model":"ai/smollm2","runtime-flags":["--log-file","x.log"]}"#, "/engines/_configure", 500,
            #"runtime flag "--log-file" is not allowed for backend "llama.cpp""#
        ),
        (
            #"{"model":"ai/smollm2","runtime-flags":["--temp"]}"#, "/engines/mlx/_configure", 500,
            #"runtime flag "--temp" is not allowed for backend "mlx""#
        ),
        (
            #"{"model":"ai/smollm2","raw-runtime-flags":"--temp '0.2"}"#, "/engines/_configure", 500,
            "invalid runtime flags: invalid command line string"
        ),
        (#"{"model":"ai/smollm2"}"#, "/engines/nope/_configure", 404, "backend not found"),
        ("{", "/engines/_configure", 400, "invalid request"),
        (#"{"model":"ai/smollm2","context-size":"8192"}"#, "/engines/_configure", 400, "invalid request"),
        (#"{"model":"ai/smollm2","context-size":4294967296}"#, "/engines/_configure", 400, "invalid request"),
        (#"{"model":"ai/smollm2","mode":"chat"}"#, "/engines/_configure", 400, "invalid request"),
        (#"{"model":"ai/smollm2","keep_alive":"ten minutes"}"#, "/engines/_configure", 400, "invalid request"),
        (#"{"model":"ai/smollm2"} {}"#, "/engines/_configure", 400, "invalid request"),
    ])
    func rejectedConfigure(body: String, path: String, status: Int, message: String) async throws {
        try await withSim(fastConfiguration([Self.present])) { _, address in
            let response = try await configure(address, body, path: path)
            #expect(response.head.status == status)
            #expect(response.text == message + "\n")
        }
    }

    @Test func failFaultAnswers500WithItsText() async throws {
        try await withSim(fastConfiguration([Self.present])) { sim, address in
            sim.enqueueConfigureFault(.fail(message: "failed to evict runner"))
            let response = try await configure(address, #"{"model":"ai/smollm2"}"#)
            #expect(response.head.status == 500)
            #expect(response.text == "failed to evict runner\n")
        }
    }

    @Test func storeDifferentMakesReadBackDiffer() async throws {
        try await withSim(fastConfiguration([Self.present])) { sim, address in
            sim.enqueueConfigureFault(.storeDifferent(contextSize: 4096, runtimeFlags: nil))
            let response3 = try await configure(address, #"{"model":"ai/smollm2","context-size":8192}"#)
            #expect(response3.head.status == 202)
            let read = try await send(address, "GET", "/engines/_configure")
            #expect(read.text.contains(#""Config":{"context-size":4096}"#))
        }
    }

    @Test func configBeforePullIsKeyedByTheRawStringNotTheModelID() async throws {
        let absent = SimModel(reference: "ai/later", size: 10)
        try await withSim(fastConfiguration([absent])) { _, address in
            let stored = try await configure(address, #"{"model":"ai/later","context-size":8192}"#)
            #expect(stored.head.status == 202)
            // Not local: the entry is omitted from the read-back.
            let before = try await send(address, "GET", "/engines/_configure")
            #expect(before.text == "[]\n")
            let pulled = try await pull(address, "ai/later")
            #expect(pulled.head.status == 200)
            // Now visible, but keyed by the raw string, not the digest the runner looks up: it never applies.
            let after = try await send(address, "GET", "/engines/_configure")
            #expect(after.text.contains(#""Model":"docker.io/ai/later:latest","ModelID":"ai/later","#))
        }
    }

    @Test func embeddingsFlagSelectsEmbeddingModeAndRawFlagsAreSplit() async throws {
        try await withSim(fastConfiguration([Self.present])) { _, address in
            let body = #"{"model":"ai/smollm2","raw-runtime-flags":"--embeddings --temp \"0.5\""}"#
            let response6 = try await configure(address, body)
            #expect(response6.head.status == 202)
            let read = try await send(address, "GET", "/engines/_configure")
            #expect(
                read.text.contains(#""Mode":"embedding","Config":{"runtime-flags":["--embeddings","--temp","0.5"]}"#))
        }
    }

    @Test func resetConnectionFaultClosesWithoutAnswer() async throws {
        try await withSim(fastConfiguration([Self.present])) { sim, address in
            sim.enqueueConfigureFault(.resetConnection)
            let head = try? await RawHTTPConnection.with(address) { connection in
                try await connection.request("POST", "/engines/_configure", body: #"{"model":"ai/smollm2"}"#)
                return try await connection.readHead()
            }
            #expect(head == nil)
            #expect(sim.events.contains { $0.kind == .configureRejected && $0.detail == "reset" })
        }
    }
}
