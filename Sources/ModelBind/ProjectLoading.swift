import ComposeLoading
import ComposeModel

extension OperationContext {
    /// Loads the project for an operation: its warnings with it, or every finding thrown when one is
    /// an error.
    func loadProject(_ options: LoadOptions) throws(DiagnosticError) -> (
        project: ComposeProject, warnings: [Diagnostic]
    ) {
        let result = loader.analyze(options)
        guard let project = result.project, !result.hasErrors else { throw DiagnosticError(result.diagnostics) }
        return (project, result.diagnostics)
    }
}
