import ModelBind

extension EndpointOptions.Target: ArgumentValue {}
extension EndpointOptions.Platform: ArgumentValue {}
extension EndpointOptions.APIPath: ArgumentValue {}

/// Flags that decide the `*_URL` value (the Endpoints table of ARCHITECTURE.md) and the runner.
struct EndpointFlags: Sendable {
    static let arguments: [ArgumentSpec] = [
        .option(
            "target", choices: EndpointOptions.Target.choices,
            help: "Who reads the variables: container (as Compose injects them) or host."),
        .option(
            "platform", choices: EndpointOptions.Platform.choices,
            help: "desktop or engine (default: desktop when the Docker Desktop socket exists, else engine)."),
        .option(
            "api-path", choices: EndpointOptions.APIPath.choices,
            help: "engines (/engines/v1/) or v1 (/v1/, what current Compose injects)."),
        .option(
            "backend", value: "name",
            help: "Backend for the path /engines/<backend>/v1/ and the runtime-flag allowlist (e.g. llama.cpp)."),
        .option("endpoint", value: "url", help: "Use this URL as the endpoint value, as is."),
        RunnerFlag.argument,
    ]

    var target: EndpointOptions.Target
    var platform: EndpointOptions.Platform?
    var apiPath: EndpointOptions.APIPath
    var backend: String?
    var endpoint: String?
    var runner: String?

    init(_ arguments: ParsedArguments) throws(UsageError) {
        target = try arguments.value("target", default: .container)
        platform = try arguments.value("platform")
        apiPath = try arguments.value("api-path", default: .engines)
        backend = arguments.string("backend")
        endpoint = arguments.string("endpoint")
        runner = try RunnerFlag.value(arguments)
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
    static let argument = ArgumentSpec.option(
        "runner", value: "url",
        help: "The model runner's URL (http://, https:// or unix:///path); default: $MODEL_RUNNER_HOST, the Docker "
            + "Desktop socket, http://localhost:12434.")

    static func value(_ arguments: ParsedArguments) throws(UsageError) -> String? {
        guard let runner = arguments.string("runner") else { return nil }
        do {
            _ = try RunnerEndpoint(parsing: runner)
        } catch {
            throw UsageError(error.description, command: arguments.command)
        }
        return runner
    }
}
