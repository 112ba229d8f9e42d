import Foundation
import ModelRunnerSim
import Testing

@Suite struct RoutesTests {
    static let present = SimModel(reference: "ai/smollm2:latest", size: 268_802_458, isPresent: true)

    @Test func rootVersionAndStatus() async throws {
        try await withSim(fastConfiguration([])) { _, address in
            let root = try await send(address, "GET", "/")
            #expect(root.head.status == 200)
            #expect(root.text == "Docker Model Runner is running")
            #expect(root.head.header("Content-Type") == "text/plain; charset=utf-8")
            let version = try await send(address, "GET", "/version")
            #expect(version.text == #"{"version":"v1.2.6-modelrunnersim"}"# + "\n")
            let status = try await send(address, "GET", "/engines/status")
            #expect(status.head.header("Content-Type") == "application/json")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(status.body)) as? [String: String])
            #expect(object["llama.cpp"]?.hasPrefix("Running") == true)
            let unknown = try await send(address, "GET", "/nope")
            #expect(unknown.head.status == 404)
            #expect(unknown.text == "404 page not found\n")
        }
    }

    @Test(arguments: [
        "ai/smollm2", "ai/smollm2:latest", "docker.io/ai/smollm2", "index.docker.io/ai/smollm2:latest", "smollm2",
        "smollm2:latest", "AI/SmolLM2",
    ])
    func inspectFindsEquivalentSpellings(reference: String) async throws {
        try await withSim(fastConfiguration([Self.present])) { _, address in
            let response = try await send(address, "GET", "/models/" + reference)
            #expect(response.head.status == 200)
            #expect(response.text.contains(#""tags":["docker.io/ai/smollm2:latest"]"#))
        }
    }

    @Test(arguments: ["ai/other", "other/smollm2:v2", "ai/smollm2:v2"])
    func inspectUnknownIs404(reference: String) async throws {
        try await withSim(fastConfiguration([Self.present])) { _, address in
            let response = try await send(address, "GET", "/models/" + reference)
            #expect(response.head.status == 404)
            #expect(response.text == "model not found\n")
        }
    }

    @Test func listShowsFullyQualifiedTagsAndIsEmptyArrayWhenEmpty() async throws {
        try await withSim(fastConfiguration([])) { _, address in
            let empty = try await send(address, "GET", "/models")
            #expect(empty.text == "[]\n")
        }
        try await withSim(fastConfiguration([Self.present])) { _, address in
            let list = try await send(address, "GET", "/models")
            let items = try #require(try JSONSerialization.jsonObject(with: Data(list.body)) as? [[String: Any]])
            #expect(items.count == 1)
            #expect(items.first?["tags"] as? [String] == ["docker.io/ai/smollm2:latest"])
            #expect(items.first?["created"] as? Int == 1_742_816_981)
            let config = try #require(items.first?["config"] as? [String: Any])
            #expect(config["size"] as? String == "256.35 MiB")
        }
    }

    @Test func deleteUntagsAndDeletes() async throws {
        try await withSim(fastConfiguration([Self.present])) { sim, address in
            let response = try await send(address, "DELETE", "/models/ai/smollm2")
            #expect(response.head.status == 200)
            #expect(response.text.hasPrefix(#"[{"Untagged":"docker.io/ai/smollm2:latest"},{"Deleted":"sha256:"#))
            #expect(sim.presentTags.isEmpty)
            let again = try await send(address, "DELETE", "/models/ai/smollm2")
            #expect(again.head.status == 404)
            #expect(again.text == "error while deleting model: model not found\n")
        }
    }

    /// DMR compares origins as exact strings: one with a port is refused, even the runner's own.
    @Test(arguments: [
        ("http://evil.example", 403), ("http://localhost:3000", 403), ("http://localhost:12434", 403),
        ("http://127.0.0.1", 200), ("https://0.0.0.0", 200), ("http://LOCALHOST", 403), ("http://localhost/", 403),
    ])
    func originIsChecked(origin: String, status: Int) async throws {
        try await withSim(fastConfiguration([])) { _, address in
            let response = try await send(address, "GET", "/models", headers: [("Origin", origin)])
            #expect(response.head.status == status)
            if status == 403 { #expect(response.text == "Origin not allowed\n") }
        }
    }

    @Test func unixSocketWithHostWorksWithoutHostIsGos400() async throws {
        let path = "/tmp/mrs-\(UUID().uuidString.prefix(8)).sock"
        try await withSim(fastConfiguration([Self.present]), listening: .unix(path: path)) { _, address in
            #expect(address.url == "unix://" + path)
            let withHost = try await send(address, "GET", "/models")
            #expect(withHost.head.status == 200)
            let raw = try await RawHTTPConnection.with(address) { connection in
                try await connection.request("GET", "/models", host: nil)
                guard let head = try await connection.readHead() else { return ("", "", false) }
                let body = try await connection.readBody(after: head).text
                return (head.reason, body, try await connection.serverClosed())
            }
            #expect(raw.0 == "Bad Request: missing required Host header")
            #expect(raw.1 == "400 Bad Request: missing required Host header")
            #expect(raw.2)
        }
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func keepAliveServesSeveralRequestsOnOneConnection() async throws {
        try await withSim(fastConfiguration([Self.present])) { sim, address in
            let statuses = try await RawHTTPConnection.with(address) { connection in
                var statuses: [Int] = []
                for path in ["/", "/models", "/engines/status"] {
                    try await connection.request("GET", path)
                    statuses.append(try #require(try await connection.readResponse()).head.status)
                }
                return statuses
            }
            #expect(statuses == [200, 200, 200])
            #expect(Set(sim.requests.map(\.connectionID)).count == 1)
            #expect(sim.requests.map(\.path) == ["/", "/models", "/engines/status"])
            #expect(sim.requests.first?.header("host") == "localhost")
        }
    }

    @Test func ephemeralPortIsReported() async throws {
        try await withSim(fastConfiguration([])) { _, address in
            let port = try #require(address.port)
            #expect(port > 0)
            #expect(address.url == "http://127.0.0.1:\(port)")
        }
    }
}
