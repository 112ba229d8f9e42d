import Foundation
import Testing

@testable import ComposeLoading
@testable import ComposeModel
@testable import ComposeValidation
@testable import ModelBind

/// Regressions found by the hardening suites (Tests/EndToEndTests/Hostile*.swift).
@Suite("Regression: findings at scale")
struct RegressionValidationTests {
    /// The human formatter read the whole file again for every finding's excerpt: 20,000 findings in a
    /// 1 MB file took minutes. ``SourceLines/reader()`` indexes each file once and must return exactly
    /// what ``SourceLines/read(_:_:)`` returns.
    @Test(arguments: [
        "a\nb\nc\n", "a\nb\nc", "", "\n\n", "only", "\u{FEFF}bom\r\ncrlf\r\n", "x\r\n\r\ny\n", "tab\there\n",
    ])
    func cachedReaderMatchesRead(_ text: String) throws {
        let project = try TemporaryProject(["file.yaml": text])
        let path = project.path("file.yaml")
        let reader = SourceLines.reader()
        for line in -1...6 {
            #expect(reader(path, line) == SourceLines.read(path, line), "line \(line) of \(text.debugDescription)")
        }
        #expect(reader("-", 1) == nil)
        #expect(reader(project.path("missing.yaml"), 1) == nil)
    }

    /// Rules that visit every service looked each one up by a linear search (quadratic in services);
    /// every finding must still be reported, once, at its own line.
    @Test func everyServiceFindingIsReportedOnceAtItsLine() throws {
        var text = "services:\n"
        for index in 0..<3_000 {
            text +=
                "  s\(index):\n    image: app\n    models:\n      llm:\n        endpoint_var: \"bad name \(index)\"\n"
        }
        text += "models:\n  llm:\n    model: ai/x\n"
        let project = try TemporaryProject(["compose.yaml": text])
        // MB301 is a loading finding (every command refuses such a name).
        let findings = project.loader().analyze(LoadOptions()).diagnostics.filter {
            $0.code == Rule.invalidVariableName.code
        }
        #expect(findings.count == 3_000)
        #expect(findings.first?.location?.line == 6)
        #expect(findings.last?.location?.line == 6 + 5 * 2_999)
        let rendered = HumanDiagnosticFormatter().render(findings, summary: true)
        #expect(rendered.contains("compose.yaml:15001:23: error: `endpoint_var` \"bad name 2999\""))
        #expect(rendered.hasSuffix("3000 errors, 0 warnings\n"))
    }
}
