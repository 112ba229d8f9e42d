import BindingOutput
import ComposeLoading
import ComposeModel

/// `config`: the loaded project (merged, interpolated) as Compose would see it.
public struct ConfigOperation: Sendable {
    /// What to print.
    public enum Format: String, Sendable, CaseIterable {
        /// The project as YAML (`docker compose config`).
        case yaml
        /// The models and bindings contract (`{"name", "models", "services"}`).
        case json
        /// The active models' references, one per line (`docker compose config --models`).
        case models
    }

    public var load: LoadOptions
    public var format: Format

    public init(load: LoadOptions, format: Format = .yaml) {
        self.load = load
        self.format = format
    }

    public struct Outcome: Sendable {
        public var text: String
        /// Loading's warnings.
        public var warnings: [Diagnostic]
    }

    public func run(in context: OperationContext) throws -> Outcome {
        let (project, warnings) = try context.loadProject(load)
        let text: String
        switch format {
        case .yaml: text = try ComposeDocumentWriter.configuration(of: project)
        case .json: text = try ProjectConfiguration(project).json()
        case .models: text = project.activeModels.map { $0.model + "\n" }.joined()
        }
        return Outcome(text: text, warnings: warnings)
    }
}
