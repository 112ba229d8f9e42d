import Testing

@_spi(Testing) @testable import YAML

/// libyaml may run on a second thread that hands its events over in batches (`EventPipe`); the
/// document and the first error must be exactly those of a read on one thread, wherever the batch
/// boundaries fall.
struct PipelinedReadingTests {
    /// Batch shapes from one event per batch (a hand-over at every event) to a few.
    static let shapes: [YAMLReadingMode] = [
        .pipelined(batchEvents: 1, batches: 2),
        .pipelined(batchEvents: 2, batches: 2),
        .pipelined(batchEvents: 3, batches: 3),
        .pipelined(batchEvents: 7, batches: 4),
        .pipelined(batchEvents: 4_096, batches: 4),
    ]

    static let documents: [String] = [
        "",
        "# only a comment\n",
        "a: 1\n",
        """
        x-base: &base
          image: app
          environment: {A: "1", B: "${B:-2}"}
        services:
          web:
            <<: *base
            models: [llm]
          worker:
            <<: [*base, {extra: true}]
            image: !!str 7
        models:
          llm: {model: ai/smollm2, context_size: 4096}
        """,
        "--- &doc\n- &a one\n- *a\n--- !tagged\n- two\n",
        "key: |\n  literal\n  block\nother: >\n  folded\n  text\n'quoted': \"esc\\t\\u00e9\"\n",
        "[" + (0..<500).map { "&a\($0) v\($0)" }.joined(separator: ", ") + ", "
            + (0..<500).map { "*a\($0)" }
            .joined(separator: ", ") + "]",
        String(repeating: "[", count: 40) + String(repeating: "]", count: 40),
        "long: " + String(repeating: "x", count: 300_000) + "\nafter: 1\n",
    ]

    static let failing: [String] = [
        // libyaml's own problems, early and after many events.
        "a: [1, 2\n",
        (0..<300).map { "k\($0): v" }.joined(separator: "\n") + "\nbad: : :\n",
        "a: \"\u{7}\"\n",
        // The builder's problems, with libyaml problems (which must not win) further on.
        "a: 1\na: 2\n" + String(repeating: "x: [\n", count: 50),
        "- *nowhere\n" + String(repeating: "- [", count: 50),
        "a: &x [*x]\n",
        "m:\n  <<: scalar\n",
        "a: 1\n" + (0..<2_000).map { "k\($0): v\($0)" }.joined(separator: "\n") + "\nk7: again\n",
    ]

    /// Values are taken from the input when they are its very bytes, copied otherwise; both kinds
    /// must read back as libyaml decoded them, after a BOM, CRLF line ends or non-ASCII text too.
    @Test(arguments: [YAMLReadingMode.sameThread] + shapes)
    func scalarValuesAreLibYAMLs(_ mode: YAMLReadingMode) throws {
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
            let document = try YAMLReader.read(input, path: "t.yaml", mode: mode)
            let root = try #require(document.roots.first)
            let texts = document.childNodes(of: root).map { document.text(of: $0) }
            #expect(texts == values)
        }
    }

    /// Scalars that are their source's bytes are referenced in the input, not copied, also after
    /// non-ASCII text or a BOM (libyaml's marks count characters) and behind an anchor or a tag.
    @Test func verbatimScalarsAreReferencedInTheInput() {
        let text = "é: ü\n# café ☕\nkey: &a plain\nq: 'quoted'\nd: \"dq\"\nt: !!str tagged\n𝄞: \"x\"\nz: end\n"
        let cases: [(input: [UInt8], copied: Int)] = [
            (Array(text.utf8), 0),
            ([0xEF, 0xBB, 0xBF] + Array(text.utf8), 0),
            // An escape and a folded plain scalar differ from their source: those two are copied.
            (Array("ü: x\r\ne: \"tab\\t\"\r\nf: one\r\n  two\r\ng: ö\r\n".utf8), 2),
        ]
        for (input, copied) in cases {
            let (scalars, ended) = input.withUnsafeBufferPointer { buffer in
                let producer = EventProducer(input: buffer, path: "t.yaml")
                let batch = EventBatch(eventLimit: 1_000, textLimit: 1 << 16)
                producer.fill(batch)
                var ended = false
                if case .streamEnd? = batch.ending { ended = true }
                return (batch.events.filter { $0.kind == .scalar }, ended)
            }
            #expect(ended)
            let referenced = scalars.filter { $0.flags & EventBatch.Event.valueInInput != 0 }
            #expect(scalars.count - referenced.count == copied, "\(String(decoding: input, as: UTF8.self))")
        }
    }

    @Test(arguments: shapes)
    func documentsAreTheSameWhateverTheBatches(_ mode: YAMLReadingMode) throws {
        for text in Self.documents {
            let bytes = Array(text.utf8)
            let expected = try YAMLReader.read(bytes, path: "t.yaml", mode: .sameThread)
            let actual = try YAMLReader.read(bytes, path: "t.yaml", mode: mode)
            #expect(sameStore(expected, actual), "\(text.prefix(60))")
        }
    }

    @Test(arguments: shapes)
    func errorsAreTheSameWhateverTheBatches(_ mode: YAMLReadingMode) {
        for text in Self.failing {
            let bytes = Array(text.utf8)
            let expected = readError(bytes, mode: .sameThread)
            #expect(expected != nil, "\(text.prefix(60))")
            #expect(readError(bytes, mode: mode) == expected, "\(text.prefix(60))")
        }
    }

    @Test func limitsTripAtTheSamePlace() {
        let limits = YAMLLimits(maxDepth: 10, maxAliasExpansion: 100, maxScalarBytes: 50)
        let inputs = [
            String(repeating: "[", count: 20) + String(repeating: "]", count: 20),
            "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                + "c: [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n",
            "a: " + String(repeating: "y", count: 51) + "\n",
        ]
        for text in inputs {
            let bytes = Array(text.utf8)
            let expected = readError(bytes, limits: limits, mode: .sameThread)
            #expect(expected != nil)
            for mode in Self.shapes {
                #expect(readError(bytes, limits: limits, mode: mode) == expected)
            }
        }
    }

    /// A large input read in the automatic mode goes through the pipe (on a machine with more than
    /// one processor) and gives the one-thread document.
    @Test func automaticModeMatchesOnALargeInput() throws {
        var text = "x-common: &common\n  restart: always\n  environment:\n    LEVEL: ${LEVEL:-info}\nservices:\n"
        var index = 0
        while text.utf8.count < YAMLReadingMode.pipelineThreshold * 2 {
            text +=
                "  s\(index):\n    <<: *common\n    image: \"registry/app-\(index):1\"\n    models: [m\(index % 7)]\n"
            index += 1
        }
        let bytes = Array(text.utf8)
        #expect(YAMLReadingMode.automatic.sizes(inputBytes: bytes.count).onThread || !multiprocessor)
        let expected = try YAMLReader.read(bytes, path: "big.yaml", mode: .sameThread)
        #expect(sameStore(expected, try YAMLReader.read(bytes, path: "big.yaml")))
        #expect(!YAMLReadingMode.automatic.sizes(inputBytes: 1_000).onThread)
        #expect(!YAMLReadingMode.sameThread.sizes(inputBytes: bytes.count).onThread)
    }

    /// A read that fails at its first events returns at once and leaves no thread behind to read
    /// input that is about to be freed; many in a row would hang or crash if the pipe leaked.
    @Test(.timeLimit(.minutes(1))) func earlyFailuresStopTheProducer() {
        let tail = (0..<20_000).map { "k\($0): v" }.joined(separator: "\n")
        let bytes = Array(("first: {a: 1, a: 2}\n" + tail).utf8)
        for _ in 0..<50 {
            let kind = readError(bytes, mode: .pipelined(batchEvents: 16, batches: 2))?.kind
            #expect(kind == .duplicateKey)
        }
    }

    /// When no thread can be created the read goes on on the calling thread (it used to wait for
    /// a producer that never ran).
    @Test(.timeLimit(.minutes(1))) func noThreadFallsBackToTheCallingThread() throws {
        for text in Self.documents {
            let bytes = Array(text.utf8)
            let expected = try YAMLReader.read(bytes, path: "t.yaml", mode: .sameThread)
            let actual = try YAMLReader.read(
                bytes, path: "t.yaml", mode: .pipelinedWithoutThread(batchEvents: 3, batches: 2))
            #expect(sameStore(expected, actual))
        }
        let failing = Array(Self.failing[1].utf8)
        #expect(
            readError(failing, mode: .pipelinedWithoutThread(batchEvents: 3, batches: 2))
                == readError(failing, mode: .sameThread))
    }

    private var multiprocessor: Bool {
        YAMLReadingMode.automatic.sizes(inputBytes: Int.max).onThread
    }

    /// Everything the store holds, compared field by field.
    private func sameStore(_ a: YAMLDocument, _ b: YAMLDocument) -> Bool {
        guard a.path == b.path, a.roots == b.roots, a.children == b.children, a.arena == b.arena,
            a.tags == b.tags, a.nodeTags == b.nodeTags, a.wideColumns == b.wideColumns,
            a.nodes.count == b.nodes.count
        else { return false }
        return zip(a.nodes, b.nodes).allSatisfy { x, y in
            x.bits == y.bits && x.height == y.height && x.shortColumn == y.shortColumn && x.line == y.line
                && x.start == y.start && x.count == y.count
        }
    }
}
