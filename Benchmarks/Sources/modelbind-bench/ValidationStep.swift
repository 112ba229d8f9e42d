import ModelBind

/// The validation rules run after loading (`Validator`, from the validate branch).
enum ValidationStep {
    /// Whether this build runs the rules (false until `Validator` is on main).
    static let included = false

    /// The number of findings the rules report for `project`.
    static func run(_ project: ComposeProject) -> Int {
        0
    }
}
