import Foundation
import ModelRunnerSim
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The live view in a real (pseudo-)terminal: `up` pulling slow models, interrupted by Ctrl-C or
/// by SIGTERM.
@Suite("Live view in a terminal", .serialized)
struct TerminalEndToEndTests {
    static let compose = """
        services:
          app:
            image: app
            models: [first, second, third]
        models:
          first:
            model: ai/slow-one
          second:
            model: ai/slow-two
          third:
            model: ai/slow-three

        """

    @Test(arguments: [SIGINT, SIGTERM])
    func interruptedPullsRestoreTheCursorAndWriteNothing(_ signal: Int32) async throws {
        // Three pulls of a minute each; the simulator, like DMR, runs two at a time.
        let models = ["ai/slow-one", "ai/slow-two", "ai/slow-three"].map {
            SimModel(reference: $0, size: 64 << 20, speed: .bytesPerSecond(1 << 20))
        }
        try await EndToEndProject.with(files: ["compose.yaml": Self.compose], models: models) { project in
            let before = try FileManager.default.contentsOfDirectory(atPath: project.directory).sorted()
            let process = try PseudoTerminalProcess(
                executable: CLIRunner.modelbind,
                arguments: ["up", "--runner", project.runnerURL, "--parallel", "3", "--platform", "engine"],
                environment: ["PATH": "/usr/bin:/bin", "HOME": project.directory, "TERM": "xterm-256color"],
                directory: project.directory, columns: 100)
            let sawView = await process.waitFor(
                ["[+] Pulling 0/3", "waiting  (the runner pulls 2 models at a time)", "/s  ETA "],
                timeout: .seconds(30))
            process.send(signal)
            let status = await process.finish()
            let text = process.text

            #expect(sawView, "the live view never showed the header, a waiting pull and a rate:\n\(text)")
            #expect(status == 128 + signal, "\(text)")
            // The cursor was hidden while drawing, and showing it is the last escape code written.
            #expect(text.contains("\u{1B}[?25l"))
            let lastEscape = try #require(text.range(of: "\u{1B}[", options: .backwards))
            #expect(text[lastEscape.lowerBound...].hasPrefix("\u{1B}[?25h"), "\(text.debugDescription.suffix(400))")
            #expect(text.contains("interrupted"), "\(text)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: project.directory).sorted() == before)
            // Cancelled pulls report what they did: the bytes they had and their time (a pull with no
            // bytes shows SIZE `-`, and a cancelled entry used to keep 0 bytes and 0.0s).
            // The signal comes once one pull shows a rate; the other may not have had bytes yet.
            var sizes: [Bool] = []
            for key in ["first", "second"] {
                let row = text.split(whereSeparator: \.isNewline).last {
                    $0.contains("\(key) ") && $0.contains("cancelled")
                }
                let plain = row.map {
                    String($0).replacingOccurrences(of: "\u{1B}[31m", with: "").replacingOccurrences(
                        of: "\u{1B}[0m", with: "")
                }
                let cells = plain.map { $0.split(separator: " ").map(String.init) } ?? []
                sizes.append(cells.contains { $0 == "KiB" || $0 == "MiB" })
                #expect(cells.last.map { $0 != "0.0s" && $0.hasSuffix("s") } == true, "\(key): \(plain ?? "no row")")
            }
            #expect(sizes.contains(true), "a cancelled pull that had bytes reports them:\n\(text)")
        }
    }
}

/// `--progress plain`, as CI logs and pipes get it.
struct PlainProgressEndToEndTests {
    @Test func aTwentySecondPullPrintsProgressWithPercentAndRate() async throws {
        let models = [SimModel(reference: "ai/slow-one", size: 40 << 20, speed: .duration(.seconds(20)))]
        let compose =
            "services:\n  app:\n    image: app\n    models: [first]\nmodels:\n  first:\n    model: ai/slow-one\n"
        try await EndToEndProject.with(files: ["compose.yaml": compose], models: models) { project in
            let result = try await project.run(["provision", "--progress", "plain"], timeout: .seconds(90))
            #expect(result.status == 0, "\(result)")
            let progress = result.stderr.split(separator: "\n").filter {
                $0.hasPrefix("first: ") && $0.contains("% ") && $0.contains("/s")
            }
            #expect(progress.count >= 4, "\(result)")
            #expect(!result.stderr.contains("\u{1B}"), "plain mode writes no escape codes")
        }
    }
}
