import Testing
import YAML

struct ReaderStructureTests {
    @Test func blockNodesCarryOneBasedMarks() throws {
        let doc = try read(
            """
            services:
              web:
                image: "nginx"
                ports:
                  - 8080:80
                  - '443'
            """)
        let root = try #require(doc.root)
        #expect(doc.kind(of: root) == .mapping)
        #expect(doc.mark(of: root) == YAMLMark(line: 1, column: 1))
        let web = try #require(doc.node("services.web"))
        #expect(doc.mark(of: web) == YAMLMark(line: 3, column: 5))
        let image = try #require(doc.node("services.web.image"))
        #expect(doc.mark(of: image) == YAMLMark(line: 3, column: 12))
        #expect(doc.style(of: image) == .doubleQuoted)
        #expect(doc.text(of: image) == "nginx")
        let ports = try #require(doc.node("services.web.ports"))
        #expect(doc.kind(of: ports) == .sequence)
        #expect(doc.mark(of: ports) == YAMLMark(line: 5, column: 7))
        let items = doc.items(of: ports)
        #expect(items.count == 2)
        #expect(doc.mark(of: items[0]) == YAMLMark(line: 5, column: 9))
        #expect(doc.value(of: items[0]) == .string("8080:80"))
        #expect(doc.mark(of: items[1]) == YAMLMark(line: 6, column: 9))
        #expect(doc.style(of: items[1]) == .singleQuoted)
        let keys = try #require(doc.entries(of: web).first?.key)
        #expect(doc.mark(of: keys) == YAMLMark(line: 3, column: 5))
    }

    @Test func flowNodesCarryOneBasedMarks() throws {
        let doc = try read("x: {a: [1, \"two\"], b: {}}\n")
        let flowMap = try #require(doc.node("x"))
        #expect(doc.kind(of: flowMap) == .mapping)
        #expect(doc.mark(of: flowMap) == YAMLMark(line: 1, column: 4))
        let flowSeq = try #require(doc.node("x.a"))
        #expect(doc.mark(of: flowSeq) == YAMLMark(line: 1, column: 8))
        let two = try #require(doc.node("x.a.1"))
        #expect(doc.mark(of: two) == YAMLMark(line: 1, column: 12))
        #expect(doc.value(of: two) == .string("two"))
        let empty = try #require(doc.node("x.b"))
        #expect(doc.count(of: empty) == 0)
        #expect(doc.entries(of: empty).isEmpty)
    }

    @Test func mappingOrderIsInputOrder() throws {
        let doc = try read("z: 1\na: 2\nm: 3\n")
        let root = try #require(doc.root)
        #expect(doc.keys(of: root) == ["z", "a", "m"])
        #expect(doc.lookup("m", in: root).map { doc.value(of: $0) } == .int(3))
        #expect(doc.lookup("missing", in: root) == nil)
    }

    @Test func blockScalarStyles() throws {
        let doc = try read("a: |\n  one\n  two\nb: >\n  one\n  two\n")
        let literal = try #require(doc.node("a"))
        #expect(doc.style(of: literal) == .literal)
        #expect(doc.text(of: literal) == "one\ntwo\n")
        let folded = try #require(doc.node("b"))
        #expect(doc.style(of: folded) == .folded)
        #expect(doc.text(of: folded) == "one two\n")
    }

    @Test func tagsAreKept() throws {
        let doc = try read("ports: !reset []\nenv: !override\n  A: 1\nx: !!str 123\ny: !custom v\nz: plain\n")
        #expect(doc.node("ports").flatMap { doc.tag(of: $0) } == "!reset")
        #expect(doc.node("env").flatMap { doc.tag(of: $0) } == "!override")
        #expect(doc.node("x").flatMap { doc.tag(of: $0) } == "tag:yaml.org,2002:str")
        #expect(doc.node("y").flatMap { doc.tag(of: $0) } == "!custom")
        let plain = try #require(doc.node("z"))
        #expect(doc.tag(of: plain) == nil)
    }

    @Test func scalarContainsTestsBytes() throws {
        let doc = try read("a: ${HOME}/x\nb: plain\nc: [x]\n")
        #expect(try doc.scalarContains(UInt8(ascii: "$"), #require(doc.node("a"))))
        #expect(try !doc.scalarContains(UInt8(ascii: "$"), #require(doc.node("b"))))
        #expect(try !doc.scalarContains(UInt8(ascii: "x"), #require(doc.node("c"))))
    }

    @Test(arguments: ["", "# only a comment\n", "\n\n   \n", "# a\n# b"])
    func emptyAndCommentOnlyStreamsHaveNoRoots(text: String) throws {
        let doc = try read(text)
        #expect(doc.roots.isEmpty)
        #expect(doc.root == nil)
        #expect(doc.nodeCount == 0)
    }

    @Test func multiDocumentStreamHasOneRootPerDocument() throws {
        let doc = try read("a: 1\n---\n- b\n")
        #expect(doc.roots.count == 2)
        #expect(doc.kind(of: doc.roots[0]) == .mapping)
        #expect(doc.kind(of: doc.roots[1]) == .sequence)
        #expect(doc.mark(of: doc.roots[1]) == YAMLMark(line: 3, column: 1))
    }

    @Test func byteOrderMarkIsSkipped() throws {
        let doc = try YAMLReader.read([0xEF, 0xBB, 0xBF] + Array("a: 1\nb: x\n".utf8), path: "bom.yaml")
        let root = try #require(doc.root)
        #expect(doc.keys(of: root) == ["a", "b"])
        let b = try #require(doc.lookup("b", in: root))
        #expect(doc.mark(of: b) == YAMLMark(line: 2, column: 4))
        #expect(doc.mark(of: root) == YAMLMark(line: 1, column: 1))
    }

    @Test func crlfLineEndsLoadWithCorrectMarks() throws {
        let doc = try read("a: 1\r\nb:\r\n  - x\r\n  - |\r\n    l1\r\n    l2\r\n")
        let x = try #require(doc.node("b.0"))
        #expect(doc.mark(of: x) == YAMLMark(line: 3, column: 5))
        let block = try #require(doc.node("b.1"))
        #expect(doc.text(of: block) == "l1\nl2\n")
        #expect(doc.mark(of: block) == YAMLMark(line: 4, column: 5))
    }

    @Test func unicodeColumnsCountCharacters() throws {
        let doc = try read("é: ✓ x\nb: [ü, v]\n")
        let value = try #require(doc.node("é"))
        #expect(doc.text(of: value) == "✓ x")
        #expect(doc.mark(of: value) == YAMLMark(line: 1, column: 4))
        let v = try #require(doc.node("b.1"))
        #expect(doc.mark(of: v) == YAMLMark(line: 2, column: 8))
    }

    @Test func nodeWithAnchorStartsAtTheAnchor() throws {
        let doc = try read("a: &x\n  k: v\n")
        let mapping = try #require(doc.node("a"))
        #expect(doc.mark(of: mapping) == YAMLMark(line: 1, column: 4))
    }
}
