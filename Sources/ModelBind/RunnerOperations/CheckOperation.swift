import BindingOutput
import ComposeLoading
import ComposeModel
import FoundationEssentials
import ModelBindSupport
import ModelRunnerClient
import RunnerEndpoints

/// `check`: for each binding, one real request through the URL a process is given (the host
/// target's `*_URL`, or `--endpoint`), with `*_MODEL` exactly as injected: `chat/completions` with
/// `max_tokens: 1` for a chat model, `embeddings` for an embedding model. This proves the
/// variables work, which nothing else does.
public struct CheckOperation: Sendable {
    /// What kind of model a binding is, which decides the request.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case chat
        case embedding
    }

    public var load: LoadOptions
    /// The endpoint flags; the target is always `host` (the URL a process on this machine uses).
    public var endpoint: EndpointSelection
    /// Limit to these services (each must bind a model).
    public var services: [String]
    /// `--kind`: for bindings neither the runner nor `x-modelbind-kind` decides.
    public var kind: Kind?
    /// Per request.
    public var timeout: Duration

    public init(
        load: LoadOptions, endpoint: EndpointSelection = EndpointSelection(), services: [String] = [],
        kind: Kind? = nil, timeout: Duration = .seconds(60)
    ) {
        self.load = load
        self.endpoint = endpoint
        self.services = services
        self.kind = kind
        self.timeout = timeout
    }

    /// One binding's request and what came back.
    public struct Result: Sendable, Codable {
        public var service: String
        public var key: String
        public var endpointVariable: String
        public var modelVariable: String
        /// `*_URL` and `*_MODEL` as injected.
        public var url: String
        public var model: String
        public var kind: Kind
        /// `runner` (its stored configuration says embedding), `x-modelbind-kind`, `--kind` or `default`.
        public var kindSource: String
        /// `POST http://…/engines/v1/chat/completions`.
        public var request: String
        public var status: Int?
        public var latencyMilliseconds: Int
        /// The first bytes of the answer, on one line.
        public var firstBytes: String
        public var ok: Bool
        /// What went wrong and what to do, when not ok.
        public var problem: String?
    }

    public struct Outcome: Sendable, Codable {
        public var results: [Result]
        public var notes: [String]
        public var succeeded: Bool { results.allSatisfy(\.ok) }
    }

    /// The project's warnings come back apart (they go to standard error, not into JSON).
    public func run(in context: OperationContext) async throws -> (outcome: Outcome, warnings: [Diagnostic]) {
        let (project, warnings) = try context.loadProject(load)
        var selection = endpoint
        selection.target = .host
        let resolved = try ResolvedEndpoint.resolve(selection, environment: project.environment, context: context)
        let environment = try BindingEnvironment(project: project, url: resolved.url, selected: services)
        var notes = EnvOperation.containerlessNotes(environment)
        var overSocket: String?
        if selection.endpoint == nil, resolved.runner.isUnixSocket {
            let path = (try? resolved.options.path()) ?? "/engines/v1/"
            overSocket = path
            notes.append(
                "the runner is the unix socket \(resolved.runner.description): requests go over it to \(path); "
                    + "processes on this machine are given \(resolved.url), which answers only where the runner also "
                    + "listens on TCP (check it with --endpoint \(resolved.url))")
        }
        let targets = Self.targets(project: project, environment: environment)
        let results = try await RunnerClient.withClient(endpoint: resolved.runner, connectTimeout: .seconds(5)) {
            client in
            let configurations = (try? await client.allConfigurations()) ?? []
            var results: [Result] = []
            for target in targets {
                try Task.checkCancellation()
                let (kind, source) = Self.kind(
                    of: target, configurations: configurations, project: project, flag: kind)
                let base: OpenAIBase = overSocket.map { .runnerPath($0) } ?? .url(target.url)
                results.append(
                    await Self.check(
                        target, kind: kind, kindSource: source, base: base, client: client, timeout: timeout))
            }
            return results
        }
        return (Outcome(results: results, notes: notes), warnings)
    }

    /// A binding with its injected values.
    struct Target: Sendable {
        var service: String
        var key: String
        var endpointVariable: String
        var modelVariable: String
        var url: String
        var model: String
    }

    /// Every binding of the services the environment has, in its (sorted) order.
    static func targets(project: ComposeProject, environment: BindingEnvironment) -> [Target] {
        var targets: [Target] = []
        for service in environment.services {
            for binding in project.activeBindings where binding.service == service.name {
                let values = Dictionary(
                    service.variables.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
                guard let url = values[binding.endpointVariable], let model = values[binding.modelVariable] else {
                    continue
                }
                targets.append(
                    Target(
                        service: service.name, key: binding.modelKey, endpointVariable: binding.endpointVariable,
                        modelVariable: binding.modelVariable, url: url, model: model))
            }
        }
        return targets
    }

    /// The kind: the runner's stored configuration where it says embedding, else `x-modelbind-kind`
    /// on the binding (or on the model), else `--kind`, else chat.
    static func kind(
        of target: Target, configurations: [RunnerModelConfiguration], project: ComposeProject, flag: Kind?
    ) -> (Kind, String) {
        let reference = ModelReference(target.model)
        if configurations.contains(where: { $0.mode == "embedding" && reference.matches($0.model) }) {
            return (.embedding, "runner")
        }
        let paths = [
            ["services", target.service, "models", target.key, extensionKey], ["models", target.key, extensionKey],
        ]
        for path in paths {
            if let node = project.document.node(at: path), let text = project.document.string(of: node),
                let kind = Self.kind(named: text)
            {
                return (kind, extensionKey)
            }
        }
        if let flag { return (flag, "--kind") }
        return (.chat, "default")
    }

    /// The extension that names a binding's kind.
    public static let extensionKey = "x-modelbind-kind"

    static func kind(named text: String) -> Kind? {
        switch text.lowercased() {
        case "chat", "completion", "completions": .chat
        case "embedding", "embeddings": .embedding
        default: nil
        }
    }

    /// Sends the binding's request and judges the answer.
    static func check(
        _ target: Target, kind: Kind, kindSource: String, base: OpenAIBase, client: RunnerClient, timeout: Duration
    ) async -> Result {
        let call: OpenAICall =
            kind == .chat ? .chatCompletion(model: target.model) : .embeddings(model: target.model)
        var result = Result(
            service: target.service, key: target.key, endpointVariable: target.endpointVariable,
            modelVariable: target.modelVariable, url: target.url, model: target.model, kind: kind,
            kindSource: kindSource, request: "POST " + base.description + call.path, status: nil,
            latencyMilliseconds: 0, firstBytes: "", ok: false, problem: nil)
        do {
            let response = try await client.openAI(call, at: base, timeout: timeout)
            result.request = "POST " + response.url
            result.status = response.status
            result.latencyMilliseconds = milliseconds(response.latency)
            result.firstBytes = firstBytes(response.body)
            result.problem = problem(with: response, call: call, target: target)
            result.ok = result.problem == nil
        } catch let error as OpenAIRequestError {
            result.request = "POST " + error.url
            result.latencyMilliseconds = milliseconds(error.latency)
            result.problem =
                error.kind == .stalled
                ? "no answer within \(error.reason) (--timeout): the runner may still be loading the model; try again or "
                    + "raise --timeout"
                : "cannot connect to \(error.url) (\(error.reason)): nothing listens at the URL \(target.endpointVariable) "
                    + "gives; is the runner running, and is it the runner's address?"
        } catch {
            result.problem = "\(error)"
        }
        return result
    }

    /// Why `response` is not a working answer to `call`, or nil when it is. Pure.
    static func problem(with response: OpenAIResponse, call: OpenAICall, target: Target) -> String? {
        let body = PercentEncoding.trim(response.body)
        let quoted = quote(body)
        let lower = body.lowercased()
        switch response.status {
        case 200..<300:
            if response.contentType.lowercased().hasPrefix("text/html") || body.hasPrefix("<") {
                return "\(response.url) answered with an HTML page, not an OpenAI response: \(target.endpointVariable) "
                    + "points at another web server"
            }
            guard let object = try? JSONDecoder().decode(OpenAIAnswer.self, from: Data(body.utf8)) else {
                return "\(response.url) answered HTTP \(response.status) with something that is not JSON (\(quoted))"
            }
            switch call {
            case .chatCompletion:
                guard object.choices != nil else {
                    return "\(response.url) answered without `choices` (\(quoted)): not a chat completion"
                }
            case .embeddings:
                guard object.data != nil else {
                    return "\(response.url) answered without `data` (\(quoted)): not an embeddings response"
                }
            case .listModels: break
            }
            return nil
        case 404 where lower.contains("model not found") || lower.contains("get model"):
            return "the runner has no model '\(target.model)' (HTTP 404: \(quoted)): \(target.modelVariable) names a "
                + "model that is not pulled; run `modelbind up` (or `provision`), or check `model:`"
        case 404 where lower.contains("backend not found"):
            return "wrong path: the backend in \(target.endpointVariable)=\(target.url) is unknown to the runner "
                + "(HTTP 404: \(quoted)); use /engines/v1/ or /engines/<backend>/v1/ with a backend `status` lists"
        case 404 where hasRunnerPath(target.url) && lower.hasPrefix("404 page not found"):
            return
                "wrong server: \(response.url) does not exist (HTTP 404: \(quoted)), though \(target.endpointVariable) "
                + "has the runner's path; the server there is not Docker Model Runner (or one without the OpenAI API)"
        case 404:
            return
                "wrong path: \(response.url) does not exist (HTTP 404: \(quoted)); \(target.endpointVariable) should "
                + "end in /engines/v1/, /engines/<backend>/v1/ or /v1/ (see --api-path, --backend, --endpoint)"
        case 503 where lower.contains("backend"):
            return "the backend in \(target.endpointVariable)=\(target.url) is not installed on the runner (HTTP 503: "
                + "\(quoted)); use a backend `modelbind status` shows as running, or /engines/v1/"
        case 503:
            return "the runner is not running (HTTP 503: \(quoted)); start Docker Model Runner"
        case 500 where lower.contains("load") || lower.contains("runner"):
            return "model not loaded: the runner could not load '\(target.model)' (HTTP 500: \(quoted)); check the "
                + "backend (`modelbind status`) and the runner's logs"
        case 412:
            return "the backend cannot run here (HTTP 412: \(quoted)); choose another with --backend"
        case 400:
            return "the runner rejected the request (HTTP 400: \(quoted))"
                + (call == .embeddings(model: target.model)
                    ? ""
                    : "; if '\(target.key)' is an embedding model, mark it with \(extensionKey): embedding or --kind")
        default:
            return "\(response.url) answered HTTP \(response.status) (\(quoted))"
        }
    }

    /// Whether the URL's path is one DMR serves the OpenAI API at: `/engines/v1/`,
    /// `/engines/<backend>/v1/` or `/v1/` (after a Desktop-style prefix, if any).
    static func hasRunnerPath(_ url: String) -> Bool {
        var rest = Substring(url)
        if let scheme = rest.firstRange(of: "://") { rest = rest[scheme.upperBound...] }
        let path = rest.drop { $0 != "/" }
        let parts = path.split(separator: "/")
        guard parts.last == "v1" else { return false }
        if parts.count == 1 { return true }
        let engines = parts.lastIndex(of: "engines")
        return engines == parts.count - 2 || engines == parts.count - 3
    }

    static func firstBytes(_ body: String) -> String {
        let line = body.split(whereSeparator: \.isNewline).joined(separator: " ")
        return line.count > 120 ? String(line.prefix(120)) + "…" : line
    }

    /// The body for a message: one line, up to 400 characters (the runner's reason is often at the end).
    static func quote(_ body: String) -> String {
        if body.isEmpty { return "empty body" }
        let line = body.split(whereSeparator: \.isNewline).joined(separator: " | ")
        return line.count > 400 ? String(line.prefix(400)) + "…" : line
    }

    static func milliseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        return Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000)
    }
}

/// The parts of an OpenAI answer `check` looks at.
private struct OpenAIAnswer: Decodable {
    /// Any JSON value, skipped.
    struct Skipped: Decodable {
        init(from decoder: any Decoder) throws {}
    }

    var choices: [Skipped]?
    var data: [Skipped]?
}
