import Testing
import YAML

struct AnchorAliasTests {
    @Test func aliasSharesTheAnchoredNode() throws {
        let doc = try read(
            """
            base: &base
              image: nginx
            copy: *base
            name: &n hello
            again: *n
            """)
        let base = try #require(doc.node("base"))
        let copy = try #require(doc.node("copy"))
        #expect(base == copy)
        #expect(doc.mark(of: copy) == YAMLMark(line: 1, column: 7))
        #expect(doc.node("again").map { doc.text(of: $0) } == "hello")
        #expect(doc.node("again") == doc.node("name"))
    }

    @Test func laterAnchorShadowsEarlier() throws {
        let doc = try read("a: &x one\nb: &x two\nc: *x\n")
        #expect(doc.node("c").map { doc.text(of: $0) } == "two")
    }

    @Test func unknownAliasIsReportedAtTheAlias() throws {
        let error = try #require(readError("a: 1\nb:\n  c: *nope\n"))
        #expect(error.kind == .unknownAlias)
        #expect(error.message == "unknown anchor 'nope' referenced")
        #expect(error.mark == YAMLMark(line: 3, column: 6))
        #expect(error.description == "t.yaml:3:6: unknown anchor 'nope' referenced")
    }

    @Test func anchorsDoNotCrossDocuments() throws {
        let error = try #require(readError("a: &x 1\n---\nb: *x\n"))
        #expect(error.kind == .unknownAlias)
        #expect(error.mark == YAMLMark(line: 3, column: 4))
    }

    @Test func selfContainingAnchorIsRejected() throws {
        let error = try #require(readError("a: &x [1, *x]\n"))
        #expect(error.kind == .unknownAlias)
        #expect(error.message.contains("'&x'"))
        #expect(error.mark == YAMLMark(line: 1, column: 11))
    }

    @Test func billionLaughsFailsFast() throws {
        var lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
        for level in 1...9 {
            let refs = Array(repeating: "*a\(level - 1)", count: 9).joined(separator: ", ")
            lines.append("a\(level): &a\(level) [\(refs)]")
        }
        let clock = ContinuousClock()
        let start = clock.now
        let error = try #require(readError(lines.joined(separator: "\n") + "\n"))
        #expect(clock.now - start < .seconds(2))
        #expect(error.kind == .aliasExpansion)
        #expect(error.message.contains("aliases expand to too many nodes"))
        // Lines 1-6 expand to about 672,000 nodes; the first alias of a5 (about 598,000) on line 7 crosses 1,000,000.
        #expect(error.mark == YAMLMark(line: 7, column: 10))
    }

    @Test func manyOrdinaryAliasesAreFine() throws {
        var text = "x-common: &common\n  image: nginx\n  environment: {A: 1, B: 2, C: 3}\nservices:\n"
        for index in 0..<5_000 {
            text += "  s\(index):\n    <<: *common\n    command: run\(index)\n"
        }
        let doc = try read(text)
        let services = try #require(doc.node("services"))
        #expect(doc.count(of: services) == 5_000)
        #expect(doc.node("services.s4999.image").map { doc.text(of: $0) } == "nginx")
    }

    @Test func aliasExpansionLimitIsConfigurable() throws {
        let text =
            "a: &a [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]\nb: [\(Array(repeating: "*a", count: 30).joined(separator: ", "))]\n"
        #expect(readError(text) == nil)
        let error = try #require(readError(text, limits: YAMLLimits(maxAliasExpansion: 50)))
        #expect(error.kind == .aliasExpansion)
        #expect(error.mark.line == 2)
    }
}
