import ComposeModel

/// The outcome of one validation run: every finding, sorted by file and position.
public struct ValidationReport: Sendable, Equatable {
    /// Loading findings and rule findings, sorted and de-duplicated (`DiagnosticOrdering.sorted`).
    public var diagnostics: [Diagnostic]
    /// The compose files of the project, in load order (the first one anchors unlocated SARIF results).
    public var files: [String]

    /// A report of `diagnostics` (sorted and de-duplicated here) about `files`.
    public init(diagnostics: [Diagnostic], files: [String] = []) {
        self.diagnostics = DiagnosticOrdering.sorted(diagnostics)
        self.files = files
    }

    /// How many findings are errors.
    public var errorCount: Int { diagnostics.count { $0.severity == .error } }
    /// How many findings are warnings.
    public var warningCount: Int { diagnostics.count { $0.severity == .warning } }
    /// Whether there is no error (warnings allowed).
    public var valid: Bool { errorCount == 0 }

    /// Whether the run passes: no errors, and with `strict` no warnings either.
    public func passes(strict: Bool) -> Bool {
        valid && (!strict || warningCount == 0)
    }
}
