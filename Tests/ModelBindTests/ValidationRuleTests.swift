import Foundation
import Testing

@testable import ComposeLoading
@testable import ComposeModel
@testable import ComposeValidation
@testable import ModelBind
@testable import RunnerEndpoints

/// One fixture under Fixtures/validation and every finding it must produce, in order.
struct RuleFixture: Sendable, CustomTestStringConvertible {
    var directory: String
    var backend = "llama.cpp"
    var engine = false
    var expected: [Finding]

    struct Finding: Sendable, Equatable, CustomStringConvertible {
        var code: String
        var severity: Diagnostic.Severity
        var file = "compose.yaml"
        var line: Int
        var column: Int

        var description: String { "\(file):\(line):\(column) \(severity.rawValue) \(code)" }
    }

    var testDescription: String { directory }

    init(_ directory: String, backend: String = "llama.cpp", engine: Bool = false, _ expected: [Finding]) {
        self.directory = directory
        self.backend = backend
        self.engine = engine
        self.expected = expected
    }
}

private func error(_ code: String, _ line: Int, _ column: Int, file: String = "compose.yaml") -> RuleFixture.Finding {
    RuleFixture.Finding(code: code, severity: .error, file: file, line: line, column: column)
}

private func warning(_ code: String, _ line: Int, _ column: Int, file: String = "compose.yaml") -> RuleFixture.Finding {
    RuleFixture.Finding(code: code, severity: .warning, file: file, line: line, column: column)
}

/// Every rule fires on its fixture with the right code, severity and position, and nothing else fires.
@Suite struct ValidationRuleTests {
    static let root = FixtureLoader.path("validation")

    static let fixtures: [RuleFixture] = [
        RuleFixture("MB001", [error("MB001", 4, 5)]),
        RuleFixture("MB002", [error("MB002", 3, 12)]),
        RuleFixture("MB003", [warning("MB003", 3, 12)]),
        RuleFixture("MB004", [error("MB004", 2, 5)]),
        RuleFixture("MB005", [error("MB005", 2, 3)]),
        RuleFixture("MB006", [error("MB006", 4, 7)]),
        RuleFixture("MB007", [error("MB007", 1, 7)]),
        RuleFixture("MB008", [error("MB008", 2, 3), error("MB008", 6, 18), error("MB008", 7, 15)]),
        RuleFixture("MB108", [warning("MB108", 8, 19)]),
        RuleFixture("MB101", [error("MB101", 8, 5)]),
        RuleFixture("MB102", [error("MB102", 6, 3)]),
        RuleFixture("MB103", [error("MB103", 8, 19)]),
        RuleFixture("MB104", [error("MB104", 8, 34)]),
        RuleFixture("MB105", [error("MB105", 6, 9)]),
        RuleFixture("MB106", [warning("MB106", 8, 3)]),
        RuleFixture("MB106/space", [error("MB106", 9, 3)]),
        RuleFixture("MB107", [error("MB107", 8, 11)]),
        RuleFixture("MB201", [error("MB201", 4, 19)]),
        RuleFixture("MB201/inactive", [warning("MB201", 10, 9)]),
        RuleFixture("MB202", [warning("MB202", 8, 3)]),
        RuleFixture("MB301", [error("MB301", 6, 23)]),
        RuleFixture("MB302", [warning("MB302", 4, 14)]),
        RuleFixture("MB303", [error("MB303", 7, 23)]),
        RuleFixture("MB303/same-binding", [error("MB303", 7, 20)]),
        RuleFixture("MB304", [warning("MB304", 5, 7)]),
        RuleFixture("MB304/list", [warning("MB304", 6, 9), warning("MB304", 7, 9)]),
        RuleFixture("MB401", [error("MB401", 7, 12)]),
        RuleFixture("MB402", [warning("MB402", 7, 12)]),
        RuleFixture("MB501", [error("MB501", 8, 21)]),
        RuleFixture("MB501/mlx", backend: "mlx", [error("MB501", 9, 9)]),
        RuleFixture("MB502", [error("MB502", 8, 40)]),
        RuleFixture("MB503", [error("MB503", 8, 31)]),
        RuleFixture("MB504", [warning("MB504", 3, 21, file: "compose.override.yaml")]),
        RuleFixture("MB505", [warning("MB505", 9, 21)]),
        RuleFixture("MB506", [error("MB506", 8, 21)]),
        RuleFixture("MB601", engine: true, [warning("MB601", 4, 5)]),
        RuleFixture("MB601/other-host", engine: true, [warning("MB601", 6, 5)]),
        RuleFixture("MB601/mapping", engine: true, []),
    ]

    static func report(_ fixture: RuleFixture) -> ValidationReport {
        let loader = ProjectLoader(
            environment: [:], source: FileSource(currentDirectory: root + "/" + fixture.directory))
        let endpoint = fixture.engine ? EndpointOptions(target: .container, platform: .engine) : nil
        return ValidationRun.run(
            loader: loader,
            load: LoadOptions(),
            options: ValidationOptions(backend: fixture.backend, endpoint: endpoint)
        )
    }

    @Test(arguments: fixtures)
    func fixtureProducesExactlyItsFindings(_ fixture: RuleFixture) {
        let report = Self.report(fixture)
        let found = report.diagnostics.map { diagnostic in
            RuleFixture.Finding(
                code: diagnostic.code,
                severity: diagnostic.severity,
                file: diagnostic.location?.file ?? "-",
                line: diagnostic.location?.line ?? 0,
                column: diagnostic.location?.column ?? 0
            )
        }
        #expect(found == fixture.expected)
        for diagnostic in report.diagnostics {
            #expect(!diagnostic.message.isEmpty && !diagnostic.message.contains("\n"), "one-line message")
            #expect(diagnostic.hint?.isEmpty == false, "\(diagnostic.code) has a hint")
        }
    }

    @Test func everyRuleHasAFixture() {
        let covered = Set(Self.fixtures.flatMap { $0.expected.map(\.code) })
        #expect(covered == Set(Rule.all.map(\.code)))
    }

    @Test func rulesCodesAreUniqueAndStable() {
        let codes = Rule.all.map(\.code)
        #expect(Set(codes).count == codes.count)
        #expect(codes == codes.sorted())
        #expect(Rule.rule(forCode: "MB201")?.name == "undefined-model")
    }

    // MARK: Messages and hints of the rules modelbind adds

    static func messages(_ directory: String, backend: String = "llama.cpp") -> [Diagnostic] {
        report(RuleFixture(directory, backend: backend, [])).diagnostics
    }

    @Test func negativeValueHintShowsTheAttachedForm() throws {
        let diagnostic = try #require(Self.messages("MB503").first)
        #expect(
            diagnostic.message
                == "runtime flag value \"-1\" is a separate element; the runner reads it as a flag and rejects it")
        #expect(diagnostic.hint == "Attach it to its flag as one element: \"--seed=-1\".")
    }

    @Test func notAllowedFlagHintNamesTheClosestSpelling() throws {
        let diagnostic = try #require(Self.messages("MB501").first)
        #expect(diagnostic.message == "runtime flag \"--ctxsize\" is not allowed for backend \"llama.cpp\"")
        #expect(diagnostic.hint?.hasPrefix("Did you mean \"--ctx-size\"?") == true)
    }

    @Test func backendWithoutAllowlistSaysSo() throws {
        let diagnostic = try #require(Self.messages("MB501/mlx", backend: "mlx").first)
        #expect(diagnostic.message == "runtime flag \"--threads\" is not allowed for backend \"mlx\"")
        #expect(diagnostic.hint?.contains("accepts no runtime flags") == true)
    }

    @Test func collisionNamesBothBindings() throws {
        let diagnostic = try #require(Self.messages("MB303").first)
        #expect(diagnostic.message == "service \"app\": the bindings of \"llm\" and \"coder\" both set LLM_URL")
    }

    @Test func duplicateFlagNamesTheFirstPosition() throws {
        let diagnostic = try #require(Self.messages("MB504").first)
        #expect(
            diagnostic.message == "runtime flag \"--threads\" of \"llm\" is given twice (first at compose.yaml:8:21)")
    }

    @Test func nonPOSIXHintSuggestsExplicitNames() throws {
        let diagnostic = try #require(Self.messages("MB302").first)
        #expect(diagnostic.hint?.contains("`endpoint_var: AI_MODEL_URL`") == true)
        #expect(diagnostic.hint?.contains("`model_var: AI_MODEL_MODEL`") == true)
    }

    @Test func missingExtraHostsHintShowsTheLine() throws {
        let fixture = RuleFixture("MB601", engine: true, [])
        let diagnostic = try #require(Self.report(fixture).diagnostics.first)
        #expect(diagnostic.hint?.contains("extra_hosts: [\"model-runner.docker.internal:host-gateway\"]") == true)
    }

    @Test func platformRuleIsOffWithoutEngineOptions() {
        #expect(Self.messages("MB601").isEmpty)
        let desktop = RuleFixture("MB601", [])
        var options = ValidationOptions(endpoint: EndpointOptions(target: .container, platform: .desktop))
        let loader = ProjectLoader(
            environment: [:], source: FileSource(currentDirectory: Self.root + "/" + desktop.directory))
        #expect(ValidationRun.run(loader: loader, load: LoadOptions(), options: options).diagnostics.isEmpty)
        options.endpoint = EndpointOptions(target: .host, platform: .engine)
        #expect(ValidationRun.run(loader: loader, load: LoadOptions(), options: options).diagnostics.isEmpty)
    }

    @Test func uppercaseRepositoryKeepsTheTagCase() {
        #expect(ModelReferenceRules.repositoryPart(of: "ai/SmolLM2:360M-Q4_K_M") == "ai/SmolLM2")
        #expect(ModelReferenceRules.repositoryPart(of: "localhost:5000/Org/model") == "localhost:5000/Org/model")
        #expect(ModelReferenceRules.repositoryPart(of: "ai/x@sha256:abc") == "ai/x")
    }

    @Test func separateNegativeValuesOfEveryShape() throws {
        let project = try TemporaryProject([
            "compose.yaml": """
            services:
              app:
                image: app
                models: [llm]
            models:
              llm:
                model: ai/smollm2
                runtime_flags: ["--temp", "-.5", "--seed", "-1", "-x"]
            """
        ])
        let report = ValidationRun.run(loader: project.loader(), load: LoadOptions(), options: ValidationOptions())
        #expect(report.diagnostics.map(\.code) == ["MB503", "MB503", "MB501"])
        #expect(report.diagnostics.map { $0.hint?.contains("=-") ?? false } == [true, true, false])
        #expect(report.diagnostics.map { $0.location?.column ?? 0 } == [31, 48, 54])
    }

    @Test func loadingStopsRulesOnlyWhenTheProjectCannotBeBuilt() {
        let report = Self.report(RuleFixture("MB001", []))
        #expect(report.diagnostics.map(\.code) == ["MB001"])
        #expect(!report.valid)
        #expect(report.errorCount == 1 && report.warningCount == 0)
    }

    @Test func loadingErrorsAndRuleFindingsComeTogether() throws {
        let project = try TemporaryProject([
            "compose.yaml": """
            services:
              app:
                image: app
                models: [llm]
            models:
              llm:
                model: ai/smollm2
                context_size: 0
                runtime_flags: ["--seed", "-1"]
            """
        ])
        let report = ValidationRun.run(loader: project.loader(), load: LoadOptions(), options: ValidationOptions())
        #expect(report.diagnostics.map(\.code) == ["MB108", "MB503"])
        #expect(report.files == ["compose.yaml"])
    }

    @Test func strictFailsOnWarnings() {
        let report = ValidationReport(diagnostics: [.warning("MB202", "unused", at: nil)])
        #expect(report.passes(strict: false))
        #expect(!report.passes(strict: true))
        #expect(report.valid)
    }

    @Test func findingsAreSortedAndDeduplicated() {
        let a = Diagnostic.error("MB201", "a", at: SourceLocation(file: "b.yaml", line: 1, column: 1))
        let b = Diagnostic.warning("MB202", "b", at: SourceLocation(file: "a.yaml", line: 9, column: 1))
        let c = Diagnostic.error("MB004", "c", at: nil)
        let report = ValidationReport(diagnostics: [a, b, a, c])
        #expect(report.diagnostics == [c, b, a])
    }
}
