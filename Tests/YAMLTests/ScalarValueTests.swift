import Testing
import YAML

/// Scalar values as libyaml decodes them, whatever the quoting, line ends and encoding marks.
struct ScalarValueTests {
    /// Every scalar reads back as libyaml decoded it, after a BOM, CRLF line ends or non-ASCII text too.
    @Test func scalarValuesAreLibYAMLs() throws {
        let cases: [(input: [UInt8], values: [String])] = [
            (Array("a: plain\nb: 'single'\nc: \"double\"\n".utf8), ["a", "plain", "b", "single", "c", "double"]),
            (Array("a: \"tab\\there\"\nb: 'it''s'\nc: \"\\u00e9\"\n".utf8), ["a", "tab\there", "b", "it's", "c", "é"]),
            (Array("a: one\r\n  two\r\nb: \"x\r\n  y\"\r\nc: end\r\n".utf8), ["a", "one two", "b", "x y", "c", "end"]),
            (Array("é: ü\nprès: 'café'\nb: plain\n".utf8), ["é", "ü", "près", "café", "b", "plain"]),
            ([0xEF, 0xBB, 0xBF] + Array("a: x\nbb: 'yy'\n".utf8), ["a", "x", "bb", "yy"]),
            (
                Array("k: |\n  block\nl: >-\n  folded\n  more\nm: \"\"\nn: ''\n".utf8),
                ["k", "block\n", "l", "folded more", "m", "", "n", ""]
            ),
        ]
        for (input, values) in cases {
            let document = try YAMLReader.read(input, path: "t.yaml")
            let root = try #require(document.roots.first)
            let texts = document.childNodes(of: root).map { document.text(of: $0) }
            #expect(texts == values)
        }
    }
}

/// `isNull` agrees with `value(of:) == .null` without decoding scalars (the loader asks it of every value).
struct NullScalarTests {
    @Test func isNullMatchesTheResolvedValue() throws {
        let text = """
            a: ~
            b:
            c: null
            d: NULL
            e: "~"
            f: ''
            g: !!null ""
            h: !!str null
            i: nulls
            j: [~]
            k: !!null ~
            l: ! null

            """
        let document = try YAMLReader.read(text, path: "t.yaml")
        let root = try #require(document.root)
        var nulls: [String] = []
        for (key, value) in document.entries(of: root) {
            let resolved = document.kind(of: value) == .scalar && document.value(of: value) == .null
            #expect(document.isNull(value) == resolved, "\(document.text(of: key))")
            if document.isNull(value) { nulls.append(document.text(of: key)) }
        }
        #expect(nulls == ["a", "b", "c", "d", "g", "k", "l"])
    }
}
