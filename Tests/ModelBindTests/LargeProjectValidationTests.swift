import Testing
import YAML

@testable import ComposeLoading
@testable import ComposeModel
@testable import ComposeValidation
@testable import ModelBind

/// A project of a thousand bindings with findings from every variable rule and from others.
struct LargeProjectValidationTests {
    /// Over a thousand bindings, with variable-rule findings here and there.
    static func largeProject() throws -> TemporaryProject {
        var services = ""
        for index in 0..<510 {
            services += """
                  s\(index):
                    image: app
                    environment: {M1_URL: x, OTHER: y}
                    models:
                      m1: {}
                      m2: {endpoint_var: \(index % 97 == 0 ? "M1_URL" : "E\(index)"), model_var: \(index % 89 == 0 ? "\"bad name\"" : "V\(index)")}
                      \(index % 101 == 0 ? "missing: {}" : "")

                """
        }
        return try TemporaryProject([
            "compose.yaml": """
            services:
            \(services)
            models:
              m1: {model: ai/smollm2}
              m2: {model: "ai/Bad Name"}
              unused: {model: ai/qwen3}
            """
        ])
    }

    @Test func everyVariableRuleFindsItsCases() throws {
        let directory = try Self.largeProject()
        let result = ProjectLoader(environment: [:], source: FileSource(currentDirectory: directory.directory))
            .analyze(LoadOptions(files: ["compose.yaml"]))
        let project = try #require(result.project)
        #expect(project.bindings.count >= 1_000)
        let findings = Validator().validate(project)
        #expect(findings == DiagnosticOrdering.sorted(findings))
        // MB301 is a loading finding; the others are the validator's.
        let codes = Set(findings.map(\.code) + result.diagnostics.map(\.code))
        // MB301 (invalid name), MB303 (collision), MB304 (environment overwritten) and others.
        #expect(codes.isSuperset(of: ["MB301", "MB303", "MB304"]))
        #expect(codes.count > 3)
    }
}
