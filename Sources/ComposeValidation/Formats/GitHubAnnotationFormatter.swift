import ComposeModel

/// GitHub Actions workflow commands: one `::error file=…,line=…,col=…,title=…::message` (or
/// `::warning`) line per finding, which GitHub shows as annotations on the pull request.
public struct GitHubAnnotationFormatter: Sendable {
    /// A formatter for workflow commands.
    public init() {}

    /// One command per finding; the hint follows the message on a second (escaped) line.
    public func render(_ report: ValidationReport) -> String {
        report.diagnostics.map(command(for:)).joined()
    }

    private func command(for diagnostic: Diagnostic) -> String {
        var properties: [String] = []
        if let location = diagnostic.location {
            properties.append("file=" + Self.escapeProperty(location.file))
            properties.append("line=\(location.line)")
            properties.append("col=\(location.column)")
        }
        let name = Rule.rule(forCode: diagnostic.code).map { " \($0.name)" } ?? ""
        properties.append("title=" + Self.escapeProperty("\(diagnostic.code)\(name)"))
        var message = diagnostic.message
        if let hint = diagnostic.hint { message += "\nhint: \(hint)" }
        return "::\(diagnostic.severity.rawValue) \(properties.joined(separator: ","))::\(Self.escapeData(message))\n"
    }

    /// Escapes a command's message: `%`, `\r`, `\n`.
    public static func escapeData(_ text: String) -> String {
        var output = ""
        for character in text.unicodeScalars {
            switch character {
            case "%": output += "%25"
            case "\r": output += "%0D"
            case "\n": output += "%0A"
            default: output.unicodeScalars.append(character)
            }
        }
        return output
    }

    /// Escapes a property value: as `escapeData`, plus `:` and `,`.
    public static func escapeProperty(_ text: String) -> String {
        escapeData(text).replacingColonsAndCommas()
    }
}

extension String {
    fileprivate func replacingColonsAndCommas() -> String {
        var output = ""
        for character in unicodeScalars {
            switch character {
            case ":": output += "%3A"
            case ",": output += "%2C"
            default: output.unicodeScalars.append(character)
            }
        }
        return output
    }
}
