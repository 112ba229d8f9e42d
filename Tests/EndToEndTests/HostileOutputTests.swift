@_spi(Testing) import ComposeLoading
import Foundation
import ModelBind
import Testing

/// Hostile values and hostile output locations for `modelbind env`.
@Suite("Hostile env output", .serialized)
struct HostileOutputTests {
    static let compose = """
        services:
          app:
            image: app
            models: [llm]
        models:
          llm:
            model: ${MODEL}

        """

    /// Values that stress every quoting rule.
    static let values: [String] = [
        "ai/x\nsecond line",
        "ai/\"double\"",
        "ai/'single'",
        "ai/$HOME",
        "ai/${HOME}",
        "ai/$$",
        "ai/`id`",
        "ai/back\\slash",
        "ai/trailing\\",
        "ai/a # not a comment",
        "ai/tab\there",
        "ai/\r",
        " ai/leading-space",
    ]

    /// How a value reaches the loader.
    enum Source: String, CaseIterable, Sendable {
        case processEnvironment
        case dotEnvFile
    }

    /// `.env` text that defines `MODEL` as exactly `value` (single quotes unless it holds one).
    static func dotEnv(_ value: String) -> String {
        if !value.contains("'") { return "MODEL='\(value)'\n" }
        let escaped =
            value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "$", with: "\\$")
        return "MODEL=\"\(escaped)\"\n"
    }

    @Test(arguments: values, Source.allCases)
    func hostileValuesRoundTripOrFailClearly(_ value: String, _ source: Source) async throws {
        let scratch = try HostileScratch()
        try scratch.write("compose.yaml", Self.compose)
        var extra: [String: String] = [:]
        switch source {
        case .processEnvironment: extra["MODEL"] = value
        case .dotEnvFile: try scratch.write(".env", Self.dotEnv(value))
        }
        let environment = HostileProcess.environment(home: scratch.directory, extra)
        for format in ["dotenv", "json", "shell", "github"] {
            let outcome = try await HostileProcess.run(
                ["env", "--format", format, "--platform", "engine"], in: scratch.directory, environment: environment)
            #expect(outcome.duration < .seconds(10 * HostileProcess.slowdown))
            if outcome.status != 0 {
                #expect(outcome.status == 1, "\(format): \(outcome)")
                #expect(
                    outcome.standardError.contains("LLM_MODEL") || outcome.standardError.contains("compose.yaml"),
                    "\(format): the message names neither the variable nor the file: \(outcome)")
                continue
            }
            let decoded = try await Self.decode(outcome.standardOutput, format: format, scratch: scratch)
            #expect(
                decoded == value, "\(format) does not round-trip \(value.debugDescription):\n\(outcome.standardOutput)")
        }
    }

    /// `LLM_MODEL` read back from `output` as each consumer would read it.
    static func decode(_ output: String, format: String, scratch: HostileScratch) async throws -> String? {
        switch format {
        case "dotenv":
            return try DotEnv.parse(output).last { $0.key == "LLM_MODEL" }?.value
        case "json":
            let object = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any]
            let services = object?["services"] as? [String: Any]
            return (services?["app"] as? [String: String])?["LLM_MODEL"]
        case "shell":
            try scratch.write("vars.sh", output)
            try scratch.write("print.sh", ". ./vars.sh\nprintf '%s' \"$LLM_MODEL\"\n")
            let run = try await HostileProcess.run(["print.sh"], in: scratch.directory, executable: "/bin/sh")
            return run.status == 0 ? run.standardOutput : nil
        default:
            // GitHub's $GITHUB_ENV: NAME=value, or NAME<<DELIMITER, lines, DELIMITER.
            var lines = output.split(separator: "\n", omittingEmptySubsequences: false)[...]
            while let line = lines.popFirst() {
                if line.hasPrefix("LLM_MODEL=") { return String(line.dropFirst("LLM_MODEL=".count)) }
                if line.hasPrefix("LLM_MODEL<<") {
                    let delimiter = line.dropFirst("LLM_MODEL<<".count)
                    var body: [Substring] = []
                    while let next = lines.popFirst(), next != delimiter { body.append(next) }
                    return body.joined(separator: "\n")
                }
            }
            return nil
        }
    }

    static let fixed = """
        services:
          app:
            image: app
            models: [llm]
        models:
          llm:
            model: ai/fixed

        """

    @Test func outputFileThatIsASymlinkIsRefused() async throws {
        let scratch = try HostileScratch()
        try scratch.write("compose.yaml", Self.fixed)
        try scratch.write("elsewhere.txt", "keep me\n")
        try FileManager.default.createDirectory(atPath: scratch.path("out"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            atPath: scratch.path("out/app.env"), withDestinationPath: "../elsewhere.txt")
        let outcome = try await HostileProcess.run(["env", "--output", "out"], in: scratch.directory)
        #expect(outcome.status == 1, "\(outcome)")
        #expect(outcome.standardError.contains("out/app.env"), "\(outcome)")
        #expect(outcome.standardError.contains("symbolic link"), "\(outcome)")
        #expect(scratch.read("elsewhere.txt") == "keep me\n")
    }

    @Test func outputFileThatIsADirectoryIsRefused() async throws {
        let scratch = try HostileScratch()
        try scratch.write("compose.yaml", Self.fixed)
        try FileManager.default.createDirectory(atPath: scratch.path("out/app.env"), withIntermediateDirectories: true)
        let outcome = try await HostileProcess.run(["env", "--output", "out"], in: scratch.directory)
        #expect(outcome.status == 1, "\(outcome)")
        #expect(outcome.standardError.contains("out/app.env"), "\(outcome)")
        #expect(outcome.standardError.contains("is a directory"), "\(outcome)")
        #expect(scratch.list("out/app.env").isEmpty)
    }

    /// Tests run as root, so permissions cannot make a directory unwritable; these locations are
    /// unwritable for everyone: a path below a regular file, a regular file given as the directory,
    /// and /proc/1 (procfs refuses new files).
    @Test(arguments: [
        ("a path below a regular file", "file.txt/sub", ["file.txt/sub", "cannot create the directory"]),
        ("a regular file", "file.txt", ["file.txt", "not a directory"]),
        ("/proc/1", "/proc/1", ["/proc/1", "cannot create a file"]),
    ])
    func unwritableOutputDirectoryFailsClearly(_ label: String, _ output: String, _ messages: [String]) async throws {
        let scratch = try HostileScratch()
        try scratch.write("compose.yaml", Self.fixed)
        try scratch.write("file.txt", "a file\n")
        let outcome = try await HostileProcess.run(["env", "--output", output], in: scratch.directory)
        #expect(outcome.status == 1, "\(label): \(outcome)")
        for message in messages {
            #expect(
                outcome.standardError.contains(message), "\(label): missing \(message.debugDescription): \(outcome)")
        }
        #expect(scratch.read("file.txt") == "a file\n")
    }
}
