import ModelRunnerSim
import Testing

/// Pulls as DMR v1.2.6 runs them: the registry asked first, IDs and digests, blobs kept on disk for a resume.
@Suite struct PullBehaviourTests {
    static let tiny = SimModel(reference: "127.0.0.1:5000/ai/tiny", size: 1600)
    static let streamingHeaders = ["Cache-Control", "Connection", "Content-Type", "X-Content-Type-Options", "Date"]

    @Test func unreachableRegistryFailsEveryOCIPullWithDMRsText() async throws {
        let present = SimModel(reference: "127.0.0.1:5000/ai/tiny", size: 1600, isPresent: true)
        try await withSim(fastConfiguration([present])) { sim, address in
            sim.setRegistryReachable(false)
            let response = try await pull(address, "127.0.0.1:5000/ai/tiny")
            #expect(response.head.status == 500)
            #expect(response.head.headers.map(\.0) == Self.streamingHeaders + ["Transfer-Encoding"])
            #expect(response.head.header("Content-Type") == "text/plain; charset=utf-8")
            #expect(
                response.text
                    == "error while pulling model: reading model from registry: failed to pull model "
                    + "\"127.0.0.1:5000/ai/tiny:latest\": UNKNOWN - resolving 127.0.0.1:5000/ai/tiny:latest: failed to "
                    + "do request: Head \"https://127.0.0.1:5000/v2/ai/tiny/manifests/latest\": dial tcp "
                    + "127.0.0.1:5000: connect: connection refused\n")
            let hub = try await pull(address, "ai/smollm2")
            #expect(hub.head.status == 500)
            #expect(
                hub.text.hasPrefix(
                    "error while pulling model: reading model from registry: failed to pull model \"ai/smollm2:latest\": "
                        + "UNKNOWN - resolving docker.io/ai/smollm2:latest: failed to do request: Head "
                        + "\"https://registry-1.docker.io/v2/ai/smollm2/manifests/latest\""))
            // The store is still there: inspect does not ask the registry.
            #expect(try await send(address, "GET", "/models/127.0.0.1:5000/ai/tiny").head.status == 200)
            sim.setRegistryReachable(true)
            #expect(try await pull(address, "127.0.0.1:5000/ai/tiny").lines.count == 1)
        }
    }

    @Test func unreachableHubFailsAHuggingFacePullInsideItsStream() async throws {
        let model = SimModel(reference: "hf.co/org/repo", size: 1600)
        try await withSim(fastConfiguration([model])) { sim, address in
            sim.setRegistryReachable(false)
            let response = try await pull(address, "hf.co/org/repo")
            #expect(response.head.status == 200)
            let url = "https://huggingface.co/api/models/org/repo/tree/main"
            let tail = ": dial tcp: lookup huggingface.co: no such host"
            #expect(
                response.lines == [
                    #"{"type":"progress","message":"Fetching file list...","total":0,"layer":{"size":0,"current":0},"#
                        + #""mode":"pull"}"#,
                    #"{"type":"error","message":"Error: list files: list files: Get \""# + url + #"\""# + tail
                        + #"","total":0,"layer":{"size":0,"current":0},"mode":"pull"}"#,
                    "error while pulling model: build model from HuggingFace: list files: list files: Get \"\(url)\""
                        + tail,
                ])
            // A Hugging Face model already present is found without the network.
            sim.setRegistryReachable(true)
            #expect(try await pull(address, "hf.co/org/repo").head.status == 200)
            sim.setRegistryReachable(false)
            let cached = try await pull(address, "huggingface.co/org/repo:latest")
            #expect(
                cached.lines == [
                    #"{"type":"success","message":"Using cached model: 1.56 KiB","total":0,"#
                        + #""layer":{"size":0,"current":0},"mode":"pull"}"#
                ])
        }
    }

    @Test func huggingFaceModelTheHubDoesNotHaveEndsWithAPlainLineUnder200() async throws {
        try await withSim(fastConfiguration([])) { _, address in
            let response = try await pull(address, "hf.co/org/absent")
            #expect(response.head.status == 200)
            #expect(response.lines.count == 2)
            #expect(response.lines.first?.contains("Fetching file list...") == true)
            #expect(response.lines.last == "Model not found")
        }
    }

    @Test(arguments: [
        ("sha256:" + String(repeating: "a", count: 64), 404, "Model not found"),
        (String(repeating: "a", count: 12), 404, "Model not found"),
        (String(repeating: "a", count: 64), 400, "Invalid model reference"),
        ("", 400, "Invalid model reference"), ("127.0.0.1:5000/ai/Tiny!!:latest", 400, "Invalid model reference"),
    ])
    func idsAndBadReferencesAreAnsweredAsTheRegistryWould(reference: String, status: Int, body: String) async throws {
        try await withSim(fastConfiguration([Self.tiny])) { _, address in
            let response = try await pull(address, reference)
            #expect(response.head.status == status)
            #expect(response.head.headers.map(\.0) == Self.streamingHeaders + ["Transfer-Encoding"])
            #expect(response.text == body + "\n")
        }
    }

    @Test func pullByDigestStoresTheRepositoryAsLatest() async throws {
        try await withSim(fastConfiguration([Self.tiny])) { sim, address in
            _ = try await pull(address, "127.0.0.1:5000/ai/tiny")
            let id = try #require(
                try await send(address, "GET", "/models/tiny").text.split(separator: "\"").dropFirst(3).first)
            _ = try await send(address, "DELETE", "/models/127.0.0.1:5000/ai/tiny")
            #expect(sim.presentTags.isEmpty)
            let byDigest = try await pull(address, "127.0.0.1:5000/ai/tiny@\(id)")
            #expect(byDigest.head.status == 200)
            #expect(byDigest.lines.last?.contains("Model pulled successfully") == true)
            #expect(sim.presentTags == ["127.0.0.1:5000/ai/tiny:latest"])
            let wrong = try await pull(address, "127.0.0.1:5000/ai/tiny@sha256:" + String(repeating: "b", count: 64))
            #expect(wrong.head.status == 404)
        }
    }

    /// 1 MiB per tick, one line per MiB: a pull cut after two lines leaves 2 MiB on disk, and the next pull
    /// resumes from there, as DMR resumes from its `.incomplete` blob.
    @Test func aCutPullResumesFromWhatItWrote() async throws {
        let model = SimModel(reference: "ai/big", size: 4 << 20, speed: .bytesPerSecond(10 << 20))
        try await withSim(fastConfiguration([model])) { sim, address in
            sim.enqueuePullFault(.cut(afterLines: 2))
            let cut = try await pull(address, "ai/big")
            #expect(!cut.complete)
            #expect(cut.lines.count == 2)
            #expect(try await send(address, "GET", "/models/ai/big").head.status == 404)
            let resumed = try await pull(address, "ai/big")
            #expect(resumed.lines.count == 3)
            #expect(resumed.lines.first?.contains(#""current":3145728}"#) == true)
            #expect(resumed.lines.last?.contains("Model pulled successfully") == true)
        }
    }

    @Test func aBlobAlreadyOnDiskWritesNoProgressLine() async throws {
        try await withSim(fastConfiguration([Self.tiny])) { sim, address in
            // Cut after the only progress line: the blob is complete but the model was never stored.
            sim.enqueuePullFault(.cut(afterLines: 1))
            let cut = try await pull(address, "127.0.0.1:5000/ai/tiny")
            #expect(cut.lines.count == 1)
            let again = try await pull(address, "127.0.0.1:5000/ai/tiny")
            #expect(
                again.lines == [
                    #"{"type":"success","message":"Model pulled successfully","total":0,"#
                        + #""layer":{"size":0,"current":0},"mode":"pull"}"#
                ])
            // Deleting the model deletes its blobs: the next pull downloads again.
            _ = try await send(address, "DELETE", "/models/127.0.0.1:5000/ai/tiny")
            let fresh = try await pull(address, "127.0.0.1:5000/ai/tiny")
            #expect(fresh.lines.count == 2)
        }
    }
}
