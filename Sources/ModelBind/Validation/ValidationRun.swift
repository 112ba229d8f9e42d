/// Loading plus every validation rule, in one call (what `validate` and `up` run).
public enum ValidationRun {
    /// Loads the project with `loader`, then runs every rule when the project could be built.
    /// Loading errors (YAML, interpolation, schema) and rule findings come back together.
    public static func run(loader: ProjectLoader, load: LoadOptions, options: ValidationOptions) -> ValidationReport {
        let result = loader.analyze(load)
        var diagnostics = result.diagnostics
        var files = load.files
        if let project = result.project {
            diagnostics += project.warnings
            diagnostics += Validator(options: options).validate(project)
            files = project.files
        }
        return ValidationReport(diagnostics: diagnostics, files: files)
    }
}
