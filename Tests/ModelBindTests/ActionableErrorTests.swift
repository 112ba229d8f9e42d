import Foundation
import Testing

@testable import ComposeLoading
@testable import ComposeValidation
@testable import ModelBind

/// Errors people can act on: where an unclosed construct began, a binary file refused as such, and
/// no line echoed that could be binary or move the terminal's cursor.
@Suite("Actionable errors")
struct ActionableErrorTests {
    static let models = "models:\n  llm:\n    model: ai/x\n"

    @Test(arguments: [
        ("services:\n  app:\n    image: app\n    command: [a, b\n    models: [llm]\n", 4, 14, "command: [a, b"),
        ("services:\n  app: {image: app,\n  b: 1\n", 2, 8, "app: {image: app,"),
        ("services:\n  app:\n    image: \"app\n    models: [llm]\n", 3, 12, "image: \"app"),
    ])
    func aSyntaxErrorSaysWhereTheUnclosedConstructBegan(_ text: String, _ line: Int, _ column: Int, _ source: String)
        throws
    {
        let project = try TemporaryProject(["compose.yaml": text])
        let finding = try #require(project.loader().analyze(LoadOptions()).diagnostics.first)
        #expect(finding.code == "MB001")
        #expect(finding.location?.line != line, "libyaml gives up elsewhere than where the construct began")
        let hint = try #require(finding.hint)
        #expect(hint.contains("began at compose.yaml:\(line):\(column) (`\(source)`)"), "\(hint)")
    }

    @Test(
        arguments: [
            ([0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x01, 0x00, 0x1B, 0x5B, 0x32, 0x4A], "a NUL byte at offset 7"),
            ([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], "byte 0x89 at offset 0 is not UTF-8"),
            ([0x1F, 0x8B, 0x08, 0x00], "a NUL byte at offset 3"),
        ] as [([UInt8], String)])
    func aBinaryFileIsNotATextFileAndIsNotEchoed(_ bytes: [UInt8], _ reason: String) throws {
        let expected = SourceLocation.of(byte: bytes.firstIndex(of: 0) ?? 0, in: bytes, file: "compose.yaml")
        let project = try TemporaryProject()
        try Data(bytes).write(to: URL(fileURLWithPath: project.path("compose.yaml")))
        let findings = project.loader().analyze(LoadOptions()).diagnostics
        let finding = try #require(findings.first)
        #expect(finding.message == "compose.yaml is not a text file (\(reason))")
        #expect(finding.location == expected)
        let rendered = HumanDiagnosticFormatter(sourceLine: { _, _ in String(decoding: bytes, as: UTF8.self) })
            .render(findings, summary: false)
        #expect(!rendered.contains("\u{1B}[2J") && !rendered.contains("PNG") && !rendered.contains("\u{0}"))
    }

    @Test func textWithALaterByteThatIsNotUTF8IsPointedAtByTheReader() throws {
        let project = try TemporaryProject()
        var bytes = Array("services:\n  a: {image: \"x".utf8)
        bytes += [0xFF, 0xFE] + Array("\"}\n".utf8)
        try Data(bytes).write(to: URL(fileURLWithPath: project.path("compose.yaml")))
        let finding = try #require(project.loader().analyze(LoadOptions()).diagnostics.first)
        #expect(finding.location == SourceLocation(file: "compose.yaml", line: 2, column: 16))
        #expect(finding.message.contains("UTF-8"))
    }

    @Test func aUTF16FileWithAByteOrderMarkIsLeftToTheReader() {
        #expect(FileSource.notTextReason([0xFF, 0xFE, 0x73, 0x00]) == nil)
        #expect(FileSource.notTextReason(Array("services: {}\n".utf8)) == nil)
        // A multi-byte character cut by the 16-byte window is not an error of the file's.
        #expect(FileSource.notTextReason(Array("# ééééééééééééé\n".utf8)) == nil)
        // A NUL in a text file is pointed at where it is.
        let text = Array("services:\n  app:\n    image: a".utf8) + [0]
        #expect(
            FileSource.notTextReason(text).map { SourceLocation.of(byte: $0.offset, in: text, file: "f") }
                == SourceLocation(file: "f", line: 3, column: 13))
    }
}
