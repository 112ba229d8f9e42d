import Foundation
import Testing

/// Hostile compose files through the built CLI: each must end with exit status 1 and a message that
/// names the problem and where it is, within bounded time and memory (both measured on the child).
@Suite("Hostile inputs", .serialized)
struct HostileInputTests {
    /// A compose file (or a way to make one) and what the error output must contain.
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        /// Writes `compose.yaml` (and anything else) into the scratch directory.
        var make: @Sendable (HostileScratch) throws -> Void
        var arguments: [String] = ["config", "-f", "compose.yaml"]
        /// Substrings the error output must contain (the problem and its position).
        var messages: [String]
        /// The wall-time bound; the heavy cases get more, since `swift test` runs suites in parallel.
        var seconds: Int64 = 10

        var testDescription: String { name }
    }

    static func file(_ text: String) -> @Sendable (HostileScratch) throws -> Void {
        { try $0.write("compose.yaml", text) }
    }

    static func bytes(_ bytes: [UInt8]) -> @Sendable (HostileScratch) throws -> Void {
        { try $0.write("compose.yaml", bytes: bytes) }
    }

    /// The "billion laughs": nine levels of nine aliases each, 9^9 nodes when expanded.
    static let aliasBomb: String = {
        var text = "x-a: &a [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n"
        let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"]
        for index in 1..<names.count {
            let previous = "*" + names[index - 1]
            text +=
                "x-\(names[index]): &\(names[index]) ["
                + Array(repeating: previous, count: 9).joined(separator: ", ") + "]\n"
        }
        return text + "services:\n  app:\n    image: app\n    x-bomb: *i\n"
    }()

    static let cases: [Case] = [
        Case(name: "alias expansion bomb", make: file(aliasBomb), messages: ["compose.yaml:", "alias"]),
        Case(
            name: "100,000-deep flow sequences",
            make: file("services: " + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)),
            messages: ["compose.yaml:1:", "deep"]),
        Case(
            name: "100,000-deep flow mappings",
            make: file(
                "services: " + String(repeating: "{a: ", count: 100_000) + "x" + String(repeating: "}", count: 100_000)),
            messages: ["compose.yaml:1:", "deep"]),
        Case(
            name: "100,000-deep block sequences",
            make: file("services:\n" + String(repeating: "- ", count: 100_000) + "x\n"),
            messages: ["compose.yaml:2:", "deep"]),
        Case(
            name: "a file over the 64 MiB limit",
            make: { scratch in
                let path = scratch.path("compose.yaml")
                _ = FileManager.default.createFile(atPath: path, contents: Data("services: {}\n".utf8))
                let handle = try #require(FileHandle(forWritingAtPath: path))
                try handle.truncate(atOffset: UInt64(64 << 20) + 1)
                try handle.close()
            },
            messages: ["compose.yaml", "64 MiB"]),
        Case(
            name: "invalid UTF-8",
            make: bytes(Array("services:\n  app:\n    image: ".utf8) + [0xC3, 0x28, 0xFF] + Array("\n".utf8)),
            messages: ["compose.yaml:3:", "UTF-8"]),
        Case(
            name: "NUL bytes",
            make: bytes(Array("services:\n  app:\n    image: a".utf8) + [0] + Array("b\n".utf8)),
            messages: ["compose.yaml:3:"]),
        Case(
            name: "a 10 MB scalar as context_size",
            make: file(
                "services:\n  app:\n    image: app\n    models: [llm]\nmodels:\n  llm:\n    model: ai/x\n"
                    + "    context_size: " + String(repeating: "9", count: 10_000_000) + "\n"),
            messages: ["compose.yaml:8:19", "must be an integer"], seconds: 30),
        Case(
            name: "20,000 findings in one 1 MB file",
            make: file(
                "services:\n"
                    + (0..<20_000).map { "  s\($0):\n    image: app\n    models: [missing\($0)]\n" }.joined()),
            messages: ["compose.yaml:4:14", "undefined model \"missing0\"", "compose.yaml:60001:14"], seconds: 30),
        Case(
            name: "20,000 findings in one 1 MB file (validate)",
            make: file(
                "services:\n"
                    + (0..<20_000).map { "  s\($0):\n    image: app\n    models: [missing\($0)]\n" }.joined()),
            arguments: ["validate", "-f", "compose.yaml"],
            messages: ["compose.yaml:60001:14", "20000 errors"], seconds: 30),
        Case(
            name: "tab indentation",
            make: file("services:\n\tapp:\n\t\timage: app\n"),
            messages: ["compose.yaml:2:", "tab"]),
        Case(name: "an empty file", make: file(""), messages: ["compose.yaml", "empty"]),
        Case(
            name: "a comment-only file", make: file("# nothing here\n# at all\n"),
            messages: ["compose.yaml", "empty"]),
        Case(name: "a scalar document", make: file("just a string\n"), messages: ["compose.yaml:1:1", "mapping"]),
        Case(
            name: "services as a list", make: file("services:\n  - app\n  - db\n"),
            messages: ["compose.yaml:2:", "services"]),
        Case(
            name: "a service name with a slash",
            make: file("services:\n  a/b:\n    image: app\n    models: [llm]\nmodels:\n  llm:\n    model: ai/x\n"),
            messages: ["compose.yaml:2:3", "service name \"a/b\" has characters Compose does not allow"]),
        Case(
            name: "a service name with spaces",
            make: file("services:\n  my app:\n    image: app\n    models: [llm]\nmodels:\n  llm:\n    model: ai/x\n"),
            messages: ["compose.yaml:2:3", "service name \"my app\" has characters Compose does not allow"]),
        Case(
            name: "a model name with a slash",
            make: file("services:\n  app:\n    image: app\n    models: [a/b]\nmodels:\n  a/b:\n    model: ai/x\n"),
            messages: ["compose.yaml:6:3", "a/b"]),
        Case(
            name: "a model name with .. and spaces",
            make: file(
                "services:\n  app:\n    image: app\n    models: [\"../m n\"]\nmodels:\n  \"../m n\":\n    model: ai/x\n"
            ),
            messages: ["compose.yaml:6:3", "../m n"]),
    ]

    @Test(arguments: cases)
    func failsClearly(_ hostile: Case) async throws {
        let scratch = try HostileScratch()
        try hostile.make(scratch)
        let outcome = try await HostileProcess.run(hostile.arguments, in: scratch.directory)
        #expect(outcome.status == 1, "\(outcome)")
        #expect(!outcome.timedOut)
        #expect(outcome.duration < .seconds(hostile.seconds * HostileProcess.slowdown), "\(outcome)")
        #expect((outcome.cpuTime ?? .zero) < .seconds(10 * HostileProcess.slowdown), "\(outcome)")
        #expect(outcome.peakResidentMiB < HostileProcess.memoryBoundMiB, "\(outcome)")
        let output = outcome.standardError + outcome.standardOutput
        for message in hostile.messages {
            #expect(output.contains(message), "missing \(message.debugDescription) in \(outcome)")
        }
        #expect(!outcome.standardError.contains("Fatal error"), "\(outcome)")
    }

    /// `-f -` with an endless standard input: at most one byte over the 64 MiB limit is read, and
    /// the command fails as for a file over the limit (it used to read until memory ran out).
    @Test func endlessStandardInputIsRefused() async throws {
        let scratch = try HostileScratch()
        let outcome = try await HostileProcess.run(["validate", "-f", "-"], in: scratch.directory, input: "/dev/zero")
        #expect(outcome.status == 1, "\(outcome)")
        #expect(!outcome.timedOut)
        let output = outcome.standardError + outcome.standardOutput
        #expect(output.contains("standard input is larger than the 64 MiB limit"), "\(outcome)")
        #expect(outcome.peakResidentMiB < HostileProcess.memoryBoundMiB, "\(outcome)")
    }

    static let plain = """
        services:
          app:
            image: app
            models:
              llm:
                endpoint_var: AI_URL
        models:
          llm:
            model: ai/smollm2:360M-Q4_K_M
            context_size: 4096
            runtime_flags: ["--temp", "0.5"]

        """

    /// CRLF line ends and a UTF-8 BOM are ordinary files: they load exactly like the plain one.
    @Test(arguments: ["crlf", "bom", "bom+crlf"])
    func crlfAndBOMLoadNormally(_ variant: String) async throws {
        let scratch = try HostileScratch()
        try scratch.write("plain/compose.yaml", Self.plain)
        var text = Self.plain
        if variant.contains("crlf") { text = text.replacingOccurrences(of: "\n", with: "\r\n") }
        var bytes = Array(text.utf8)
        if variant.contains("bom") { bytes = [0xEF, 0xBB, 0xBF] + bytes }
        try scratch.write("variant/compose.yaml", bytes: bytes)
        let expected = try await HostileProcess.run(
            ["config", "--format", "json", "-p", "x"], in: scratch.path("plain"))
        let outcome = try await HostileProcess.run(
            ["config", "--format", "json", "-p", "x"], in: scratch.path("variant"))
        try #require(expected.status == 0, "\(expected)")
        #expect(outcome.status == 0, "\(outcome)")
        #expect(outcome.standardOutput == expected.standardOutput)
        #expect(outcome.standardOutput.contains("ai/smollm2:360M-Q4_K_M"))
    }
}
