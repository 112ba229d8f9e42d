import ComposeModel
import ModelBindSupport
import YAML

/// Reads models, services, bindings and profiles out of the merged document, checking the shapes
/// Compose's schema checks and its consistency rules, so that loading fails where
/// `docker compose config` or `create` fails, at the line.
struct ProjectBuilder {
    let document: ComposeDocument
    let options: LoadOptions
    let environment: [String: String]
    let projectDirectory: String
    let files: [String]
    /// Display path → the directory relative paths in that file resolve against.
    let directories: [String: String]
    let fileExists: (String) -> Bool
    private(set) var diagnostics: [Diagnostic] = []

    init(
        document: ComposeDocument, options: LoadOptions, environment: [String: String], projectDirectory: String,
        files: [String], directories: [String: String], fileExists: @escaping (String) -> Bool
    ) {
        self.document = document
        self.options = options
        self.environment = environment
        self.projectDirectory = projectDirectory
        self.files = files
        self.directories = directories
        self.fileExists = fileExists
    }

    static let modelKeys: Set<String> = ["model", "name", "context_size", "runtime_flags"]
    static let bindingKeys: Set<String> = ["endpoint_var", "model_var"]

    /// One service: its name, where its name is written, and its definition.
    struct Service {
        var name: String
        var key: YAMLNodeID
        var node: YAMLNodeID
    }

    mutating func build() -> ComposeProject {
        checkNulls()
        let name = projectName()
        let services = serviceEntries()
        let models = modelDefinitions()
        var bindings: [ModelBinding] = []
        for service in services { appendBindings(of: service, to: &bindings) }
        let active = activeServices(services)
        let activeSet = Set(active)
        let allActive = active.count == services.count
        let defined = Set(models.map(\.key))
        for binding in bindings
        where (allActive || activeSet.contains(binding.service)) && !defined.contains(binding.modelKey) {
            if binding.modelKey.hasPrefix("x-") {
                diagnostics.append(
                    Diagnostic(
                        Rule.modelKeyPattern,
                        "service \"\(binding.service)\" binds \"\(binding.modelKey)\", an `x-` extension key: Compose files it "
                            + "under #extensions, injects #EXTENSIONS_URL and an empty #EXTENSIONS_MODEL, and pulls an empty reference",
                        hint:
                            "Rename the model so its key does not start with `x-` (e.g. \"\(binding.modelKey.dropFirst(2))\").",
                        at: binding.location))
                continue
            }
            diagnostics.append(
                Diagnostic(
                    Rule.undefinedModel,
                    "service \"\(binding.service)\" refers to undefined model \"\(binding.modelKey)\"",
                    hint: ModelHints.undefinedModel(binding.modelKey, defined: models.map(\.key)),
                    at: binding.location))
        }
        let activeServices = services.filter { allActive || activeSet.contains($0.name) }
        checkConsistency(activeServices, all: services, active: activeSet)
        let used = Set((allActive ? bindings : bindings.filter { activeSet.contains($0.service) }).map(\.modelKey))
        let activeModels = options.allResources ? models : models.filter { used.contains($0.key) }
        return ComposeProject(
            name: name, workingDirectory: projectDirectory, files: files, models: models,
            services: services.map(\.name), activeServices: active, bindings: bindings, activeModels: activeModels,
            servicesWithoutContainers: Set(activeServices.filter(hasNoContainer).map(\.name)), document: document,
            environment: environment)
    }

    // MARK: - Nulls

    /// Nulls left after merging where Compose's schema wants a value (compose-go validates the
    /// project merged so far after each file): `models: ~`, `context_size:`, `profiles: ~`...
    private mutating func checkNulls() {
        guard let root = document.root else { return }
        let store = document.store
        /// Reports the value of `key` in `mapping` when it is null; whether it is.
        func null(_ path: [String], _ key: String, in mapping: YAMLNodeID) -> Bool {
            guard let value = store.lookup(key, in: mapping), store.isNull(value) else { return false }
            let keyNode = store.entries(of: mapping).last { store.text(of: $0.key) == key }?.key ?? value
            if let finding = DocumentScan.nullDiagnostic(path + [key], value: value, key: keyNode, in: document) {
                diagnostics.append(finding)
            }
            return true
        }
        /// The entries of a mapping whose values are null, reported; the others.
        func entries(_ path: [String], of mapping: YAMLNodeID) -> [(name: String, value: YAMLNodeID)] {
            var kept: [(name: String, value: YAMLNodeID)] = []
            for (key, value) in store.entries(of: mapping) {
                let name = store.text(of: key)
                if store.isNull(value) {
                    if let finding = DocumentScan.nullDiagnostic(path + [name], value: value, key: key, in: document) {
                        diagnostics.append(finding)
                    }
                } else if store.kind(of: value) == .mapping {
                    kept.append((name, value))
                }
            }
            return kept
        }
        if !null([], "services", in: root), let services = store.lookup("services", in: root),
            store.kind(of: services) == .mapping
        {
            for service in entries(["services"], of: services) {
                let path = ["services", service.name]
                for key in ["profiles", "depends_on", "env_file"] { _ = null(path, key, in: service.value) }
                guard !null(path, "models", in: service.value),
                    let bindings = store.lookup("models", in: service.value), store.kind(of: bindings) == .mapping
                else { continue }
                for (key, binding) in store.entries(of: bindings) where store.kind(of: binding) == .mapping {
                    for field in ["endpoint_var", "model_var"] {
                        _ = null(path + ["models", store.text(of: key)], field, in: binding)
                    }
                }
            }
        }
        if !null([], "models", in: root), let models = store.lookup("models", in: root),
            store.kind(of: models) == .mapping
        {
            for model in entries(["models"], of: models) {
                for key in ["model", "name", "context_size", "runtime_flags"] {
                    _ = null(["models", model.name], key, in: model.value)
                }
            }
        }
    }

    // MARK: - Name

    private mutating func projectName() -> String {
        if let explicit = options.projectName ?? environment["COMPOSE_PROJECT_NAME"].flatMap({ $0.isEmpty ? nil : $0 })
        {
            if !ProjectName.isValid(explicit) { invalidName(explicit, at: nil) }
            return explicit
        }
        let fromDirectory = ProjectName.normalize(PathUtilities.lastComponent(projectDirectory))
        if let root = document.root, let node = document.lookup("name", in: root) {
            guard let name = document.string(of: node) else {
                structure("`name` must be a string, not \(document.typeDescription(of: node))", at: node)
                return fromDirectory
            }
            // compose-go normalizes the name a file gives (`My App` is project `myapp`); an empty one
            // leaves the directory's name, and one that normalizes to nothing is an error.
            guard !name.isEmpty else { return fromDirectory }
            let normalized = ProjectName.normalize(name)
            if normalized.isEmpty {
                diagnostics.append(
                    Diagnostic(
                        Rule.naming,
                        "project name \(name.debugDescription) has no letter or digit; Compose refuses it "
                            + "(project name must not be empty)",
                        hint: "A project name has lower-case letters, digits, '-' and '_' (others are dropped).",
                        at: document.location(of: node)))
                return fromDirectory
            }
            return normalized
        }
        return fromDirectory
    }

    private mutating func invalidName(_ name: String, at location: SourceLocation?) {
        diagnostics.append(
            Diagnostic(
                Rule.naming, "\"\(name)\" is not a valid project name",
                hint:
                    "A project name has only lower-case letters, digits, '-' and '_', and starts with a letter or digit.",
                at: location))
    }

    // MARK: - Services

    private mutating func serviceEntries() -> [Service] {
        guard let root = document.root, let node = document.lookup("services", in: root), !document.isNull(node)
        else { return [] }
        guard document.kind(of: node) == .mapping else {
            structure(
                "`services` must be a mapping of service names to definitions, not \(document.typeDescription(of: node))",
                hint: "Write each service as `name:` followed by its settings, indented.", at: node)
            return []
        }
        var services: [Service] = []
        for entry in document.namedEntries(of: node) {
            // Compose's schema: service names match ^[a-zA-Z0-9._-]+$, and no other keys are allowed.
            if !EnvironmentVariableName.isComposeServiceName(entry.name) {
                diagnostics.append(
                    Diagnostic(
                        Rule.naming, "service name \"\(entry.name)\" has characters Compose does not allow",
                        hint: "Use only letters, digits, '.', '_' and '-'.", at: document.location(of: entry.key)))
            }
            // A null is checkNulls' finding.
            if document.isNull(entry.value) { continue }
            guard document.kind(of: entry.value) == .mapping else {
                structure(
                    "service \"\(entry.name)\" must be a mapping, not \(document.typeDescription(of: entry.value))",
                    hint: "Give the service its settings (e.g. `image:`) indented under its name.",
                    at: document.isNull(entry.value) ? entry.key : entry.value)
                continue
            }
            services.append(Service(name: entry.name, key: entry.key, node: entry.value))
        }
        return services
    }

    /// Appends the service's bindings in the order written (one array for the whole project).
    private mutating func appendBindings(of service: Service, to bindings: inout [ModelBinding]) {
        guard let node = document.lookup("models", in: service.node), !document.isNull(node) else { return }
        switch document.kind(of: node) {
        case .sequence:
            let first = bindings.count
            for item in document.items(of: node) {
                guard let key = document.string(of: item) else {
                    diagnostics.append(
                        Diagnostic(
                            Rule.serviceModelsShape,
                            "service \"\(service.name)\": a `models` list item must be a model key, not \(document.typeDescription(of: item))",
                            hint:
                                "List model keys (`models: [llm]`), or use the long syntax with `endpoint_var` / `model_var`.",
                            at: document.location(of: item)))
                    continue
                }
                guard !bindings[first...].contains(where: { $0.modelKey == key }) else {
                    diagnostics.append(
                        Diagnostic(
                            Rule.serviceModelsShape, "service \"\(service.name)\" lists model \"\(key)\" twice",
                            hint: "Remove the repeated item (Compose's schema requires unique items).",
                            at: document.location(of: item)))
                    continue
                }
                bindings.append(
                    ModelBinding(service: service.name, modelKey: key, location: document.location(of: item)))
            }
        case .mapping:
            for binding in document.namedEntries(of: node) {
                var endpointVariable: String?
                var modelVariable: String?
                if document.kind(of: binding.value) == .mapping {
                    for field in document.namedEntries(of: binding.value) {
                        switch field.name {
                        case "endpoint_var", "model_var":
                            guard let value = document.string(of: field.value) else {
                                if document.isNull(field.value) { continue }  // checkNulls reports it
                                diagnostics.append(
                                    Diagnostic(
                                        Rule.serviceModelsShape,
                                        "`\(field.name)` must be a string, not \(document.typeDescription(of: field.value))",
                                        hint:
                                            "Write a variable name such as `\(field.name == "endpoint_var" ? "LLM_URL" : "LLM_MODEL")`.",
                                        at: document.location(of: field.value)))
                                continue
                            }
                            // Compose uses the default name for an empty one.
                            guard !value.isEmpty else { continue }
                            if !ModelHints.isHoldableName(value) {
                                diagnostics.append(
                                    Diagnostic(
                                        Rule.invalidVariableName,
                                        "`\(field.name)` \"\(value)\" of service \"\(service.name)\" "
                                            + ModelHints.unholdableVariableProblem(value),
                                        hint: "Use letters, digits and '_', not starting with a digit (e.g. "
                                            + ModelHints.posixSpelling(
                                                of: value,
                                                fallback: field.name == "endpoint_var" ? "LLM_URL" : "LLM_MODEL")
                                            + ").",
                                        at: document.location(of: field.value)))
                            }
                            if field.name == "endpoint_var" { endpointVariable = value } else { modelVariable = value }
                        default:
                            if !field.name.hasPrefix("x-") {
                                diagnostics.append(
                                    Diagnostic(
                                        Rule.serviceModelsShape,
                                        "unknown key `\(field.name)` in service \"\(service.name)\"'s binding of \"\(binding.name)\"",
                                        hint: SpellingSuggestion.closest(to: field.name, in: Self.bindingKeys).map {
                                            "Did you mean `\($0)`?"
                                        } ?? "A binding takes `endpoint_var`, `model_var` and `x-*` keys.",
                                        at: document.location(of: field.key)))
                            }
                        }
                    }
                } else if !document.isNull(binding.value) {
                    diagnostics.append(
                        Diagnostic(
                            Rule.serviceModelsShape,
                            "service \"\(service.name)\"'s binding of \"\(binding.name)\" must be a mapping or empty, not \(document.typeDescription(of: binding.value))",
                            hint: "Write `\(binding.name):` alone, or with `endpoint_var:` / `model_var:` under it.",
                            at: document.location(of: binding.value)))
                }
                bindings.append(
                    ModelBinding(
                        service: service.name, modelKey: binding.name, endpointVariable: endpointVariable,
                        modelVariable: modelVariable, location: document.location(of: binding.key)))
            }
        case .scalar:
            diagnostics.append(
                Diagnostic(
                    Rule.serviceModelsShape,
                    "service \"\(service.name)\": `models` must be a list of model keys or a mapping, not \(document.typeDescription(of: node))",
                    hint:
                        "Write `models: [llm]`, or `models:` with `llm:` and optional `endpoint_var` / `model_var` under it.",
                    at: document.location(of: node)))
        }
    }

    /// The profiles that are enabled: `--profile` when given (Compose then ignores
    /// `COMPOSE_PROFILES`), else `COMPOSE_PROFILES`.
    private var enabledProfiles: Set<String> {
        var enabled = Set(options.profiles)
        if options.profiles.isEmpty, let fromEnvironment = environment["COMPOSE_PROFILES"] {
            enabled = Set(fromEnvironment.split(separator: ",").map { String($0.trimmingSpaces) })
        }
        enabled.remove("")
        return enabled
    }

    /// Services selected by profiles and positional names (plus what they depend on).
    private mutating func activeServices(_ services: [Service]) -> [String] {
        let enabled = enabledProfiles
        let profileActive = { (service: Service) -> Bool in
            guard let profiles = document.lookup("profiles", in: service.node) else { return true }
            let names = document.items(of: profiles).compactMap(document.string(of:))
            return names.isEmpty || enabled.contains("*") || names.contains { enabled.contains($0) }
        }
        guard !options.services.isEmpty else {
            return services.filter(profileActive).map(\.name)
        }
        var byName: [String: Service] = [:]
        for service in services where byName[service.name] == nil { byName[service.name] = service }
        var selected: Set<String> = []
        var queue: [String] = []
        for name in options.services {
            guard byName[name] != nil else {
                diagnostics.append(
                    Diagnostic(
                        Rule.naming, "no such service: \(name)",
                        hint: "Known services: \(services.map(\.name).joined(separator: ", ")).", at: nil))
                continue
            }
            if selected.insert(name).inserted { queue.append(name) }
        }
        while let name = queue.popLast() {
            guard let service = byName[name] else { continue }
            for dependency in dependencies(of: service).map(\.name)
            where byName[dependency] != nil && selected.insert(dependency).inserted {
                queue.append(dependency)
            }
        }
        return services.map(\.name).filter { selected.contains($0) }
    }

    /// The services `depends_on` names, each with whether it is required and where it is written.
    private func dependencies(of service: Service) -> [(name: String, required: Bool, at: YAMLNodeID)] {
        guard let node = document.lookup("depends_on", in: service.node) else { return [] }
        if document.kind(of: node) == .sequence {
            return document.items(of: node).compactMap { item in document.string(of: item).map { ($0, true, item) } }
        }
        return document.namedEntries(of: node).map { entry in
            let required = document.lookup("required", in: entry.value).map { document.value(of: $0) != .bool(false) }
            return (entry.name, required ?? true, entry.key)
        }
    }

    // MARK: - Consistency (compose-go checkConsistency, over the active services)

    private mutating func checkConsistency(_ active: [Service], all: [Service], active activeNames: Set<String>) {
        let defined = Set(all.map(\.name))
        for service in active {
            let hasImage = document.lookup("image", in: service.node).map { !document.isNull($0) } ?? false
            let hasBuild = document.lookup("build", in: service.node).map { !document.isNull($0) } ?? false
            let hasProvider = document.lookup("provider", in: service.node) != nil
            if !hasImage && !hasBuild && !hasProvider {
                diagnostics.append(
                    Diagnostic(
                        Rule.consistency,
                        "service \"\(service.name)\" has neither an image nor a build context specified; "
                            + "Compose refuses the project",
                        hint: "Add `image:` or `build:` (a file that only overrides settings is used with its base "
                            + "file: -f compose.yaml -f this.yaml).",
                        at: document.location(of: service.key)))
            }
            for dependency in dependencies(of: service) {
                if activeNames.contains(dependency.name) { continue }
                if defined.contains(dependency.name) && !dependency.required { continue }
                diagnostics.append(
                    Diagnostic(
                        Rule.consistency,
                        "service \"\(service.name)\" depends on undefined service \"\(dependency.name)\""
                            + (defined.contains(dependency.name)
                                ? " (it is not active under the chosen profiles)" : ""),
                        hint: defined.contains(dependency.name)
                            ? "Enable its profile, or mark the dependency `required: false`."
                            : "Define the service, or remove it from `depends_on`.",
                        at: document.location(of: dependency.at)))
            }
            checkEnvFiles(of: service)
            checkScale(of: service)
        }
    }

    /// Every required `env_file` exists (compose-go resolves them when it loads the project).
    private mutating func checkEnvFiles(of service: Service) {
        guard let node = document.lookup("env_file", in: service.node), !document.isNull(node) else { return }
        var entries: [(path: String, required: Bool, at: YAMLNodeID)] = []
        switch document.kind(of: node) {
        case .scalar:
            if let path = document.string(of: node) { entries.append((path, true, node)) }
        case .sequence:
            for item in document.items(of: node) {
                if let path = document.string(of: item) {
                    entries.append((path, true, item))
                } else if document.kind(of: item) == .mapping, let pathNode = document.lookup("path", in: item),
                    let path = document.string(of: pathNode)
                {
                    let required = document.lookup("required", in: item).map { document.value(of: $0) != .bool(false) }
                    entries.append((path, required ?? true, item))
                }
            }
        case .mapping:
            structure(
                "`env_file` of service \"\(service.name)\" must be a string or a list, not a mapping; "
                    + "Compose refuses it (services.\(service.name).env_file must be a string)",
                hint: "Write it as a list: `env_file: [{path: .env.local, required: false}]`.", at: node)
            return
        }
        for entry in entries where entry.required {
            let base = directories[document.store.path(of: entry.at)] ?? projectDirectory
            let absolute = PathUtilities.absolute(entry.path, base: base)
            if !fileExists(absolute) {
                diagnostics.append(
                    Diagnostic(
                        Rule.consistency,
                        "env file \(absolute) of service \"\(service.name)\" not found; Compose refuses the project",
                        hint:
                            "Create the file, or mark it optional: `env_file: [{path: \(entry.path), required: false}]`.",
                        at: document.location(of: entry.at)))
            }
        }
    }

    /// A replica count as Compose reads it: an integer, or a string holding one (`scale: "0"`).
    private func replicaCount(_ node: YAMLNodeID?) -> Int? {
        guard let node else { return nil }
        switch document.value(of: node) {
        case .int(let value): return value
        case .string(let text): return Int(text.trimmingSpaces)
        default: return nil
        }
    }

    /// compose-go's consistency check: `scale` and `deploy.replicas` may not disagree.
    private mutating func checkScale(of service: Service) {
        guard let scaleNode = document.lookup("scale", in: service.node), let scale = replicaCount(scaleNode),
            let replicas = replicaCount(
                document.lookup("deploy", in: service.node).flatMap { document.lookup("replicas", in: $0) }),
            scale != replicas
        else { return }
        diagnostics.append(
            Diagnostic(
                Rule.consistency,
                "service \"\(service.name)\" sets `scale: \(scale)` and `deploy.replicas: \(replicas)`; Compose refuses "
                    + "the project (can't set distinct values on 'scale' and 'deploy.replicas')",
                hint: "Keep one of them, or give both the same value.", at: document.location(of: scaleNode)))
    }

    /// Whether Compose creates no container for the service (`scale: 0` or `deploy.replicas: 0`).
    private func hasNoContainer(_ service: Service) -> Bool {
        if let scale = document.lookup("scale", in: service.node) { return replicaCount(scale) == 0 }
        return replicaCount(document.lookup("deploy", in: service.node).flatMap { document.lookup("replicas", in: $0) })
            == 0
    }

    // MARK: - Models

    private mutating func modelDefinitions() -> [ModelDefinition] {
        guard let root = document.root, let node = document.lookup("models", in: root), !document.isNull(node)
        else { return [] }
        guard document.kind(of: node) == .mapping else {
            structure(
                "`models` must be a mapping of model keys to definitions, not \(document.typeDescription(of: node))",
                at: node)
            return []
        }
        var models: [ModelDefinition] = []
        for entry in document.namedEntries(of: node) {
            if entry.name.hasPrefix("x-") {
                diagnostics.append(
                    Diagnostic(
                        severity: .warning, code: Rule.modelKeyPattern.code,
                        message:
                            "\"\(entry.name)\" under `models:` is an extension field, not a model; Compose ignores it",
                        hint:
                            "Rename the model so its key does not start with `x-` (e.g. \"\(entry.name.dropFirst(2))\").",
                        location: document.location(of: entry.key)))
                continue
            }
            if let problem = ModelHints.unusableKeyProblem(entry.name) {
                diagnostics.append(
                    Diagnostic(
                        Rule.modelKeyPattern, "model key \"\(entry.name)\" \(problem)",
                        hint: "Use only letters, digits, '.', '_' and '-' in model keys.",
                        at: document.location(of: entry.key)))
            }
            if let model = modelDefinition(entry.name, key: entry.key, value: entry.value) { models.append(model) }
        }
        return models
    }

    private mutating func modelDefinition(_ name: String, key: YAMLNodeID, value: YAMLNodeID) -> ModelDefinition? {
        if document.isNull(value) { return nil }  // checkNulls reports it
        guard document.kind(of: value) == .mapping else {
            diagnostics.append(
                Diagnostic(
                    Rule.modelMissingModel,
                    "model \"\(name)\" must be a mapping with `model:`, not \(document.typeDescription(of: value))",
                    hint: "Write `model: ai/smollm2` indented under `\(name):`.",
                    at: document.location(of: document.isNull(value) ? key : value)))
            return nil
        }
        var definition = ModelDefinition(key: name, model: "", location: document.location(of: key))
        var hasModel = false
        for field in document.namedEntries(of: value) {
            switch field.name {
            case "model":
                hasModel = true
                if let model = document.string(of: field.value) {
                    definition.model = model
                } else if !document.isNull(field.value) {  // checkNulls reports a null
                    diagnostics.append(
                        Diagnostic(
                            Rule.modelMissingModel,
                            "`model` of \"\(name)\" must be a string, not \(document.typeDescription(of: field.value))",
                            hint:
                                "Write the OCI reference, e.g. `model: ai/smollm2` (quote it if it looks like a number).",
                            at: document.location(of: field.value)))
                }
            case "name":
                if let text = document.string(of: field.value) {
                    definition.name = text
                } else if !document.isNull(field.value) {  // checkNulls reports a null
                    diagnostics.append(
                        Diagnostic(
                            Rule.modelNameType,
                            "`name` of \"\(name)\" must be a string, not \(document.typeDescription(of: field.value))",
                            hint: "Quote the name.", at: document.location(of: field.value)))
                }
            case "context_size":
                contextSize(of: name, field.value, into: &definition)
            case "runtime_flags":
                runtimeFlags(of: name, field.value, into: &definition)
            default:
                if !field.name.hasPrefix("x-") {
                    diagnostics.append(
                        Diagnostic(
                            Rule.modelUnknownKey, "unknown key `\(field.name)` in model \"\(name)\"",
                            hint: SpellingSuggestion.closest(to: field.name, in: Self.modelKeys).map {
                                "Did you mean `\($0)`?"
                            } ?? "A model takes `model`, `name`, `context_size`, `runtime_flags` and `x-*` keys.",
                            at: document.location(of: field.key)))
                }
            }
        }
        if !hasModel {
            diagnostics.append(
                Diagnostic(
                    Rule.modelMissingModel, "model \"\(name)\" has no `model:`",
                    hint: "Add the OCI reference to pull, e.g. `model: ai/smollm2`.", at: document.location(of: key)))
        }
        return definition
    }

    /// `context_size` as Compose takes it: an integer as written (an interpolated or quoted value is
    /// a string, which Compose refuses), or a float with an integral value (`4096.0`, `1e3`: JSON
    /// Schema's "integer" admits them, and Go converts them); 0 or less is kept, and no context size
    /// is configured. checkNulls reports a null.
    private mutating func contextSize(of name: String, _ node: YAMLNodeID, into definition: inout ModelDefinition) {
        var value = document.kind(of: node) == .scalar ? document.value(of: node) : .null
        if case .float(let number) = value, let size = Self.integralValue(number) { value = .int(size) }
        guard case .int(let size) = value else {
            if value == .null && document.kind(of: node) == .scalar { return }
            let interpolated = document.isInterpolated(node)
            diagnostics.append(
                Diagnostic(
                    Rule.modelContextSize,
                    "`context_size` of \"\(name)\" must be an integer, not \(document.describe(node))"
                        + (interpolated ? " after interpolation" : "")
                        + "; Compose refuses it (models.\(name).context_size must be a integer)",
                    hint: interpolated
                        ? "Compose does not cast interpolated values for `models:`; write the number itself."
                        : "Write a number of tokens without quotes, e.g. `context_size: 8192`.",
                    at: document.location(of: node)))
            return
        }
        definition.contextSize = size
        if size <= 0 {
            diagnostics.append(
                Diagnostic(
                    Rule.contextSizeIgnored,
                    "`context_size` of \"\(name)\" is \(size); Compose and modelbind then configure no context size",
                    hint: "Remove it to use the model's default, or give a positive number of tokens.",
                    at: document.location(of: node)))
        }
    }

    /// The Int a Go `int(f)` gives for a float that JSON Schema takes for an integer (finite, no
    /// fraction); out of range, amd64's conversion gives `Int.min` (`1e20` is -9223372036854775808).
    static func integralValue(_ number: Double) -> Int? {
        guard number.isFinite, number == number.rounded(.towardZero) else { return nil }
        guard number >= -0x1p63, number < 0x1p63 else { return .min }
        return Int(number)
    }

    private mutating func runtimeFlags(of name: String, _ node: YAMLNodeID, into definition: inout ModelDefinition) {
        guard document.kind(of: node) == .sequence else {
            if !document.isNull(node) {
                diagnostics.append(
                    Diagnostic(
                        Rule.modelRuntimeFlagsType,
                        "`runtime_flags` of \"\(name)\" must be a list of strings, not \(document.typeDescription(of: node))",
                        hint: "Write one flag per item: `runtime_flags: [\"--temp\", \"0.7\"]`.",
                        at: document.location(of: node)))
            }
            return
        }
        var flags: [String] = []
        for item in document.items(of: node) {
            if let flag = document.string(of: item) {
                flags.append(flag)
            } else {
                diagnostics.append(
                    Diagnostic(
                        Rule.modelRuntimeFlagsType, "runtime flags must be strings; \(document.describe(item)) is not",
                        hint: "Quote it: \"\(document.text(of: item))\".", at: document.location(of: item)))
            }
        }
        definition.runtimeFlags = flags
    }

    private mutating func structure(_ message: String, hint: String? = nil, at node: YAMLNodeID) {
        diagnostics.append(Diagnostic(Rule.structure, message, hint: hint, at: document.location(of: node)))
    }
}
