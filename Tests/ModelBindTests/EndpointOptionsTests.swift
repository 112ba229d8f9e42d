import Testing

@testable import ModelBind
@testable import RunnerEndpoints

@Suite struct EndpointOptionsTests {
    @Test(arguments: [
        (EndpointOptions(target: .container, platform: .desktop), "http://model-runner.docker.internal/engines/v1/"),
        (
            EndpointOptions(target: .container, platform: .engine),
            "http://model-runner.docker.internal:12434/engines/v1/"
        ),
        (EndpointOptions(target: .host, platform: .desktop), "http://localhost:12434/engines/v1/"),
        (EndpointOptions(target: .host, platform: .engine), "http://localhost:12434/engines/v1/"),
        (EndpointOptions(platform: .desktop, apiPath: .v1), "http://model-runner.docker.internal/v1/"),
        (
            EndpointOptions(platform: .desktop, backend: "llama.cpp"),
            "http://model-runner.docker.internal/engines/llama.cpp/v1/"
        ),
        (EndpointOptions(endpoint: "http://gpu-box:8080/v1"), "http://gpu-box:8080/v1/"),
        (EndpointOptions(runner: "http://10.0.0.5:12434/"), "http://10.0.0.5:12434/engines/v1/"),
        (EndpointOptions(target: .host, runner: "localhost:13434"), "http://localhost:13434/engines/v1/"),
        (
            EndpointOptions(platform: .desktop, runner: "unix:///var/run/dmr.sock"),
            "http://model-runner.docker.internal/engines/v1/"
        ),
        (EndpointOptions(runner: "https://gpu.example:8443/dmr/"), "https://gpu.example:8443/dmr/engines/v1/"),
    ])
    func endpointTable(_ options: EndpointOptions, _ expected: String) throws {
        #expect(try options.url() == expected)
    }

    @Test func backendWithV1PathIsRefused() {
        #expect(throws: EndpointError.self) { try EndpointOptions(apiPath: .v1, backend: "vllm").url() }
    }

    @Test func hostGatewayOnlyForEngineContainers() {
        #expect(EndpointOptions(target: .container, platform: .engine).needsHostGateway)
        #expect(!EndpointOptions(target: .container, platform: .desktop).needsHostGateway)
        #expect(!EndpointOptions(target: .host, platform: .engine).needsHostGateway)
        #expect(!EndpointOptions(platform: .engine, runner: "http://10.0.0.5:12434").needsHostGateway)
    }

    @Test func platformDetectionLooksForTheDesktopSocket() {
        #expect(
            EndpointOptions.detectPlatform(home: "/h", fileExists: { $0 == "/h/.docker/run/docker.sock" }) == .desktop)
        #expect(EndpointOptions.detectPlatform(home: "/h", fileExists: { _ in false }) == .engine)
    }

    @Test func loopbackRunnerForContainersGetsANote() {
        #expect(EndpointOptions(runner: "http://127.0.0.1:12434").loopbackNote?.contains("loopback") == true)
        #expect(EndpointOptions(runner: "localhost:12434").loopbackNote != nil)
        #expect(EndpointOptions(runner: "http://[::1]:12434").loopbackNote != nil)
        #expect(EndpointOptions(target: .host, runner: "http://127.0.0.1:12434").loopbackNote == nil)
        #expect(EndpointOptions(runner: "http://10.0.0.5:12434").loopbackNote == nil)
        #expect(EndpointOptions(endpoint: "http://x/", runner: "http://127.0.0.1:1").loopbackNote == nil)
    }
}
