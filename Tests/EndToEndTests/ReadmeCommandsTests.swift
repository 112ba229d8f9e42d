import Foundation
import Testing

/// README.md's "Using it" block, run as printed, in order, in a copy of examples/quickstart
/// against the simulator (MODEL_RUNNER_HOST names it, as a user's shell would): every command
/// must exit 0. A command added to the README is run here without editing this test.
@Suite("README commands")
struct ReadmeCommandsTests {
    /// The `modelbind …` lines of the README's first `sh` block after "## Using it", comments cut.
    static func commands() throws -> [[String]] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        guard let section = readme.range(of: "## Using it") else { return [] }
        var lines: [[String]] = []
        var inBlock = false
        for line in readme[section.upperBound...].split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("```") {
                if inBlock { break }
                inBlock = true
                continue
            }
            guard inBlock, line.hasPrefix("modelbind ") else { continue }
            let command = line.split(separator: "#", maxSplits: 1).first ?? ""
            lines.append(command.split(separator: " ").dropFirst().map(String.init))
        }
        return lines
    }

    @Test func everyCommandWorksAsPrinted() async throws {
        let commands = try Self.commands()
        #expect(commands.count >= 10, "the README's command block was not found")
        try await RunnerOperationsEndToEndTests.quickstart(transport: .tcp) { project in
            let cli = CLIRunner(
                currentDirectory: project.directory, environment: ["MODEL_RUNNER_HOST": project.runnerURL])
            for command in commands {
                let result = try await cli.run(command)
                #expect(result.status == 0, "modelbind \(command.joined(separator: " ")):\n\(result)")
            }
        }
    }
}
