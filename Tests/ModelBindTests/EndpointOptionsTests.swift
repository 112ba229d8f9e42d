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
        (EndpointOptions(runner: runner("http://10.0.0.5:12434/")), "http://10.0.0.5:12434/engines/v1/"),
        (EndpointOptions(target: .host, runner: runner("localhost:13434")), "http://localhost:13434/engines/v1/"),
        (
            EndpointOptions(platform: .desktop, runner: runner("unix:///var/run/dmr.sock")),
            "http://model-runner.docker.internal/engines/v1/"
        ),
        (EndpointOptions(runner: runner("https://gpu.example:8443/dmr/")), "https://gpu.example:8443/dmr/engines/v1/"),
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
        #expect(!EndpointOptions(platform: .engine, runner: runner("http://10.0.0.5:12434")).needsHostGateway)
    }

    @Test func platformDetectionLooksForTheDesktopSocket() {
        let desktop = RunnerDiscovery(environment: [:], homeDirectory: "/h") { $0 == "/h/.docker/run/docker.sock" }
        #expect(desktop.platform == .desktop)
        #expect(desktop.desktopSocket == "/h/.docker/run/docker.sock")
        #expect(RunnerDiscovery(environment: [:], homeDirectory: "/h") { _ in false }.platform == .engine)
        #expect(RunnerDiscovery(environment: [:], homeDirectory: nil) { _ in true }.platform == .engine)
    }

    /// A loopback runner is where modelbind reaches the runner, not an address containers can use:
    /// they get the platform's container address with the runner's port (Compose would inject the
    /// loopback URL; a documented deviation).
    @Test(arguments: [
        ("http://127.0.0.1:13434", EndpointOptions.Platform.desktop, "http://model-runner.docker.internal/engines/v1/"),
        ("http://127.0.0.1:13434", .engine, "http://model-runner.docker.internal:13434/engines/v1/"),
        ("http://localhost", .engine, "http://model-runner.docker.internal:80/engines/v1/"),
        ("http://[::1]:9000", .engine, "http://model-runner.docker.internal:9000/engines/v1/"),
        ("http://127.9.9.9:5", .desktop, "http://model-runner.docker.internal/engines/v1/"),
    ])
    func loopbackRunnerMapsToTheContainersAddress(_ runner: String, _ platform: EndpointOptions.Platform, _ url: String)
        throws
    {
        let options = EndpointOptions(
            target: .container, platform: platform, runner: try RunnerEndpoint(parsing: runner))
        #expect(try options.url() == url)
        #expect(options.needsHostGateway == (platform == .engine))
        let host = EndpointOptions(target: .host, platform: platform, runner: try RunnerEndpoint(parsing: runner))
        #expect(try host.url() == (try RunnerEndpoint(parsing: runner).httpBaseURL ?? "") + "/engines/v1/")
    }

    @Test func loopbackRunnerForContainersGetsANote() {
        #expect(EndpointOptions(runner: runner("http://127.0.0.1:12434")).loopbackNote?.contains("loopback") == true)
        #expect(EndpointOptions(runner: runner("localhost:12434")).loopbackNote != nil)
        #expect(EndpointOptions(runner: runner("http://[::1]:12434")).loopbackNote != nil)
        #expect(EndpointOptions(target: .host, runner: runner("http://127.0.0.1:12434")).loopbackNote == nil)
        #expect(EndpointOptions(runner: runner("http://10.0.0.5:12434")).loopbackNote == nil)
        #expect(EndpointOptions(endpoint: "http://x/", runner: runner("http://127.0.0.1:1")).loopbackNote == nil)
        // The default runner is not something the user chose: no note.
        let fallback = RunnerEndpoint(
            transport: .tcp(scheme: "http", authority: "localhost:12434"), source: .defaultTCP)
        #expect(EndpointOptions(runner: fallback).loopbackNote == nil)
    }
}

/// A runner given as a flag.
private func runner(_ text: String) -> RunnerEndpoint? {
    try? RunnerEndpoint(parsing: text)
}
