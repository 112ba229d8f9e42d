import Testing

@testable import YAML

/// The node store packs kind, style, summary flags and a short column into 16 bytes per node, with
/// tags and wide columns in side tables; nothing a reader can see may change for it.
struct CompactStoreTests {
    @Test func aNodeIsSixteenBytes() {
        #expect(MemoryLayout<YAMLDocument.Node>.stride == 16)
    }

    @Test func columnsPastTheShortRangeAreExact() throws {
        // Items three characters apart on one line: the last ones sit past column 65,535.
        let count = 22_000
        let doc = try read("[" + String(repeating: "x, ", count: count) + "last]")
        let items = try doc.childNodes(of: #require(doc.root))
        #expect(items.count == count + 1)
        for index in [0, 21_843, 21_844, 21_845, count - 1] {
            #expect(doc.mark(of: items[index]) == YAMLMark(line: 1, column: 2 + 3 * index), "item \(index)")
        }
        #expect(try doc.mark(of: #require(items.last)) == YAMLMark(line: 1, column: 2 + 3 * count))
        #expect(try doc.text(of: #require(items.last)) == "last")
    }

    @Test func errorsPastTheShortRangeReportTheirColumn() throws {
        let filler = (0..<11_000).map { "k\($0): v" }.joined(separator: ", ")
        let text = "{k: v, \(filler), k: again}"
        let error = try #require(readError(text))
        #expect(error.kind == .duplicateKey)
        let column = text.utf8.count - "k: again}".utf8.count + 1
        #expect(column > 65_535)
        #expect(error.mark == YAMLMark(line: 1, column: column))
    }

    @Test func styleFlagsAndTagsLiveSideBySide() throws {
        let doc = try read(
            """
            a: !custom "x${Y}"
            b: !!str 12
            c: |
              literal $
            d: 'plain'
            e: !seq [1]
            f: 'q'
            """)
        let a = try #require(doc.node("a"))
        #expect(doc.style(of: a) == .doubleQuoted)
        #expect(doc.tag(of: a) == "!custom")
        #expect(doc.scalarContains(UInt8(ascii: "$"), a))
        let b = try #require(doc.node("b"))
        #expect(doc.tag(of: b) == "tag:yaml.org,2002:str")
        #expect(doc.value(of: b) == .string("12"))
        let c = try #require(doc.node("c"))
        #expect(doc.style(of: c) == .literal)
        #expect(doc.tag(of: c) == nil)
        #expect(doc.scalarContains(UInt8(ascii: "$"), c))
        #expect(try doc.style(of: #require(doc.node("d"))) == .singleQuoted)
        #expect(try !doc.scalarContains(UInt8(ascii: "$"), #require(doc.node("d"))))
        let e = try #require(doc.node("e"))
        #expect(doc.kind(of: e) == .sequence)
        #expect(doc.tag(of: e) == "!seq")
        #expect(try doc.tag(of: #require(doc.node("f"))) == nil)
        #expect(try doc.tag(of: #require(doc.root)) == nil)
    }
}
