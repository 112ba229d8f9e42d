import Foundation
import ModelBind
import Testing

@testable import ModelBindCLI

/// `modelbind validate` end to end in process: exit status, --strict, --output and usage errors.
@Suite struct ValidateCommandTests {
    /// Runs `validate` with `arguments` plus `--output`; returns the exit status and the report text.
    static func run(_ arguments: [String]) async throws -> (status: Int32, output: String) {
        let scratch = try TemporaryProject()
        let output = scratch.path("report.out")
        let command = try ValidateCommand.parse(arguments + ["--output", output])
        var status: Int32 = 0
        do {
            try await command.run()
        } catch let exit as ExitCode {
            status = exit.rawValue
        }
        let text = FileManager.default.contents(atPath: output).map { String(decoding: $0, as: UTF8.self) } ?? ""
        return (status, text)
    }

    static func fixture(_ name: String) -> String {
        ValidationRuleTests.root + "/" + name + "/compose.yaml"
    }

    @Test func errorsExitWithOne() async throws {
        let result = try await Self.run(["-f", Self.fixture("MB503"), "--format", "json"])
        #expect(result.status == 1)
        #expect(result.output.contains("\"valid\" : false"))
        #expect(result.output.contains("\"code\" : \"MB503\""))
    }

    @Test func warningsPassUnlessStrict() async throws {
        let relaxed = try await Self.run(["-f", Self.fixture("MB402")])
        #expect(relaxed.status == 0)
        #expect(relaxed.output.hasSuffix("0 errors, 1 warning\n"))
        let strict = try await Self.run(["-f", Self.fixture("MB402"), "--strict"])
        #expect(strict.status == 1)
    }

    @Test func cleanProjectPasses() async throws {
        let result = try await Self.run(["-f", Self.fixture("MB601/mapping"), "--strict"])
        #expect(result.status == 0)
        #expect(result.output == "no problems found\n")
    }

    @Test func backendAndPlatformReachTheRules() async throws {
        let mlx = try await Self.run(["-f", Self.fixture("MB501/mlx"), "--backend", "mlx", "--format", "github"])
        #expect(mlx.status == 1)
        #expect(mlx.output.hasPrefix("::error file="))
        #expect(
            mlx.output.contains(
                "title=MB501 runtime-flag-not-allowed::runtime flag \"--threads\" is not allowed for backend \"mlx\""))
        let desktop = try await Self.run(["-f", Self.fixture("MB601"), "--platform", "desktop", "--strict"])
        #expect(desktop.status == 0)
        let engine = try await Self.run(["-f", Self.fixture("MB601"), "--platform", "engine", "--strict"])
        #expect(engine.status == 1)
        #expect(engine.output.contains("[MB601]"))
    }

    @Test func sarifIsWrittenAtomicallyToTheOutputFile() async throws {
        let result = try await Self.run(["-f", Self.fixture("MB201"), "--format", "sarif"])
        #expect(result.status == 1)
        #expect(SARIFSchemaCheck.problems(in: result.output) == [])
    }

    @Test(arguments: [["--format", "xml"], ["--target", "moon"], ["--bogus"]])
    func usageErrorsExitWith64(_ arguments: [String]) {
        #expect(throws: (any Error).self) { try ValidateCommand.parse(arguments) }
        do {
            _ = try ValidateCommand.parse(arguments)
        } catch {
            #expect(ModelBindCommand.report(error) == 64)
        }
    }
}
