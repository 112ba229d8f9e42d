/// One finding about the user's input: what is wrong, where, and how to fix it.
///
/// Loading errors, validation rules and warnings all produce this one shape, so every output
/// format (human, JSON, SARIF, GitHub annotations) renders every finding the same way.
public struct Diagnostic: Sendable, Hashable, Codable {
    public enum Severity: String, Sendable, Hashable, Codable, Comparable {
        case error
        case warning

        public static func < (lhs: Severity, rhs: Severity) -> Bool {
            lhs == .error && rhs == .warning
        }
    }

    public var severity: Severity
    /// A stable identifier such as `MB101`; documented in docs/rules.md.
    public var code: String
    /// One line saying what is wrong.
    public var message: String
    /// How to fix it, when there is something useful to say.
    public var hint: String?
    /// Where it is; `nil` only for problems that belong to no file (e.g. no compose file found).
    public var location: SourceLocation?

    public init(
        severity: Severity,
        code: String,
        message: String,
        hint: String? = nil,
        location: SourceLocation? = nil
    ) {
        self.severity = severity
        self.code = code
        self.message = Diagnostic.capped(message)
        self.hint = hint.map(Diagnostic.capped)
        self.location = location
    }

    /// Longest message or hint kept: a finding quoting a 10 MB value must not print 10 MB.
    public static let maximumTextLength = 500

    /// `text` cut to `maximumTextLength` characters, saying how much was left out.
    static func capped(_ text: String) -> String {
        guard text.count > maximumTextLength else { return text }
        let kept = text.prefix(maximumTextLength - 40)
        return kept + "… (\(text.count - kept.count) more characters)"
    }

    public static func error(
        _ code: String,
        _ message: String,
        hint: String? = nil,
        at location: SourceLocation? = nil
    ) -> Diagnostic {
        Diagnostic(severity: .error, code: code, message: message, hint: hint, location: location)
    }

    public static func warning(
        _ code: String,
        _ message: String,
        hint: String? = nil,
        at location: SourceLocation? = nil
    ) -> Diagnostic {
        Diagnostic(severity: .warning, code: code, message: message, hint: hint, location: location)
    }
}

/// Thrown when input cannot be used at all; carries every error found so far.
public struct DiagnosticError: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]

    public init(_ diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics
    }

    public init(_ diagnostic: Diagnostic) {
        self.diagnostics = [diagnostic]
    }

    public var description: String {
        diagnostics.map { diagnostic in
            var line = ""
            if let location = diagnostic.location { line += "\(location.description): " }
            line += "\(diagnostic.severity.rawValue): \(diagnostic.message) [\(diagnostic.code)]"
            if let hint = diagnostic.hint { line += "\n  hint: \(hint)" }
            return line
        }.joined(separator: "\n")
    }
}

/// Sorting and de-duplication of findings: by file, line, column, then severity and code.
public enum DiagnosticOrdering {
    /// `diagnostics` sorted by position (unlocated first), with exact duplicates removed.
    public static func sorted(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        var seen: Set<Diagnostic> = []
        let unique = diagnostics.filter { seen.insert($0).inserted }
        return unique.enumerated().sorted { lhs, rhs in
            switch (lhs.element.location, rhs.element.location) {
            case (nil, nil): break
            case (nil, _): return true
            case (_, nil): return false
            case (let left?, let right?): if left != right { return left < right }
            }
            if lhs.element.severity != rhs.element.severity { return lhs.element.severity < rhs.element.severity }
            if lhs.element.code != rhs.element.code { return lhs.element.code < rhs.element.code }
            return lhs.offset < rhs.offset
        }.map(\.element)
    }
}
