import Testing

@testable import BindingOutput
@testable import ModelBind
@testable import ModelRunnerClient

struct ProgressStreamDecoderTests {
    static let progressLine =
        #"{"type":"progress","message":"Downloaded: 0.00 MB","total":2029,"layer":{"id":"sha256:c7","size":2016,"current":2016},"mode":"pull"}"#

    @Test func decodesEveryMessageType() throws {
        var decoder = ProgressStreamDecoder()
        let text = [
            Self.progressLine,
            #"{"type":"warning","message":"slow registry"}"#,
            #"{"type":"success","message":"Model pulled successfully","total":0,"layer":{"size":0,"current":0}}"#,
            #"{"type":"error","message":"Error: writing blob: disk full"}"#,
            #"{"type":"novel","message":"hi","extra":[1,2]}"#,
            "error while pulling model: writing image to store",
            "",
        ].joined(separator: "\n")
        let events = try decoder.feed(Array(text.utf8))
        #expect(
            events == [
                .progress(
                    ProgressUpdate(
                        message: "Downloaded: 0.00 MB", total: 2029, layerID: "sha256:c7", layerSize: 2016,
                        layerCurrent: 2016)),
                .warning("slow registry"),
                .success("Model pulled successfully"),
                .error("Error: writing blob: disk full"),
                .other(type: "novel", message: "hi"),
                .text("error while pulling model: writing image to store"),
            ])
        #expect(decoder.finish().isEmpty)
    }

    @Test func linesSplitAcrossChunksAndAFinalLineWithoutNewline() throws {
        var decoder = ProgressStreamDecoder()
        let bytes = Array((Self.progressLine + "\n" + #"{"type":"success","message":"ok"}"#).utf8)
        var events: [ProgressStreamEvent] = []
        for byte in bytes { events += try decoder.feed([byte]) }
        #expect(events.count == 1)
        #expect(decoder.finish() == [.success("ok")])
    }

    @Test func missingAndMistypedFieldsAreTolerated() {
        #expect(ProgressStreamDecoder.decode(line: #"{"type":"success"}"#) == .success(""))
        #expect(
            ProgressStreamDecoder.decode(line: #"{"type":"progress","total":"many","layer":{"current":-1,"id":7}}"#)
                == .progress(ProgressUpdate()))
        #expect(
            ProgressStreamDecoder.decode(line: #"{"type":"progress","message":"x","total":10,"pulled":5}"#)
                == .progress(ProgressUpdate(message: "x", total: 10, pulled: 5)))
        #expect(ProgressStreamDecoder.decode(line: #"{"message":"no type"}"#) == .other(type: "", message: "no type"))
    }

    @Test(arguments: ["not json", "{broken", "[1,2]", "42", "\u{1B}[31mred"])
    func garbageIsText(_ line: String) {
        #expect(ProgressStreamDecoder.decode(line: line) == .text(line))
    }

    @Test func blankLinesAndCarriageReturnsAreSkipped() throws {
        var decoder = ProgressStreamDecoder()
        let events = try decoder.feed(Array("\r\n  \n{\"type\":\"success\",\"message\":\"ok\"}\r\n".utf8))
        #expect(events == [.success("ok")])
    }

    @Test func htmlEscapedLinesAreUnescaped() throws {
        var decoder = ProgressStreamDecoder(htmlEscaped: true)
        let escaped =
            "{&#34;type&#34;:&#34;error&#34;,&#34;message&#34;:&#34;Error: a &lt;b&gt; &amp; &#39;c&#39;&#34;}\n"
        #expect(try decoder.feed(Array(escaped.utf8)) == [.error("Error: a <b> & 'c'")])
    }

    @Test func jsonModeLeavesEntitiesAlone() throws {
        var decoder = ProgressStreamDecoder(htmlEscaped: false)
        #expect(try decoder.feed(Array("a &amp; b\n".utf8)) == [.text("a &amp; b")])
    }

    @Test func overLongLineIsAnErrorNamingTheLimitAndLine() throws {
        var decoder = ProgressStreamDecoder(maximumLineLength: 16)
        _ = try decoder.feed(Array("short\n".utf8))
        #expect(throws: ProgressStreamError.lineTooLong(limit: 16, line: 2)) {
            try decoder.feed(Array(repeating: UInt8(ascii: "x"), count: 17))
        }
        #expect(
            ProgressStreamError.lineTooLong(limit: 16, line: 2).description.contains(
                "line 2 is longer than the 16-byte limit"))
    }

    @Test func lineAtTheLimitIsAccepted() throws {
        var decoder = ProgressStreamDecoder(maximumLineLength: 4)
        #expect(try decoder.feed(Array("abcd\nefgh\n".utf8)) == [.text("abcd"), .text("efgh")])
    }

    @Test func fuzzNeverCrashesAndBoundsMemory() {
        var generator = SplitMix(seed: 42)
        for _ in 0..<300 {
            var decoder = ProgressStreamDecoder(maximumLineLength: 64, htmlEscaped: generator.next() % 2 == 0)
            let alphabet = Array("{}\":,[]&#;x0123456789abtypeprogress\n\r ".utf8) + [0xFF, 0xC3, 0x00]
            do {
                for _ in 0..<20 {
                    let chunk = (0..<Int(generator.next() % 40)).map { _ in
                        alphabet[Int(generator.next() % UInt64(alphabet.count))]
                    }
                    _ = try decoder.feed(chunk)
                }
                _ = decoder.finish()
            } catch {
                #expect(error == .lineTooLong(limit: 64, line: error.lineNumber))
            }
        }
    }
}

extension ProgressStreamError {
    fileprivate var lineNumber: Int {
        if case .lineTooLong(_, let line) = self { return line }
        return 0
    }
}

/// A tiny deterministic generator so the fuzz test is reproducible.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
