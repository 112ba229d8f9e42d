import Testing

@testable import ComposeLoading
@testable import ComposeModel
@testable import ModelBind

/// Regressions found by the hardening suites (Tests/EndToEndTests/Hostile*.swift).
@Suite("Regression: loader")
struct RegressionLoaderTests {
    /// Service names with `/` or spaces loaded silently although Compose's schema refuses them
    /// (`^[a-zA-Z0-9._-]+$`, as for model keys); now an MB007 error at the name.
    @Test(arguments: ["a/b", "my app", "x\\u0000y"])
    func serviceNamesComposeRefusesAreErrors(_ name: String) throws {
        let project = try TemporaryProject([
            "compose.yaml":
                "services:\n  \"\(name)\":\n    image: app\n    models: [llm]\nmodels:\n  llm:\n    model: ai/x\n"
        ])
        let result = project.loader().analyze(LoadOptions())
        let error = try #require(result.diagnostics.first { $0.code == Rule.naming.code })
        #expect(error.severity == .error)
        #expect(error.message.contains("has characters Compose does not allow"))
        #expect(error.location?.line == 2)
        #expect(error.location?.column == 3)
    }

    @Test(arguments: ["app", "my-app_2", "web.v1", ".."])
    func serviceNamesComposeAcceptsLoad(_ name: String) throws {
        let project = try TemporaryProject([
            "compose.yaml":
                "services:\n  \"\(name)\":\n    image: app\n    models: [llm]\nmodels:\n  llm:\n    model: ai/x\n"
        ])
        let result = project.loader().analyze(LoadOptions())
        #expect(!result.hasErrors, "\(result.diagnostics)")
    }

    /// Reads ask for one byte over the size limit; a limit of `Int.max` must not overflow.
    @Test func noSizeLimitReadsWithoutOverflow() throws {
        #expect(FileSource.readLimit(10) == 11)
        #expect(FileSource.readLimit(.max) == .max)
        let project = try TemporaryProject(["compose.yaml": "services: {}\n"])
        let source = FileSource(maxFileBytes: .max, currentDirectory: project.directory)
        #expect(
            try source.read(project.path("compose.yaml"), displayPath: "compose.yaml") == Array("services: {}\n".utf8))
    }
}
