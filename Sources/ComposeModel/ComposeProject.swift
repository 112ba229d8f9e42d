import YAML

/// A loaded Compose project: every file merged and interpolated, with the models and the
/// bindings of the services that are active under the chosen profiles and service names.
public struct ComposeProject: Sendable {
    /// The project name (`-p`, `COMPOSE_PROJECT_NAME`, top-level `name:`, or the directory name).
    public var name: String
    /// The project directory: relative paths in the files resolve against it.
    public var workingDirectory: String
    /// The compose files in load order, as the user named them.
    public var files: [String]
    /// Every top-level model, in the order of first appearance.
    public var models: [ModelDefinition]
    /// Every service name, in the order of first appearance.
    public var services: [String]
    /// The services selected by profiles and positional service names.
    public var activeServices: [String]
    /// Bindings of every service (active or not), in service order then binding order.
    public var bindings: [ModelBinding]
    /// Models an active service binds, or every model with `--all-resources`: what provisioning pulls.
    public var activeModels: [ModelDefinition]
    /// Active services Compose creates no container for (`scale: 0`, `deploy.replicas: 0`): they get
    /// no variables, though their models are still pulled.
    public var servicesWithoutContainers: Set<String>
    /// The merged, interpolated project (what `config` and `wrap` write and rules inspect).
    public var document: ComposeDocument
    /// The project's environment: the process environment over `.env` (or `--env-file`), as Compose
    /// interpolates with it and hands it to the model plugin (so `MODEL_RUNNER_HOST` may come from `.env`).
    public var environment: [String: String]

    public init(
        name: String,
        workingDirectory: String,
        files: [String],
        models: [ModelDefinition] = [],
        services: [String] = [],
        activeServices: [String] = [],
        bindings: [ModelBinding] = [],
        activeModels: [ModelDefinition] = [],
        servicesWithoutContainers: Set<String> = [],
        document: ComposeDocument = .empty,
        environment: [String: String] = [:]
    ) {
        self.name = name
        self.workingDirectory = workingDirectory
        self.files = files
        self.models = models
        self.services = services
        self.activeServices = activeServices
        self.bindings = bindings
        self.activeModels = activeModels
        self.servicesWithoutContainers = servicesWithoutContainers
        self.document = document
        self.environment = environment
    }

    /// The service definition (a mapping) for `name`, as merged .
    public func service(_ name: String) -> YAMLNodeID? {
        document.node(at: ["services", name])
    }

    /// The bindings of active services. When every service is active that is every binding, without
    /// looking at their service names (the loader only lists bindings of listed services).
    public var activeBindings: [ModelBinding] {
        if allServicesActive { return bindings }
        let active = Set(activeServices)
        return bindings.filter { active.contains($0.service) }
    }

    /// Whether every service is active (the usual case: no profiles, no service names given), so
    /// that nothing needs filtering. The loader lists active services in service order, so then the
    /// two lists are equal; comparing them is far cheaper than hashing every name.
    package var allServicesActive: Bool {
        activeServices == services
    }

    /// The model with this key, if defined.
    public func model(_ key: String) -> ModelDefinition? {
        models.first { $0.key == key }
    }
}
