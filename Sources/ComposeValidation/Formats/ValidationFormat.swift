/// The output formats of `modelbind validate`.
public enum ValidationFormat: String, Sendable, CaseIterable {
    /// Compiler-style text with source excerpts and a summary line (the default).
    case human
    /// The JSON contract of ARCHITECTURE.md.
    case json
    /// SARIF 2.1.0 for code scanning.
    case sarif
    /// GitHub Actions workflow commands (annotations).
    case github

    /// Renders `report` in this format; `color` applies to `human` only, `toolVersion` to `sarif`.
    public func render(
        _ report: ValidationReport,
        color: Bool = false,
        toolVersion: String = "0.0.0",
        sourceLine: @escaping @Sendable (String, Int) -> String? = SourceLines.reader()
    ) throws -> String {
        switch self {
        case .human:
            HumanDiagnosticFormatter(color: color, sourceLine: sourceLine).render(report.diagnostics, summary: true)
        case .json:
            try JSONDiagnosticFormatter().render(report)
        case .sarif:
            try SARIFFormatter(toolVersion: toolVersion).render(report)
        case .github:
            GitHubAnnotationFormatter().render(report)
        }
    }
}
