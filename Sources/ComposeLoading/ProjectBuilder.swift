import ComposeModel
import Foundation
import ModelBindSupport

/// Reads models, services, bindings and profiles out of the merged project tree, checking the
/// shapes Compose's schema checks (so `config` fails where `docker compose config` fails).
struct ProjectBuilder {
    let document: ComposeNode
    let options: LoadOptions
    let environment: [String: String]
    let projectDirectory: String
    let files: [String]
    private(set) var diagnostics: [Diagnostic] = []

    init(
        document: ComposeNode,
        options: LoadOptions,
        environment: [String: String],
        projectDirectory: String,
        files: [String]
    ) {
        self.document = document
        self.options = options
        self.environment = environment
        self.projectDirectory = projectDirectory
        self.files = files
    }

    static let modelKeys: Set<String> = ["model", "name", "context_size", "runtime_flags"]
    static let bindingKeys: Set<String> = ["endpoint_var", "model_var"]

    mutating func build() -> ComposeProject {
        let name = projectName()
        let services = serviceEntries()
        let models = modelDefinitions()
        var bindings: [ModelBinding] = []
        for service in services {
            appendBindings(of: service, to: &bindings)
        }
        let active = activeServices(services)
        // Usually every service is active, and then no binding needs its service looked up.
        let allActive = active.count == services.count
        let activeSet = allActive ? [] : Set(active)
        let defined = Set(models.map(\.key))
        for binding in bindings
        where (allActive || activeSet.contains(binding.service)) && !defined.contains(binding.modelKey) {
            diagnostics.append(
                Diagnostic(
                    Rule.undefinedModel,
                    "service \"\(binding.service)\" refers to undefined model \"\(binding.modelKey)\"",
                    hint: ModelHints.undefinedModel(binding.modelKey, defined: models.map(\.key)),
                    at: binding.location
                )
            )
        }
        let used = Set((allActive ? bindings : bindings.filter { activeSet.contains($0.service) }).map(\.modelKey))
        let activeModels = options.allResources ? models : models.filter { used.contains($0.key) }
        return ComposeProject(
            name: name,
            workingDirectory: projectDirectory,
            files: files,
            models: models,
            services: services.map(\.key),
            activeServices: active,
            bindings: bindings,
            activeModels: activeModels,
            document: document
        )
    }

    // MARK: - Name

    private mutating func projectName() -> String {
        if let explicit = options.projectName ?? environment["COMPOSE_PROJECT_NAME"].flatMap({ $0.isEmpty ? nil : $0 })
        {
            if !ProjectName.isValid(explicit) {
                diagnostics.append(
                    Diagnostic(
                        Rule.naming,
                        "\"\(explicit)\" is not a valid project name",
                        hint:
                            "A project name has only lower-case letters, digits, '-' and '_', and starts with a letter or digit.",
                        at: nil
                    )
                )
            }
            return explicit
        }
        if let entry = document.entry("name") {
            guard let name = entry.value.string ?? entry.value.scalar?.text, !entry.value.isNull else {
                structure("`name` must be a string", at: entry.value.location)
                return ProjectName.normalize(PathUtilities.lastComponent(projectDirectory))
            }
            if !ProjectName.isValid(name) {
                diagnostics.append(
                    Diagnostic(
                        Rule.naming,
                        "\"\(name)\" is not a valid project name",
                        hint:
                            "A project name has only lower-case letters, digits, '-' and '_', and starts with a letter or digit.",
                        at: entry.value.location
                    )
                )
            }
            return name
        }
        return ProjectName.normalize(PathUtilities.lastComponent(projectDirectory))
    }

    // MARK: - Services

    private mutating func serviceEntries() -> [ComposeEntry] {
        guard let node = document["services"], !node.isNull else { return [] }
        guard let entries = node.entries else {
            structure(
                "`services` must be a mapping of service names to definitions, not \(node.typeDescription)",
                hint: "Write each service as `name:` followed by its settings, indented.",
                at: node.location
            )
            return []
        }
        var services: [ComposeEntry] = []
        for entry in entries {
            // Compose's schema: service names match ^[a-zA-Z0-9._-]+$ (the model key pattern).
            if !ModelHints.isValidModelKey(entry.key) {
                diagnostics.append(
                    Diagnostic(
                        Rule.naming,
                        "service name \"\(entry.key)\" has characters Compose does not allow",
                        hint: "Use only letters, digits, '.', '_' and '-'.",
                        at: entry.keyLocation
                    )
                )
            }
            guard entry.value.entries != nil else {
                structure(
                    "service \"\(entry.key)\" must be a mapping, not \(entry.value.typeDescription)",
                    hint: "Give the service its settings (e.g. `image:`) indented under its name.",
                    at: entry.value.isNull ? entry.keyLocation : entry.value.location
                )
                continue
            }
            services.append(entry)
        }
        return services
    }

    /// Appends the service's bindings in the order written (one array for the whole project).
    private mutating func appendBindings(of service: ComposeEntry, to bindings: inout [ModelBinding]) {
        guard let entry = service.value.entry("models"), !entry.value.isNull else { return }
        let node = entry.value
        if let items = node.items {
            let first = bindings.count
            for item in items {
                guard let key = item.string ?? item.scalar.flatMap({ $0.kind == .null ? nil : $0.text }) else {
                    diagnostics.append(
                        Diagnostic(
                            Rule.serviceModelsShape,
                            "service \"\(service.key)\": a `models` list item must be a model key, not \(item.typeDescription)",
                            hint:
                                "List model keys (`models: [llm]`), or use the long syntax with `endpoint_var` / `model_var`.",
                            at: item.location
                        )
                    )
                    continue
                }
                // A service lists a handful of models: a scan of its own bindings beats hashing.
                guard !bindings[first...].contains(where: { $0.modelKey == key }) else {
                    diagnostics.append(
                        Diagnostic(
                            Rule.serviceModelsShape,
                            "service \"\(service.key)\" lists model \"\(key)\" twice",
                            hint: "Remove the repeated item (Compose's schema requires unique items).",
                            at: item.location
                        )
                    )
                    continue
                }
                bindings.append(ModelBinding(service: service.key, modelKey: key, location: item.location))
            }
            return
        }
        guard let entries = node.entries else {
            diagnostics.append(
                Diagnostic(
                    Rule.serviceModelsShape,
                    "service \"\(service.key)\": `models` must be a list of model keys or a mapping, not \(node.typeDescription)",
                    hint:
                        "Write `models: [llm]`, or `models:` with `llm:` and optional `endpoint_var` / `model_var` under it.",
                    at: node.location
                )
            )
            return
        }
        for binding in entries {
            var endpointVariable: String?
            var modelVariable: String?
            if let fields = binding.value.entries {
                for field in fields {
                    switch field.key {
                    case "endpoint_var", "model_var":
                        guard let value = field.value.string else {
                            diagnostics.append(
                                Diagnostic(
                                    Rule.serviceModelsShape,
                                    "`\(field.key)` must be a string, not \(field.value.typeDescription)",
                                    hint:
                                        "Write a variable name such as `\(field.key == "endpoint_var" ? "LLM_URL" : "LLM_MODEL")`.",
                                    at: field.value.location
                                )
                            )
                            continue
                        }
                        if field.key == "endpoint_var" { endpointVariable = value } else { modelVariable = value }
                    default:
                        if !field.key.hasPrefix("x-") {
                            diagnostics.append(
                                Diagnostic(
                                    Rule.serviceModelsShape,
                                    "unknown key `\(field.key)` in service \"\(service.key)\"'s binding of \"\(binding.key)\"",
                                    hint: SpellingSuggestion.closest(to: field.key, in: Self.bindingKeys).map {
                                        "Did you mean `\($0)`?"
                                    }
                                        ?? "A binding takes `endpoint_var`, `model_var` and `x-*` keys.",
                                    at: field.keyLocation
                                )
                            )
                        }
                    }
                }
            } else if !binding.value.isNull {
                diagnostics.append(
                    Diagnostic(
                        Rule.serviceModelsShape,
                        "service \"\(service.key)\"'s binding of \"\(binding.key)\" must be a mapping or empty, not \(binding.value.typeDescription)",
                        hint: "Write `\(binding.key):` alone, or with `endpoint_var:` / `model_var:` under it.",
                        at: binding.value.location
                    )
                )
            }
            bindings.append(
                ModelBinding(
                    service: service.key,
                    modelKey: binding.key,
                    endpointVariable: endpointVariable,
                    modelVariable: modelVariable,
                    location: binding.keyLocation
                )
            )
        }
    }

    /// Services selected by profiles and positional names (plus what they depend on).
    private mutating func activeServices(_ services: [ComposeEntry]) -> [String] {
        var enabled = Set(options.profiles)
        if let fromEnvironment = environment["COMPOSE_PROFILES"] {
            enabled.formUnion(
                fromEnvironment.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) })
        }
        enabled.remove("")
        func profileActive(_ service: ComposeNode) -> Bool {
            guard let profiles = service["profiles"]?.items, !profiles.isEmpty else { return true }
            return enabled.contains("*") || profiles.contains { enabled.contains($0.scalar?.text ?? "") }
        }
        guard !options.services.isEmpty else {
            return services.filter { profileActive($0.value) }.map(\.key)
        }
        let byName = Dictionary(services.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
        var selected: Set<String> = []
        var queue: [String] = []
        for name in options.services {
            guard byName[name] != nil else {
                diagnostics.append(
                    Diagnostic(
                        Rule.naming,
                        "no such service: \(name)",
                        hint: "Known services: \(services.map(\.key).joined(separator: ", ")).",
                        at: nil
                    )
                )
                continue
            }
            if selected.insert(name).inserted { queue.append(name) }
        }
        while let name = queue.popLast() {
            guard let service = byName[name], let dependsOn = service["depends_on"] else { continue }
            let dependencies = dependsOn.items?.compactMap { $0.scalar?.text } ?? dependsOn.entries?.map(\.key) ?? []
            for dependency in dependencies where byName[dependency] != nil && selected.insert(dependency).inserted {
                queue.append(dependency)
            }
        }
        return services.map(\.key).filter { selected.contains($0) }
    }

    // MARK: - Models

    private mutating func modelDefinitions() -> [ModelDefinition] {
        guard let node = document["models"], !node.isNull else { return [] }
        guard let entries = node.entries else {
            structure(
                "`models` must be a mapping of model keys to definitions, not \(node.typeDescription)",
                at: node.location)
            return []
        }
        var models: [ModelDefinition] = []
        for entry in entries {
            if entry.key.hasPrefix("x-") { continue }
            if !ModelHints.isValidModelKey(entry.key) {
                diagnostics.append(
                    Diagnostic(
                        Rule.modelKeyPattern,
                        "model key \"\(entry.key)\" has characters Compose does not allow",
                        hint: "Use only letters, digits, '.', '_' and '-'.",
                        at: entry.keyLocation
                    )
                )
            }
            if let model = modelDefinition(entry) { models.append(model) }
        }
        return models
    }

    private mutating func modelDefinition(_ entry: ComposeEntry) -> ModelDefinition? {
        guard let fields = entry.value.entries else {
            diagnostics.append(
                Diagnostic(
                    Rule.modelMissingModel,
                    "model \"\(entry.key)\" must be a mapping with `model:`, not \(entry.value.typeDescription)",
                    hint: "Write `model: ai/smollm2` indented under `\(entry.key):`.",
                    at: entry.value.isNull ? entry.keyLocation : entry.value.location
                )
            )
            return nil
        }
        var definition = ModelDefinition(key: entry.key, model: "", location: entry.keyLocation)
        var hasModel = false
        for field in fields {
            switch field.key {
            case "model":
                if let model = field.value.string {
                    definition.model = model
                    hasModel = true
                } else {
                    diagnostics.append(
                        Diagnostic(
                            Rule.modelMissingModel,
                            "`model` of \"\(entry.key)\" must be a string, not \(field.value.typeDescription)",
                            hint:
                                "Write the OCI reference, e.g. `model: ai/smollm2` (quote it if it looks like a number).",
                            at: field.value.location
                        )
                    )
                    hasModel = true
                }
            case "name":
                if let name = field.value.string ?? (field.value.isNull ? nil : field.value.scalar?.text),
                    field.value.scalar?.kind == .string
                {
                    definition.name = name
                } else {
                    diagnostics.append(
                        Diagnostic(
                            Rule.modelNameType,
                            "`name` of \"\(entry.key)\" must be a string, not \(field.value.typeDescription)",
                            hint: "Quote the name.",
                            at: field.value.location
                        )
                    )
                }
            case "context_size":
                if let size = field.value.scalar?.integerValue, size > 0 {
                    definition.contextSize = size
                } else {
                    diagnostics.append(
                        Diagnostic(
                            Rule.modelContextSize,
                            "`context_size` of \"\(entry.key)\" must be a positive integer, not \(Self.describe(field.value))",
                            hint: "Write a number of tokens, e.g. `context_size: 8192`.",
                            at: field.value.location
                        )
                    )
                }
            case "runtime_flags":
                if let items = field.value.items {
                    var flags: [String] = []
                    for item in items {
                        if let flag = item.string {
                            flags.append(flag)
                        } else {
                            diagnostics.append(
                                Diagnostic(
                                    Rule.modelRuntimeFlagsType,
                                    "runtime flags must be strings; \(Self.describe(item)) is not",
                                    hint: "Quote it: \"\(item.scalar?.text ?? "")\".",
                                    at: item.location
                                )
                            )
                        }
                    }
                    definition.runtimeFlags = flags
                } else if !field.value.isNull {
                    diagnostics.append(
                        Diagnostic(
                            Rule.modelRuntimeFlagsType,
                            "`runtime_flags` of \"\(entry.key)\" must be a list of strings, not \(field.value.typeDescription)",
                            hint: "Write one flag per item: `runtime_flags: [\"--temp\", \"0.7\"]`.",
                            at: field.value.location
                        )
                    )
                }
            default:
                if !field.key.hasPrefix("x-") {
                    diagnostics.append(
                        Diagnostic(
                            Rule.modelUnknownKey,
                            "unknown key `\(field.key)` in model \"\(entry.key)\"",
                            hint: SpellingSuggestion.closest(to: field.key, in: Self.modelKeys).map {
                                "Did you mean `\($0)`?"
                            }
                                ?? "A model takes `model`, `name`, `context_size`, `runtime_flags` and `x-*` keys.",
                            at: field.keyLocation
                        )
                    )
                }
            }
        }
        if !hasModel {
            diagnostics.append(
                Diagnostic(
                    Rule.modelMissingModel,
                    "model \"\(entry.key)\" has no `model:`",
                    hint: "Add the OCI reference to pull, e.g. `model: ai/smollm2`.",
                    at: entry.keyLocation
                )
            )
        }
        return definition
    }

    private static func describe(_ node: ComposeNode) -> String {
        if let scalar = node.scalar, scalar.kind != .null {
            return "\(scalar.kind.typeDescription) (\(scalar.text))"
        }
        return node.typeDescription
    }

    private mutating func structure(_ message: String, hint: String? = nil, at location: SourceLocation) {
        diagnostics.append(Diagnostic(Rule.structure, message, hint: hint, at: location))
    }
}
