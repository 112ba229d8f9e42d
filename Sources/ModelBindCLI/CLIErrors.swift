import ArgumentParser
import ModelBind

/// Turns library errors into clear messages on stderr and exit status 1.
enum CLIErrors {
    /// Runs `body`; library errors are printed (findings in the human format) and become `ExitCode(1)`.
    static func reporting<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as ExitCode {
            throw error
        } catch let error as DiagnosticError {
            DiagnosticPrinter.standardError.print(error.diagnostics)
            throw ExitCode(1)
        } catch {
            Terminal.writeStandardError("modelbind: error: \(error)\n")
            throw ExitCode(1)
        }
    }
}
