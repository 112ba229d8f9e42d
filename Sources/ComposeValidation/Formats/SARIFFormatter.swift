import ComposeModel
import FoundationEssentials
import ModelBindSupport

/// SARIF 2.1.0 output, as GitHub code scanning accepts it: one run whose driver lists every rule
/// (`Rule.all`) and one result per finding, each with a physical location.
///
/// Relative paths become `uri` with `uriBaseId` `%SRCROOT%` (run `validate` from the repository
/// root); absolute paths become `file://` URIs. A finding that belongs to no file is placed at line 1
/// of the project's first compose file, because code scanning rejects results without a location.
public struct SARIFFormatter: Sendable {
    /// The tool version written to `tool.driver.version`.
    public var toolVersion: String
    /// `tool.driver.informationUri`, when known.
    public var informationURI: String?
    /// The URL of docs/rules.md; each rule's `helpUri` is this plus the rule's anchor.
    public var rulesDocumentationURL: String?

    /// A formatter naming `toolVersion`, with optional documentation links.
    public init(toolVersion: String, informationURI: String? = nil, rulesDocumentationURL: String? = nil) {
        self.toolVersion = toolVersion
        self.informationURI = informationURI
        self.rulesDocumentationURL = rulesDocumentationURL
    }

    /// The `$schema` every log names.
    public static let schemaURI = "https://json.schemastore.org/sarif-2.1.0.json"

    /// The report as a SARIF log (deterministic JSON, sorted keys).
    public func render(_ report: ValidationReport) throws -> String {
        let rules = Rule.all
        let indices = Dictionary(
            rules.enumerated().map { ($0.element.code, $0.offset) }, uniquingKeysWith: { first, _ in first })
        let fallbackFile = report.files.first ?? report.diagnostics.compactMap(\.location?.file).first ?? "compose.yaml"
        let results = report.diagnostics.map { diagnostic in
            let location = diagnostic.location ?? SourceLocation(file: fallbackFile, line: 1, column: 1)
            var text = diagnostic.message
            if let hint = diagnostic.hint { text += " (hint: \(hint))" }
            let artifact = Self.artifactLocation(for: location.file)
            return SARIFLog.Result(
                ruleId: diagnostic.code,
                ruleIndex: indices[diagnostic.code],
                level: diagnostic.severity.rawValue,
                message: SARIFLog.Message(text: text),
                locations: [
                    SARIFLog.Location(
                        physicalLocation: SARIFLog.PhysicalLocation(
                            artifactLocation: artifact,
                            region: SARIFLog.Region(
                                startLine: max(1, location.line), startColumn: max(1, location.column))
                        )
                    )
                ]
            )
        }
        let driver = SARIFLog.Driver(
            name: "modelbind",
            informationUri: informationURI,
            version: toolVersion,
            rules: rules.map { rule in
                SARIFLog.ReportingDescriptor(
                    id: rule.code,
                    name: rule.name,
                    shortDescription: SARIFLog.Message(text: rule.summary),
                    fullDescription: nil,
                    helpUri: rulesDocumentationURL.map { "\($0)#\(rule.code.lowercased())-\(rule.name)" },
                    defaultConfiguration: SARIFLog.Configuration(level: rule.severity.rawValue)
                )
            }
        )
        let log = SARIFLog(
            schema: Self.schemaURI,
            version: "2.1.0",
            runs: [SARIFLog.Run(tool: SARIFLog.Tool(driver: driver), columnKind: "unicodeCodePoints", results: results)]
        )
        return try JSONOutput.encode(log)
    }

    /// A relative path under `%SRCROOT%`, or a `file://` URI for an absolute path.
    static func artifactLocation(for path: String) -> SARIFLog.ArtifactLocation {
        let encoded = PercentEncoding.encode(path, keeping: "/:@!$&'()*+,=")
        if path.hasPrefix("/") {
            return SARIFLog.ArtifactLocation(uri: "file://" + encoded, uriBaseId: nil)
        }
        let relative = encoded.hasPrefix("./") ? String(encoded.dropFirst(2)) : encoded
        return SARIFLog.ArtifactLocation(uri: relative, uriBaseId: "%SRCROOT%")
    }
}
