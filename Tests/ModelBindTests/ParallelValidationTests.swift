import Testing
import YAML

@testable import ModelBind

/// On large projects the variable rules run on a second thread; the findings must be those, in
/// the order, of running every rule on one thread.
struct ParallelValidationTests {
    /// A project over the threshold with findings from every variable rule and from others.
    static func largeProject() throws -> TemporaryProject {
        var services = ""
        for index in 0..<(Validator.variableRulesThreadThreshold / 2 + 10) {
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

    @Test func findingsAreTheSameOnOneThreadOrTwo() throws {
        let directory = try Self.largeProject()
        let result = ProjectLoader(environment: [:], source: FileSource(currentDirectory: directory.directory))
            .analyze(LoadOptions(files: ["compose.yaml"], scope: .bindings))
        let project = try #require(result.project)
        #expect(project.bindings.count >= Validator.variableRulesThreadThreshold)
        let validator = Validator()
        let apart = validator.validate(project, variableRulesApart: true)
        let together = validator.validate(project, variableRulesApart: false)
        #expect(apart == together)
        let codes = Set(apart.map(\.code))
        // MB301 (invalid name), MB303 (collision), MB304 (environment overwritten) and others.
        #expect(codes.isSuperset(of: ["MB301", "MB303", "MB304"]))
        #expect(codes.count > 3)
        #expect(Validator.runsVariableRulesApart(project) == (OnlineProcessors.count > 1))
    }
}
