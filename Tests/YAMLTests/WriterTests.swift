import Testing
import YAML

struct WriterTests {
    /// Strings a YAML 1.1 or 1.2 reader could take for something else: they must come out quoted.
    static let unsafeStrings = [
        "", "~", "null", "Null", "NULL", "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO",
        "on", "On", "ON", "off", "Off", "OFF", "true", "True", "TRUE", "false", "False", "FALSE",
        "0", "12", "-3", "+4", "012", "0755", "0x1F", "0o17", "0b101", "1e3", "1E3", "1.5", ".5", "-.5", "1_000",
        ".inf", "-.inf", "+.INF", ".nan", ".NaN", "22:22", "1:20:30", "<<", "=", " lead", "trail ", " ",
        "*star", "&amp", "!bang", "%pct", "@at", "`tick", "|pipe", ">gt", "'sq", "\"dq", "#hash", ",comma",
        "[br", "]br", "{br", "}br", "?q", ":colon", "-", "- item", "---", "...", "2001-12-14",
        "2001-12-14t21:59:43.10-05:00", "a: b", "a #b", "key:", "tab\there", "nul\u{0}x", "bell\u{7}",
        "bom\u{FEFF}x", "nel\u{85}x", "ls\u{2028}x", "cr\rx", "190:20:30", "._5", "1:2", "-1:30.5",
    ]

    /// Strings that are safe as plain scalars: they must come out unquoted.
    static let safeStrings = [
        "nginx", "ai/smollm2", "8080:80", "http://model-runner.docker.internal/engines/v1/", "--ctx-size",
        "127.0.0.1:8080:80", "8080:80/tcp", "-x", "a#b", "a:b", "héllo ✓", "yesterday", "Non", "value with spaces",
        "${VAR:-default}", "1day",
    ]

    /// Multi-line strings.
    static let multiLineStrings = [
        "one\ntwo", "one\ntwo\n", "one\ntwo\n\n", "\nleading break", " leading space\nx", "trailing \nspace",
        "tab\tinside\nx", "\n", "a\n\n\nb", "  indented\n  both", "x\n  deeper\ny", "cr\r\nlf",
    ]

    static func roundTrip(_ text: String) throws -> (output: String, value: YAMLScalarValue, key: String) {
        let output = try YAMLWriter.write(.mapping([("k", .string(text)), (text, .plain("1"))]))
        let doc = try YAMLReader.read(output, path: "out.yaml")
        let root = try #require(doc.root)
        let value = try #require(doc.lookup("k", in: root))
        let keys = doc.entries(of: root).map { doc.text(of: $0.key) }
        return (output, doc.value(of: value), keys.last ?? "")
    }

    @Test(arguments: unsafeStrings)
    func unsafeStringsAreQuotedAndRoundTrip(text: String) throws {
        let (output, value, key) = try Self.roundTrip(text)
        #expect(value == .string(text), "\(output)")
        #expect(key == text, "\(output)")
        let firstLine = output.split(separator: "\n", omittingEmptySubsequences: false)[0]
        #expect(firstLine.hasPrefix("k: \"") || firstLine.hasPrefix("k: '"), "\(output)")
    }

    @Test(arguments: safeStrings)
    func safeStringsStayPlainAndRoundTrip(text: String) throws {
        let (output, value, key) = try Self.roundTrip(text)
        #expect(value == .string(text))
        #expect(key == text)
        #expect(output.hasPrefix("k: \(text)\n"), "\(output)")
    }

    @Test(arguments: multiLineStrings)
    func multiLineStringsRoundTrip(text: String) throws {
        let (output, value, key) = try Self.roundTrip(text)
        #expect(value == .string(text), "\(output)")
        #expect(key == text, "\(output)")
    }

    @Test func multiLineStringUsesLiteralStyle() throws {
        let output = try YAMLWriter.write(.mapping([("script", .string("echo one\necho two\n"))]))
        #expect(output == "script: |\n  echo one\n  echo two\n")
    }

    @Test func literalFallsBackToDoubleQuotesWhenItCannotCarryTheText() throws {
        let output = try YAMLWriter.write(.mapping([("s", .string("trailing \nspace"))]))
        #expect(output == "s: \"trailing \\nspace\"\n")
    }

    @Test func documentShapeAndKeyOrder() throws {
        let output = try YAMLWriter.write(
            .mapping([
                (
                    "services",
                    .mapping([
                        (
                            "web",
                            .mapping([
                                ("image", .string("nginx")),
                                (
                                    "environment",
                                    .mapping([("Z_URL", .string("http://x/")), ("A_MODEL", .string("ai/m"))])
                                ),
                                ("ports", .sequence([.string("8080:80"), .string("22:22")])),
                                ("extra_hosts", .sequence([])),
                                ("tty", .plain("true")),
                                ("cpus", .plain("1.5")),
                            ])
                        )
                    ])
                ),
                ("volumes", .mapping([])),
            ]))
        #expect(
            output == """
                services:
                  web:
                    image: nginx
                    environment:
                      Z_URL: http://x/
                      A_MODEL: ai/m
                    ports:
                    - 8080:80
                    - "22:22"
                    extra_hosts: []
                    tty: true
                    cpus: 1.5
                volumes: {}

                """)
        let doc = try YAMLReader.read(output, path: "out.yaml")
        let env = try #require(doc.node("services.web.environment"))
        #expect(doc.keys(of: env) == ["Z_URL", "A_MODEL"])
        #expect(doc.node("services.web.tty").map { doc.value(of: $0) } == .bool(true))
        #expect(doc.node("services.web.cpus").map { doc.value(of: $0) } == .float(1.5))
    }

    @Test func longLinesAreNotFolded() throws {
        let long = Array(repeating: "word", count: 100).joined(separator: " ")
        let output = try YAMLWriter.write(.mapping([("k", .string(long))]))
        #expect(output == "k: \(long)\n")
    }

    @Test func tagsAreWritten() throws {
        let output = try YAMLWriter.write(
            .mapping([
                ("ports", .tagged("!reset", .sequence([]))),
                ("env", .tagged("!override", .mapping([("A", .string("1"))]))),
                ("x", .tagged("tag:yaml.org,2002:str", .plain("123"))),
            ]))
        #expect(output == "ports: !reset []\nenv: !override\n  A: \"1\"\nx: !!str 123\n")
        let doc = try YAMLReader.read(output, path: "out.yaml")
        #expect(doc.node("ports").flatMap { doc.tag(of: $0) } == "!reset")
        #expect(doc.node("env").flatMap { doc.tag(of: $0) } == "!override")
        #expect(doc.node("x").map { doc.value(of: $0) } == .string("123"))
    }

    @Test func nestedTagsAreRejected() throws {
        #expect(throws: YAMLWriteError.self) {
            try YAMLWriter.write(.tagged("!a", .tagged("!b", .plain("x"))))
        }
        #expect(throws: YAMLWriteError.self) {
            try YAMLWriter.write(.tagged("", .plain("x")))
        }
    }

    @Test func scalarDocument() throws {
        #expect(try YAMLWriter.write(.string("hello")) == "hello\n")
        #expect(try YAMLWriter.write(.plain("42")) == "42\n")
    }

    @Test func outputEquality() {
        let a = YAMLOutput.mapping([("a", .string("1")), ("b", .sequence([.plain("2")]))])
        #expect(a == .mapping([("a", .string("1")), ("b", .sequence([.plain("2")]))]))
        #expect(a != .mapping([("b", .sequence([.plain("2")])), ("a", .string("1"))]))
        #expect(YAMLOutput.string("1") != .plain("1"))
    }
}
