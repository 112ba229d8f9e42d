import Foundation
import Testing

@testable import ComposeLoading
@testable import ComposeValidation
@testable import ModelBind
@testable import RunnerEndpoints

/// `validate` finds no errors in any real compose file of the corpus that Compose takes alone, nor in
/// any base file with an override.
@Suite struct ValidationCorpusTests {
    static func report(_ files: [String]) -> ValidationReport {
        let loader = ProjectLoader(environment: [:], source: FileSource(currentDirectory: CorpusTests.root))
        return ValidationRun.run(loader: loader, load: LoadOptions(files: files), options: ValidationOptions())
    }

    @Test(arguments: CorpusTests.loadAlone)
    func fileHasNoErrors(_ file: String) {
        let report = Self.report([file])
        #expect(report.valid, "\(report.diagnostics.filter { $0.severity == .error })")
    }

    @Test(arguments: CorpusTests.combinations)
    func combinationHasNoErrors(_ files: [String]) {
        let report = Self.report(files)
        #expect(report.valid, "\(report.diagnostics.filter { $0.severity == .error })")
    }

    @Test func crewAIRuntimeFlagIsAllowed() {
        let report = Self.report(["crew-ai/compose.yaml"])
        #expect(!report.diagnostics.contains { $0.code.hasPrefix("MB5") })
    }

    @Test func engineTargetWarnsAboutExtraHostsButStaysValid() {
        let loader = ProjectLoader(environment: [:], source: FileSource(currentDirectory: CorpusTests.root))
        let report = ValidationRun.run(
            loader: loader,
            load: LoadOptions(files: ["a2a/compose.yaml", "a2a/compose.dmr.yaml"]),
            options: ValidationOptions(endpoint: EndpointOptions(target: .container, platform: .engine))
        )
        #expect(report.valid)
        #expect(report.diagnostics.contains { $0.code == "MB601" })
    }
}
