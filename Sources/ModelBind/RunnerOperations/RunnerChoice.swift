import ComposeModel
import RunnerEndpoints

/// Which runner an operation talks to, and why that one (the resolution order's rule that chose it).
public struct RunnerChoice: Sendable, Hashable, Codable {
    /// The runner as a user would write it: `http://localhost:12434`, `unix:///path (path prefix …)`.
    public var runner: String
    /// `tcp` or `unix`.
    public var transport: String
    /// `flag`, `environment`, `dockerDesktop` or `defaultTCP`.
    public var source: String
    /// Why: `--runner`, `MODEL_RUNNER_HOST (from .env)`, `the Docker Desktop socket exists`, the default.
    public var reason: String

    public init(_ endpoint: RunnerEndpoint, processEnvironment: [String: String]) {
        runner = endpoint.description
        transport = endpoint.isUnixSocket ? "unix" : "tcp"
        source = endpoint.source.rawValue
        switch endpoint.source {
        case .flag: reason = "--runner"
        case .environment:
            let fromProcess = processEnvironment["MODEL_RUNNER_HOST"].map { !$0.isEmpty } ?? false
            reason = fromProcess ? "MODEL_RUNNER_HOST" : "MODEL_RUNNER_HOST (from the project's .env)"
        case .dockerDesktop: reason = "the Docker Desktop socket ~/\(RunnerEndpoint.dockerDesktopSocket) exists"
        case .defaultTCP: reason = "the default (no --runner, no MODEL_RUNNER_HOST, no Docker Desktop socket)"
        }
    }
}

/// The runner's store as a project sees it: which stored model each project model is, found with
/// DMR's own name normalisation (``ModelReference/resolve(in:)``), so `ai/smollm2`,
/// `docker.io/ai/smollm2:latest` and `index.docker.io/ai/smollm2` are one model.
struct RunnerStoreView: Sendable {
    let models: [RunnerModelInfo]
    private let entries: [ModelReference.StoreEntry]

    init(_ models: [RunnerModelInfo]) {
        self.models = models
        self.entries = models.map { ModelReference.StoreEntry(id: $0.id, tags: $0.tags) }
    }

    /// The stored model `reference` names, if any.
    func find(_ reference: String) -> RunnerModelInfo? {
        guard let id = ModelReference.resolve(reference, in: entries) else { return nil }
        return models.first { $0.id == id }
    }

    /// The stored tag `reference` names (as the store writes it), for removing exactly that tag.
    static func tag(of reference: String, in model: RunnerModelInfo) -> String? {
        let parsed = ModelReference(reference)
        if let tag = model.tags.first(where: { parsed.matches($0) }) { return tag }
        if let storeTag = parsed.storeTag { return model.tags.first { ModelReference(storeTag).matches($0) } }
        return nil
    }
}

/// The runner's version, read as `v1.2.6-18-g642c7211`, and what it means for a project.
enum RunnerVersion {
    /// `[1, 2, 6]` for `v1.2.6-18-g642c7211`; nil for `dev` or anything unreadable.
    static func components(_ text: String) -> [Int]? {
        var text = Substring(text)
        if text.hasPrefix("v") { text = text.dropFirst() }
        let core = text.prefix { $0.isNumber || $0 == "." }
        let parts = core.split(separator: ".", omittingEmptySubsequences: false).map { Int($0) }
        guard parts.count >= 2, parts.allSatisfy({ $0 != nil }) else { return nil }
        return parts.compactMap { $0 } + Array(repeating: 0, count: max(0, 3 - parts.count))
    }

    static func isBelow(_ version: [Int], _ minimum: [Int]) -> Bool {
        for (a, b) in zip(version, minimum) where a != b { return a < b }
        return false
    }

    /// What to warn about for this version (below v1.0.11: no ModelPack; below v1.0.6 or `dev`:
    /// Compose drops `runtime_flags`).
    static func warnings(_ text: String) -> [String] {
        guard let version = components(text) else {
            return [
                "the runner reports version '\(text)', which cannot be compared; Docker Compose drops runtime_flags "
                    + "for a model plugin that reports `dev` or a version below v1.0.6"
            ]
        }
        var warnings: [String] = []
        if isBelow(version, [1, 0, 11]) {
            warnings.append(
                "runner \(text) is older than v1.0.11: it cannot pull CNCF ModelPack artifacts (Docker Hub's ai/* "
                    + "models are ModelPack now); upgrade Docker Model Runner")
        }
        if isBelow(version, [1, 0, 6]) {
            warnings.append("runner \(text) is older than v1.0.6: Docker Compose drops runtime_flags for it")
        }
        return warnings
    }
}
