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

    /// Like ``loadProject(_:)``, but nil when no file was named and none can be found (the one
    /// finding is "no compose file found"): for commands that work without a project too.
    func loadProjectIfAny(_ options: LoadOptions) throws(DiagnosticError) -> ComposeProject? {
        let result = loader.analyze(options)
        if result.project == nil, options.files.isEmpty, result.diagnostics.count == 1,
            result.diagnostics[0].message.hasPrefix("no compose file found")
        {
            return nil
        }
        guard let project = result.project, !result.hasErrors else { throw DiagnosticError(result.diagnostics) }
        return project
    }
}
