import ComposeLoading
import ComposeModel
import ModelBindSupport
import ModelRunnerClient
import RunnerEndpoints

/// `models ls` and `models rm`: the project's models on the runner (not the whole store), and
/// removing them. Removing sends `DELETE /models/<the stored tag>` without force, so a model that
/// other references share is untagged, not deleted, and the outcome says so; a model already gone
/// (404) is no error.
public struct ModelsOperation: Sendable {
    public enum Action: String, Sendable, Codable {
        case list
        case remove
    }

    public var action: Action
    public var load: LoadOptions
    /// `--runner`; nil: `MODEL_RUNNER_HOST`, the Desktop socket, the default.
    public var runner: String?
    /// Model keys to act on; empty: every model an active service uses (all with `--all-resources`).
    public var keys: [String]
    /// With `.remove`: only say what would go.
    public var dryRun: Bool

    public init(action: Action, load: LoadOptions, runner: String? = nil, keys: [String] = [], dryRun: Bool = false) {
        self.action = action
        self.load = load
        self.runner = runner
        self.keys = keys
        self.dryRun = dryRun
    }

    /// What happened (or, on a dry run, would happen) to one project model.
    public enum Result: String, Sendable, Codable {
        /// Listed: on the runner.
        case present
        /// Not on the runner (listed, or nothing to remove).
        case absent
        /// The model was deleted (its last tag removed).
        case deleted
        /// Only the project's tag was removed: other references share the model, which stays.
        case untagged
        /// The runner answered 404: already gone.
        case alreadyGone
        case failed
    }

    public struct Entry: Sendable, Codable {
        public var key: String
        public var model: String
        public var result: Result
        public var id: String?
        public var size: String?
        /// The stored tag this model is (what `rm` removes).
        public var tag: String?
        /// Other tags of the same stored model (which `rm` leaves).
        public var otherTags: [String]
        /// The runner's words on a failure; a sentence.
        public var message: String?
    }

    public struct Outcome: Sendable, Codable {
        public var action: Action
        public var runner: RunnerChoice
        public var dryRun: Bool
        public var models: [Entry]

        public var succeeded: Bool { !models.contains { $0.result == .failed } }
    }

    public func run(in context: OperationContext) async throws -> Outcome {
        let (project, _) = try context.loadProject(load)
        let models = try Self.select(keys, in: project)
        let endpoint = try ProvisionOperation.runner(runner, environment: project.environment, context: context)
        let choice = RunnerChoice(endpoint, processEnvironment: context.environment)
        return try await RunnerClient.withClient(endpoint: endpoint, connectTimeout: .seconds(3)) { client in
            try await perform(models, client: client, choice: choice)
        }
    }

    /// The models `keys` name (each must be defined), or the project's active models.
    static func select(_ keys: [String], in project: ComposeProject) throws(OperationError) -> [ModelDefinition] {
        guard !keys.isEmpty else { return project.activeModels }
        var selected: [ModelDefinition] = []
        for key in keys {
            guard let model = project.model(key) else {
                let defined = project.models.map(\.key)
                let hint =
                    SpellingSuggestion.closest(to: key, in: defined).map { "; did you mean '\($0)'?" }
                    ?? " (defined: \(defined.joined(separator: ", ")))"
                throw OperationError("no model '\(key)' in the project\(hint)", usage: true)
            }
            if !selected.contains(where: { $0.key == key }) { selected.append(model) }
        }
        return selected
    }

    /// Lists or removes `models` at the client's runner.
    public func perform(_ models: [ModelDefinition], client: RunnerClient, choice: RunnerChoice) async throws
        -> Outcome
    {
        let store = RunnerStoreView(try await client.models())
        var entries: [Entry] = []
        // Tags removed so far: a later key with the same stored model sees what is left.
        var removedTags: Set<String> = []
        var removedIDs: Set<String> = []
        for definition in models {
            var entry = Entry(
                key: definition.key, model: definition.model, result: .absent, id: nil, size: nil, tag: nil,
                otherTags: [], message: nil)
            guard let stored = store.find(definition.model), !removedIDs.contains(stored.id) else {
                entries.append(entry)
                continue
            }
            let tag = RunnerStoreView.tag(of: definition.model, in: stored)
            entry.id = stored.id
            entry.size = stored.size
            entry.tag = tag
            entry.otherTags = stored.tags.filter { $0 != tag && !removedTags.contains($0) }
            guard action == .remove else {
                entry.result = .present
                entries.append(entry)
                continue
            }
            guard let tag else {
                entry.result = .failed
                entry.message =
                    "the runner stores '\(definition.model)' as \(stored.id) under no tag this reference names; "
                    + "remove it with `docker model rm`"
                entries.append(entry)
                continue
            }
            if dryRun {
                entry.result = entry.otherTags.isEmpty ? .deleted : .untagged
                removedTags.insert(tag)
                if entry.otherTags.isEmpty { removedIDs.insert(stored.id) }
                entries.append(entry)
                continue
            }
            do {
                if let actions = try await client.delete(tag) {
                    removedTags.insert(tag)
                    if actions.contains(where: { $0.kind == .deleted }) {
                        entry.result = .deleted
                        removedIDs.insert(stored.id)
                    } else {
                        entry.result = .untagged
                    }
                } else {
                    entry.result = .alreadyGone
                }
            } catch let error as RunnerRequestError where error.kind == .unreachable || error.kind == .runnerNotRunning
            {
                throw OperationError(error.description)
            } catch {
                entry.result = .failed
                entry.message = "\(error)"
            }
            entries.append(entry)
        }
        return Outcome(action: action, runner: choice, dryRun: dryRun && action == .remove, models: entries)
    }
}
