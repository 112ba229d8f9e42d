import ModelBind

/// The validation rules run after loading (what `modelbind validate` adds to the loader's findings).
enum ValidationStep {
    /// Whether this build runs the rules.
    static let included = true

    /// The findings the rules report for `project`.
    static func run(_ project: ComposeProject) -> [Diagnostic] {
        Validator().validate(project)
    }
}
