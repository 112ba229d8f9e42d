import Foundation
import Testing

@testable import BindingOutput
@testable import ModelBind

@Suite("ShellExportWriter")
struct ShellExportWriterTests {
    @Test(arguments: [
        ("plain", "export V='plain'"),
        ("", "export V=''"),
        ("it's", "export V='it'\\''s'"),
        ("$HOME `x` \\n", "export V='$HOME `x` \\n'"),
    ])
    func exactLines(_ value: String, _ line: String) throws {
        #expect(try ShellExportWriter.line(name: "V", value: value) == line)
    }

    @Test func refusals() throws {
        let name = try #require(throws: DotEnvWriterError.self) {
            try ShellExportWriter.line(name: "MY.URL", value: "x")
        }
        #expect(name.reason == .invalidName)
        #expect(name.message.contains("[A-Za-z_][A-Za-z0-9_]*"))
        let nul = try #require(throws: DotEnvWriterError.self) {
            try ShellExportWriter.line(name: "V", value: "a\u{0}")
        }
        #expect(nul.reason == .unrepresentableValue)
    }

    /// `sh` evaluates the exports and prints every variable back, NUL-separated.
    @Test func roundTripThroughSh() throws {
        let samples = AwkwardStrings.sample(count: 2000).filter { !$0.unicodeScalars.contains("\u{0}") }
        let variables = samples.enumerated().map { (name: "V\($0.offset)", value: $0.element) }
        var script = try ShellExportWriter.document(header: ["round trip"], variables: variables)
        for chunk in stride(from: 0, to: variables.count, by: 200) {
            let names = variables[chunk..<min(chunk + 200, variables.count)].map { "\"$\($0.name)\"" }
            script += "printf '%s\\0' " + names.joined(separator: " ") + "\n"
        }
        let output = try DotEnvWriterTests.run(
            "/bin/sh", ["-c", "eval \"$(cat)\""], environment: ["PATH": "/usr/bin:/bin"], input: Data(script.utf8))
        let values = output.split(separator: 0, omittingEmptySubsequences: false).dropLast().map {
            String(decoding: $0, as: UTF8.self)
        }
        #expect(values == samples)
    }
}

@Suite("GitHubEnvWriter")
struct GitHubEnvWriterTests {
    @Test func singleLine() throws {
        #expect(try GitHubEnvWriter.entry(name: "LLM_URL", value: "http://x/") == "LLM_URL=http://x/")
        #expect(try GitHubEnvWriter.entry(name: "EMPTY", value: "") == "EMPTY=")
        #expect(try GitHubEnvWriter.entry(name: "A", value: "b<<c=d") == "A=b<<c=d")
    }

    @Test func multiLine() throws {
        #expect(
            try GitHubEnvWriter.entry(name: "A", value: "one\ntwo\n")
                == "A<<ghadelimiter_modelbind\none\ntwo\n\nghadelimiter_modelbind")
        #expect(
            try GitHubEnvWriter.entry(name: "A", value: "x\nghadelimiter_modelbind\nghadelimiter_modelbind_1")
                == "A<<ghadelimiter_modelbind_2\nx\nghadelimiter_modelbind\nghadelimiter_modelbind_1\nghadelimiter_modelbind_2"
        )
    }

    @Test func document() throws {
        let text = try GitHubEnvWriter.document(variables: [(name: "A", value: "1"), (name: "B", value: "x\ny")])
        #expect(text == "A=1\nB<<ghadelimiter_modelbind\nx\ny\nghadelimiter_modelbind\n")
    }

    @Test(arguments: ["", "A=B", "A<<B", "A B"])
    func invalidNames(_ name: String) throws {
        let error = try #require(throws: DotEnvWriterError.self) { try GitHubEnvWriter.entry(name: name, value: "x") }
        #expect(error.reason == .invalidName)
        #expect(error.message.contains("$GITHUB_ENV"))
    }

    @Test(arguments: ["a\rb", "a\u{0}b"])
    func unrepresentableValues(_ value: String) throws {
        let error = try #require(throws: DotEnvWriterError.self) { try GitHubEnvWriter.entry(name: "A", value: value) }
        #expect(error.reason == .unrepresentableValue)
        #expect(
            error.message
                == "cannot write A to $GITHUB_ENV: its value contains a NUL or carriage return character, which the Actions runner cannot read back"
        )
    }
}
