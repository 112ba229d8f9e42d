import Testing
import YAML

struct MergeKeyTests {
    @Test func singleMapIsMergedAtTheMergeKeyPosition() throws {
        let doc = try read(
            """
            base: &base
              image: nginx
              restart: always
            web:
              name: web
              <<: *base
              ports: [80]
            """)
        let web = try #require(doc.node("web"))
        #expect(doc.keys(of: web) == ["name", "image", "restart", "ports"])
        let image = try #require(doc.lookup("image", in: web))
        #expect(doc.mark(of: image) == YAMLMark(line: 2, column: 10))
    }

    @Test func explicitKeysWinRegardlessOfPosition() throws {
        let doc = try read(
            """
            base: &base {image: nginx, restart: always}
            before:
              image: mine
              <<: *base
            after:
              <<: *base
              image: mine
            """)
        for name in ["before", "after"] {
            let node = try #require(doc.node(name))
            #expect(doc.lookup("image", in: node).map { doc.text(of: $0) } == "mine")
            #expect(doc.count(of: node) == 2)
        }
        #expect(try doc.keys(of: #require(doc.node("before"))) == ["image", "restart"])
        #expect(try doc.keys(of: #require(doc.node("after"))) == ["restart", "image"])
    }

    @Test func earlierMapInAListWins() throws {
        let doc = try read(
            """
            a: &a {x: from-a, y: from-a}
            b: &b {x: from-b, z: from-b}
            c:
              <<: [*a, *b]
              w: own
            """)
        let c = try #require(doc.node("c"))
        #expect(doc.keys(of: c) == ["x", "y", "z", "w"])
        #expect(doc.lookup("x", in: c).map { doc.text(of: $0) } == "from-a")
        #expect(doc.lookup("z", in: c).map { doc.text(of: $0) } == "from-b")
    }

    @Test func inlineMapsAndNestedMergesWork() throws {
        let doc = try read(
            """
            a: &a {x: 1}
            b: &b
              <<: *a
              y: 2
            c:
              <<: [*b, {z: 3}]
            """)
        let c = try #require(doc.node("c"))
        #expect(doc.keys(of: c) == ["x", "y", "z"])
    }

    @Test func taggedMergeKeyMergesAndQuotedDoesNot() throws {
        let doc = try read("a: &a {x: 1}\nb:\n  !!merge <<: *a\nc:\n  \"<<\": *a\n")
        #expect(try doc.keys(of: #require(doc.node("b"))) == ["x"])
        #expect(try doc.keys(of: #require(doc.node("c"))) == ["<<"])
    }

    @Test(arguments: [
        ("a: &a x\nb:\n  <<: *a\n", YAMLMark(line: 3, column: 7)),
        ("b:\n  <<: just a string\n", YAMLMark(line: 2, column: 7)),
        ("b:\n  <<:\n", YAMLMark(line: 2, column: 6)),
        ("a: &a {x: 1}\nb:\n  <<: [*a, 5]\n", YAMLMark(line: 3, column: 12)),
        ("a: &a {x: 1}\nb:\n  <<: [*a, [1]]\n", YAMLMark(line: 3, column: 12)),
        ("l: &l [{x: 1}]\nb:\n  <<: *l\n", YAMLMark(line: 3, column: 7)),
    ])
    func badMergeValueIsAnError(text: String, mark: YAMLMark) throws {
        let error = try #require(readError(text))
        #expect(error.kind == .merge)
        #expect(error.message == "map merge requires map or sequence of maps as the value")
        #expect(error.mark == mark)
    }
}
