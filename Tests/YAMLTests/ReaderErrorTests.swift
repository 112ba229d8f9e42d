import Testing
import YAML

struct ReaderErrorTests {
    @Test func flowSyntaxErrorCarriesLibyamlContextAndProblem() throws {
        let error = try #require(readError("a: [1, 2\nb: 3\n"))
        #expect(error.kind == .syntax)
        #expect(error.message == "while parsing a flow sequence: did not find expected ',' or ']'")
        #expect(error.mark == YAMLMark(line: 2, column: 2))
    }

    @Test func badIndentationIsASyntaxError() throws {
        let error = try #require(readError("a:\n  b: 1\n c: 2\n"))
        #expect(error.kind == .syntax)
        #expect(error.message == "while parsing a block mapping: did not find expected key")
        #expect(error.mark == YAMLMark(line: 3, column: 2))
    }

    @Test func tabIndentationIsExplained() throws {
        let error = try #require(readError("services:\n\tweb: {}\n"))
        #expect(error.kind == .syntax)
        #expect(
            error.message.hasPrefix("while scanning for the next token: found character that cannot start any token"))
        #expect(error.message.hasSuffix("(tabs are not allowed in YAML indentation; indent with spaces)"))
        #expect(error.mark == YAMLMark(line: 2, column: 1))
    }

    @Test func invalidUTF8InAScalar() throws {
        let bytes = Array("a: 1\nb: ok\nc: x".utf8) + [0xFF] + Array("y\n".utf8)
        let error = try #require(readError(bytes))
        #expect(error.kind == .invalidUTF8)
        #expect(
            error.message == "invalid leading UTF-8 octet (byte 0xFF at offset 15); the file must be encoded as UTF-8")
        #expect(error.mark == YAMLMark(line: 3, column: 5))
    }

    @Test func truncatedUTF8Sequence() throws {
        let bytes = Array("a: é\nb: ".utf8) + [0xC3, 0x28] + Array("\n".utf8)
        let error = try #require(readError(bytes))
        #expect(error.kind == .invalidUTF8)
        #expect(error.message.hasPrefix("invalid trailing UTF-8 octet (byte 0x28 at offset 10)"))
        #expect(error.mark == YAMLMark(line: 2, column: 5))
    }

    @Test func nulByteIsAControlCharacterError() throws {
        let bytes = Array("a: 1\nb: x".utf8) + [0x00] + Array("\n".utf8)
        let error = try #require(readError(bytes))
        #expect(error.kind == .syntax)
        #expect(error.message == "control characters are not allowed (found U+0000 at offset 9)")
        #expect(error.mark == YAMLMark(line: 2, column: 5))
    }

    @Test func inputOverTheSizeLimitIsRejectedBeforeParsing() throws {
        let error = try #require(readError("a: [[[", limits: YAMLLimits(maxInputBytes: 4)))
        #expect(error.kind == .size)
        #expect(error.message == "input is 6 bytes, larger than the limit of 4 bytes")
        #expect(error.mark == YAMLMark(line: 1, column: 1))
    }

    @Test func scalarOverTheSizeLimit() throws {
        let error = try #require(readError("a: ok\nb: 0123456789\n", limits: YAMLLimits(maxScalarBytes: 8)))
        #expect(error.kind == .size)
        #expect(error.message == "scalar of 10 bytes is larger than the limit of 8 bytes")
        #expect(error.mark == YAMLMark(line: 2, column: 4))
    }

    @Test func deepFlowNestingFailsWithoutCrashing() throws {
        let text = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let error = try #require(readError(text))
        #expect(error.kind == .depth)
        #expect(error.message == "nesting deeper than 1000 levels")
        #expect(error.mark == YAMLMark(line: 1, column: 1001))
    }

    @Test func deepBlockSequencesFailWithoutCrashing() throws {
        let text = String(repeating: "- ", count: 100_000) + "x\n"
        let error = try #require(readError(text))
        #expect(error.kind == .depth)
        #expect(error.mark == YAMLMark(line: 1, column: 2001))
    }

    @Test func deepBlockMappingsFailWithoutCrashing() throws {
        var text = ""
        for depth in 0..<1_500 { text += String(repeating: " ", count: depth) + "k:\n" }
        let error = try #require(readError(text))
        #expect(error.kind == .depth)
        #expect(error.mark == YAMLMark(line: 1001, column: 1001))
    }

    @Test func depthLimitIsConfigurable() throws {
        #expect(readError("a: {b: {c: 1}}", limits: YAMLLimits(maxDepth: 3)) == nil)
        let error = try #require(readError("a: {b: {c: [1]}}", limits: YAMLLimits(maxDepth: 3)))
        #expect(error.kind == .depth)
        #expect(error.message == "nesting deeper than 3 levels")
        #expect(error.mark == YAMLMark(line: 1, column: 12))
    }

    @Test func stringInputWorksLikeBytes() throws {
        let doc = try YAMLReader.read("x: 1\n", path: "s.yaml")
        #expect(doc.path == "s.yaml")
        #expect(doc.node("x").map { doc.value(of: $0) } == .int(1))
    }
}
