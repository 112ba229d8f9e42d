import ComposeModel
import FoundationEssentials
import ModelBindSupport

/// The `config --format json` contract of ARCHITECTURE.md:
/// `{"name", "models": {KEY: {"model", "reference", "name"?, "context_size"?, "runtime_flags"}},
///   "services": {SVC: {"models": {KEY: {"endpoint_var", "model_var"}}}}}`, names resolved to the defaults.
public struct ProjectConfiguration: Sendable, Codable, Equatable {
    public struct Model: Sendable, Codable, Equatable {
        public var model: String
        /// The canonical reference the runner stores (`docker.io/ai/smollm2:latest`), or `model` if it is not valid.
        public var reference: String
        public var name: String?
        public var contextSize: Int?
        public var runtimeFlags: [String]

        enum CodingKeys: String, CodingKey {
            case model, reference, name
            case contextSize = "context_size"
            case runtimeFlags = "runtime_flags"
        }
    }

    public struct Binding: Sendable, Codable, Equatable {
        public var endpointVar: String
        public var modelVar: String

        enum CodingKeys: String, CodingKey {
            case endpointVar = "endpoint_var"
            case modelVar = "model_var"
        }
    }

    public struct Service: Sendable, Codable, Equatable {
        public var models: [String: Binding]
    }

    public var name: String
    public var models: [String: Model]
    public var services: [String: Service]

    /// The configuration of `project`: its active models and active services.
    public init(_ project: ComposeProject) {
        name = project.name
        var models: [String: Model] = [:]
        for model in project.activeModels {
            models[model.key] = Model(
                model: model.model,
                reference: ModelReference(model.model).normalized ?? model.model,
                name: model.name,
                contextSize: model.contextSize,
                runtimeFlags: model.runtimeFlags
            )
        }
        self.models = models
        var services: [String: Service] = [:]
        for service in project.activeServices {
            services[service] = Service(models: [:])
        }
        for binding in project.activeBindings {
            services[binding.service, default: Service(models: [:])].models[binding.modelKey] = Binding(
                endpointVar: binding.endpointVariable,
                modelVar: binding.modelVariable
            )
        }
        self.services = services
    }

    /// Pretty-printed JSON with sorted keys and a trailing newline (byte-for-byte deterministic).
    public func json() throws -> String {
        try JSONOutput.encode(self)
    }
}
