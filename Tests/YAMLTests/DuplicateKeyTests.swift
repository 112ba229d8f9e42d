import Testing
import YAML

struct DuplicateKeyTests {
    @Test func duplicateKeyIsReportedAtTheSecondKey() throws {
        let error = try #require(readError("services:\n  web:\n    image: a\n    ports: []\n    image: b\n"))
        #expect(error.kind == .duplicateKey)
        #expect(error.message == "mapping key \"image\" already defined at line 3")
        #expect(error.mark == YAMLMark(line: 5, column: 5))
        #expect(error.description == "t.yaml:5:5: mapping key \"image\" already defined at line 3")
    }

    /// go-yaml prints the key with `%#v`, which is Go's `strconv.Quote`: `\a`, `\u` for
    /// non-printables (the escapes a private approximation used to get wrong).
    @Test func duplicateKeyIsQuotedAsGoQuotes() throws {
        let error = try #require(readError("\"a\\ab\\u200bc\": 1\n\"a\\ab\\u200bc\": 2\n"))
        #expect(error.message == #"mapping key "a\ab\u200bc" already defined at line 1"#)
    }

    @Test func duplicateKeyInALargeMapping() throws {
        var text = ""
        for index in 0..<100 { text += "k\(index): \(index)\n" }
        text += "k42: again\n"
        let error = try #require(readError(text))
        #expect(error.kind == .duplicateKey)
        #expect(error.message == "mapping key \"k42\" already defined at line 43")
        #expect(error.mark == YAMLMark(line: 101, column: 1))
    }

    @Test func quotedAndPlainSpellingsOfTheSameTextAreDuplicates() throws {
        let error = try #require(readError("{a: 1, \"a\": 2}"))
        #expect(error.kind == .duplicateKey)
        #expect(error.mark == YAMLMark(line: 1, column: 8))
    }

    @Test func keysFromMergesAreNotDuplicates() throws {
        let doc = try read("a: &a {x: 1}\nb: &b {x: 2}\nc:\n  <<: [*a, *b]\n  x: 3\n")
        let c = try #require(doc.node("c"))
        #expect(doc.keys(of: c) == ["x"])
        #expect(doc.lookup("x", in: c).map { doc.value(of: $0) } == .int(3))
    }

    @Test func sameKeyInDifferentMappingsIsFine() throws {
        #expect(readError("a: {x: 1}\nb: {x: 1}\n") == nil)
    }
}
