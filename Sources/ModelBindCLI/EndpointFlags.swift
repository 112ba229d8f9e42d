import ArgumentParser
import Foundation
import ModelBind

extension EndpointOptions.Target: ExpressibleByArgument {}
extension EndpointOptions.Platform: ExpressibleByArgument {}
extension EndpointOptions.APIPath: ExpressibleByArgument {}

/// Flags that decide the `*_URL` value (the Endpoints table of ARCHITECTURE.md).
struct EndpointFlags: ParsableArguments {
    @Option(help: "Who reads the variables: container (as Compose injects them) or host.")
    var target: EndpointOptions.Target = .container

    @Option(help: "desktop or engine (default: desktop when the Docker Desktop socket exists, else engine).")
    var platform: EndpointOptions.Platform?

    @Option(name: .customLong("api-path"), help: "engines (/engines/v1/) or v1 (/v1/, what current Compose injects).")
    var apiPath: EndpointOptions.APIPath = .engines

    @Option(help: "Backend for the path /engines/<backend>/v1/ (e.g. llama.cpp).")
    var backend: String?

    @Option(help: "Use this URL as the endpoint value, as is.")
    var endpoint: String?

    @Option(help: "The model runner's URL (http://, https:// or unix:///path); default: $MODEL_RUNNER_HOST.")
    var runner: String?

    /// The options, with the platform detected when not given; says what was chosen on stderr.
    func options(announce: Bool = true) -> EndpointOptions {
        let environment = ProcessInfo.processInfo.environment
        let runner = self.runner ?? environment["MODEL_RUNNER_HOST"].flatMap { $0.isEmpty ? nil : $0 }
        let chosen = platform ?? EndpointOptions.detectPlatform()
        if platform == nil, announce, endpoint == nil {
            let reason =
                chosen == .desktop
                ? "the Docker Desktop socket exists" : "no Docker Desktop socket at ~/.docker/run/docker.sock"
            Terminal.writeStandardError("modelbind: platform \(chosen.rawValue) (\(reason)); choose with --platform\n")
        }
        let options = EndpointOptions(
            target: target,
            platform: chosen,
            apiPath: apiPath,
            backend: backend,
            endpoint: endpoint,
            runner: runner
        )
        if announce, let note = options.loopbackNote {
            Terminal.writeStandardError("modelbind: note: \(note)\n")
        }
        return options
    }
}
