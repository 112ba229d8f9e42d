import ComposeModel
import FoundationEssentials
import YAML

/// Loads compose files into a `ComposeProject` with Docker Compose's semantics: discovery,
/// `.env`, interpolation, multi-file merge, `include`, `extends` and profiles.
public struct ProjectLoader: Sendable {
    /// The process environment; it wins over `.env` and `--env-file` values.
    public var environment: [String: String]
    /// Where files come from.
    public var source: FileSource
    /// Limits applied to every YAML file.
    public var yamlLimits: YAMLLimits

    public init(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        source: FileSource = FileSource(),
        yamlLimits: YAMLLimits = .default
    ) {
        self.environment = environment
        self.source = source
        self.yamlLimits = yamlLimits
    }

    /// What loading found: the project, when the files could be read at all, and every finding.
    public struct Result: Sendable {
        /// `nil` when a file could not be read or parsed.
        public var project: ComposeProject?
        /// Errors and warnings, sorted by file and position.
        public var diagnostics: [Diagnostic]

        /// Whether any finding is an error.
        public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
    }

    /// Loads the project, throwing every error found (with the warnings) when there is one.
    public func load(_ options: LoadOptions) throws(DiagnosticError) -> ComposeProject {
        let result = analyze(options)
        guard let project = result.project, !result.hasErrors else {
            throw DiagnosticError(result.diagnostics)
        }
        return project
    }

    /// Loads the project and reports every finding instead of stopping at the first error.
    public func analyze(_ options: LoadOptions) -> Result {
        var session = LoadSession(loader: self)
        let project = session.run(options)
        return Result(project: project, diagnostics: DiagnosticOrdering.sorted(session.diagnostics))
    }
}
