import ModelRunnerSim
import Testing

@Suite struct PreStreamErrorTests {
    static let model = SimModel(reference: "ai/smollm2", size: 1024)

    @Test(arguments: [
        (SimPreStreamError.invalidReference, 400, "Invalid model reference", true),
        (.unauthorized, 401, "Unauthorized", true),
        (.notFound, 404, "Model not found", true),
        (
            .unsupportedMediaType, 422,
            "error while pulling model: config type \"application/vnd.docker.container.image.v1+json\" is not "
                + "supported (supported: \"application/vnd.docker.ai.model.config.v0.1+json\", "
                + "\"application/vnd.docker.ai.model.config.v0.2+json\", \"application/vnd.cncf.model.config.v1+json\") "
                + "- try upgrading: unsupported model config media type", true
        ),
        (
            .registryUnreachable(detail: "dial tcp: i/o timeout"), 500,
            "error while pulling model: reading model from registry: failed to pull model \"ai/smollm2:latest\": "
                + "UNKNOWN - dial tcp: i/o timeout", true
        ),
        (.badGateway, 502, "Bad Gateway", false),
        (.serviceUnavailable, 503, "Service Unavailable", false),
    ])
    func statusFaultAnswersBeforeTheStream(error: SimPreStreamError, status: Int, body: String, streaming: Bool)
        async throws
    {
        try await withSim(fastConfiguration([Self.model])) { sim, address in
            sim.enqueuePullFault(.status(error), for: SimFaultTarget(model: "smollm2"))
            let response = try await pull(address, "ai/smollm2")
            #expect(response.head.status == status)
            #expect(response.text == body + "\n")
            #expect(response.head.header("Content-Type") == "text/plain; charset=utf-8")
            #expect(response.head.header("X-Content-Type-Options") == "nosniff")
            // Errors from inside DMR's pull handler carry the streaming headers it had already set.
            #expect((response.head.header("Cache-Control") == "no-cache") == streaming)
            #expect(sim.presentTags.isEmpty)
        }
    }

    @Test(arguments: [
        ("not json", 400, "invalid request body"),
        ("[]", 400, "invalid request body"),
        (#"{"from":5}"#, 400, "invalid request body"),
        ("", 400, "invalid request body"),
        (#"{"from":""}"#, 400, "Invalid model reference"),
        ("null", 400, "Invalid model reference"),
        (#"{"from":"ai/Bad Name!"}"#, 400, "Invalid model reference"),
        (#"{"from":"ai/unknown"}"#, 404, "Model not found"),
        (#"{"from":"ai/smollm2"} trailing ignored like json.Decoder"#, 200, ""),
    ])
    func requestBodyErrors(body: String, status: Int, message: String) async throws {
        try await withSim(fastConfiguration([Self.model])) { _, address in
            let response = try await send(address, "POST", "/models/create", body: body)
            #expect(response.head.status == status)
            if status != 200 { #expect(response.text == message + "\n") }
        }
    }

    @Test func invalidBodyIsAnsweredWithContentLengthNotChunked() async throws {
        try await withSim(fastConfiguration([Self.model])) { _, address in
            let response = try await send(address, "POST", "/models/create", body: "{")
            #expect(response.head.header("Content-Length") == "21")
            #expect(response.head.header("Transfer-Encoding") == nil)
        }
    }

    @Test func htmlBodyFault() async throws {
        try await withSim(fastConfiguration([Self.model])) { sim, address in
            sim.enqueuePullFault(.htmlBody)
            let response = try await pull(address, "ai/smollm2")
            #expect(response.head.status == 200)
            #expect(response.head.header("Content-Type") == "text/html; charset=utf-8")
            #expect(response.text.hasPrefix("<!DOCTYPE html>"))
        }
    }
}
