import ModelBindSupport

/// The `validate --format json` contract:
/// `{"valid", "errors", "warnings", "diagnostics": [{"file", "line", "column", "severity", "code", "message", "hint"?}]}`.
///
/// Lines and columns are 1-based; keys are sorted. A finding that belongs to no file (e.g. no
/// compose file found) has no `file`, `line` and `column` keys; `hint` is absent when there is none.
public struct JSONDiagnosticFormatter: Sendable {
    /// A formatter for the JSON contract.
    public init() {}

    struct Document: Encodable {
        var valid: Bool
        var errors: Int
        var warnings: Int
        var diagnostics: [Entry]
    }

    struct Entry: Encodable {
        var file: String?
        var line: Int?
        var column: Int?
        var severity: String
        var code: String
        var message: String
        var hint: String?
    }

    /// The report as deterministic JSON (pretty-printed, sorted keys, trailing newline).
    public func render(_ report: ValidationReport) throws -> String {
        let document = Document(
            valid: report.valid,
            errors: report.errorCount,
            warnings: report.warningCount,
            diagnostics: report.diagnostics.map { diagnostic in
                Entry(
                    file: diagnostic.location?.file,
                    line: diagnostic.location?.line,
                    column: diagnostic.location?.column,
                    severity: diagnostic.severity.rawValue,
                    code: diagnostic.code,
                    message: diagnostic.message,
                    hint: diagnostic.hint
                )
            }
        )
        return try JSONOutput.encode(document)
    }
}
