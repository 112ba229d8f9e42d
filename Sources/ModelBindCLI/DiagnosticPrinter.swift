import Foundation
import ModelBind

/// Prints findings to standard error in the human format (with source lines and carets).
struct DiagnosticPrinter {
    static let standardError = DiagnosticPrinter()

    func print(_ diagnostics: [Diagnostic]) {
        guard !diagnostics.isEmpty else { return }
        let text = HumanDiagnosticFormatter(color: Terminal.colorEnabled(fileDescriptor: 2)).render(
            diagnostics,
            summary: false
        )
        Terminal.writeStandardError(text)
    }
}
