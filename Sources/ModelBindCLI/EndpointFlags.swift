import ArgumentParser
import ModelBind

extension EndpointOptions.Target: ExpressibleByArgument {}
extension EndpointOptions.Platform: ExpressibleByArgument {}
extension EndpointOptions.APIPath: ExpressibleByArgument {}

/// Flags that decide the `*_URL` value (the Endpoints table of ARCHITECTURE.md) and the runner.
struct EndpointFlags: ParsableArguments {
    @Option(help: "Who reads the variables: container (as Compose injects them) or host.")
    var target: EndpointOptions.Target = .container

    @Option(help: "desktop or engine (default: desktop when the Docker Desktop socket exists, else engine).")
    var platform: EndpointOptions.Platform?

    @Option(name: .customLong("api-path"), help: "engines (/engines/v1/) or v1 (/v1/, what current Compose injects).")
    var apiPath: EndpointOptions.APIPath = .engines

    @Option(help: "Backend for the path /engines/<backend>/v1/ and the runtime-flag allowlist (e.g. llama.cpp).")
    var backend: String?

    @Option(help: "Use this URL as the endpoint value, as is.")
    var endpoint: String?

    @Option(help: "The model runner's URL (http://, https:// or unix:///path); default: $MODEL_RUNNER_HOST.")
    var runner: String?

    func validate() throws {
        try RunnerFlag.validate(runner)
    }

    /// The library's selection for these flags.
    var selection: EndpointSelection {
        EndpointSelection(
            target: target, platform: platform, apiPath: apiPath, backend: backend, endpoint: endpoint, runner: runner)
    }
}

/// `--runner`, checked the same way by every command that takes it: a malformed URL or an
/// unsupported scheme is a usage error (exit status 64).
enum RunnerFlag {
    static func validate(_ runner: String?) throws {
        guard let runner else { return }
        do {
            _ = try RunnerEndpoint(parsing: runner)
        } catch {
            throw ValidationError(error.description)
        }
    }
}
