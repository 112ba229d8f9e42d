import ComposeLoading
import ComposeModel
import ComposeValidation

/// Loading plus every validation rule, in one call (what `validate` and `up` run).
public enum ValidationRun {
    /// The loaded project (when it could be built) and every finding.
    public struct Outcome: Sendable {
        public var project: ComposeProject?
        public var report: ValidationReport
    }

    /// Loads the project with `loader`, then runs every rule when the project could be built.
    /// Loading errors (YAML, interpolation, schema) and rule findings come back together.
    public static func run(loader: ProjectLoader, load: LoadOptions, options: ValidationOptions) -> ValidationReport {
        analyze(loader: loader, load: load, options: options).report
    }

    /// Like `run`, also returning the project so a caller (`up`) can go on with it.
    public static func analyze(loader: ProjectLoader, load: LoadOptions, options: ValidationOptions) -> Outcome {
        let result = loader.analyze(load)
        var diagnostics = result.diagnostics
        var files = load.files
        if let project = result.project {
            diagnostics += Validator(options: options).validate(project)
            files = project.files
        }
        return Outcome(project: result.project, report: ValidationReport(diagnostics: diagnostics, files: files))
    }
}
