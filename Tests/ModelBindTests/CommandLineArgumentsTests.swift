import ModelBind
import Testing

@testable import ModelBindCLI

/// Compose's command line: project options before the command, attached short values, typos.
@Suite struct CommandLineArgumentsTests {
    @Test(arguments: [
        (["-f", "a.yaml", "validate"], ["validate", "-f", "a.yaml"]),
        (["modelbind", "-f", "a.yaml", "-p", "x", "up", "web"], ["up", "-f", "a.yaml", "-p", "x", "web"]),
        (["-fcompose.yaml", "config"], ["config", "-f", "compose.yaml"]),
        (["--env-file=.env.ci", "--profile", "eval", "env"], ["env", "--env-file=.env.ci", "--profile", "eval"]),
        (["--progress", "plain", "provision"], ["provision", "--progress", "plain"]),
        (["--progress", "plain", "validate"], ["validate"]),
        (["validate", "-fx.yaml"], ["validate", "-f", "x.yaml"]),
        (["--all-resources", "config", "--models"], ["config", "--all-resources", "--models"]),
        (["--help"], ["--help"]),
    ])
    func normalizes(_ input: [String], _ expected: [String]) throws {
        #expect(try CommandLineArguments.normalized(input) == expected)
    }

    @Test func mistypedCommandGetsTheClosestOne() {
        #expect {
            try CommandLineArguments.normalized(["vaidate"])
        } throws: { error in
            "\(error)".contains("did you mean 'validate'")
        }
        #expect(throws: (any Error).self) { try CommandLineArguments.normalized(["help", "nope"]) }
        #expect(throws: (any Error).self) { try CommandLineArguments.normalized(["-f"]) }
    }

    @Test func everyFailureIsReportedOneWayWithItsStatus() {
        #expect(ModelBindCommand.report(OperationErrorProbe.usage) == 64)
        #expect(ModelBindCommand.report(OperationErrorProbe.failure) == 1)
        #expect(ModelBindCommand.report(ExitCode(130)) == 130)
    }
}

enum OperationErrorProbe {
    static let usage = OperationError("bad flag", usage: true)
    static let failure = OperationError("it broke")
}
