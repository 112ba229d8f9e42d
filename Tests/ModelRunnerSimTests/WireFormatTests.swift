import Testing

@testable import ModelRunnerSim

@Suite struct WireFormatTests {
    @Test func goJSONEscapesLikeEncodingJSON() {
        #expect(GoJSON.string("<a & b>") == #""\u003ca \u0026 b\u003e""#)
        #expect(GoJSON.string("tab\tnl\n\u{08}\u{0C}\u{01}\u{2028}") == #""tab\tnl\n\b\f\u0001\u2028""#)
        #expect(GoJSON.string("quote\" back\\ é") == #""quote\" back\\ é""#)
    }

    @Test func htmlEscapingMatchesGo() {
        #expect(HTMLEscaping.escape(#"<a href='x'>"&"</a>"#) == "&lt;a href=&#39;x&#39;&gt;&#34;&amp;&#34;&lt;/a&gt;")
    }

    @Test(arguments: [
        ("10m", "10m0s"), ("1h", "1h0m0s"), ("30s", "30s"), ("1.5s", "1.5s"), ("500ms", "500ms"),
        ("1h30m", "1h30m0s"), ("0", "0s"),
    ])
    func goDurationRoundTrips(input: String, formatted: String) throws {
        let nanoseconds = try #require(GoDuration.parse(input))
        #expect(GoDuration.format(nanoseconds) == formatted)
    }

    @Test(arguments: [
        ("ai/smollm2", "docker.io/ai/smollm2:latest"), ("smollm2", "docker.io/ai/smollm2:latest"),
        ("MyModel", "docker.io/ai/mymodel:latest"), ("gemma3:", "docker.io/ai/gemma3:latest"),
        ("myorg/model", "docker.io/myorg/model:latest"),
        ("registry.example.com/model", "registry.example.com/model:latest"),
        ("hf.co/org/model:Q4_K_M", "huggingface.co/org/model:Q4_K_M"),
        ("index.docker.io/ai/smollm2:v1", "docker.io/ai/smollm2:v1"),
    ])
    func referencesNormaliseToStoreTags(input: String, tag: String) {
        #expect(SimReference.storeTag(input) == tag)
    }

    @Test(arguments: [
        (0.0, "0.00"), (0.125, "0.12"), (0.375, "0.38"), (1.5625, "1.56"), (2.56, "2.56"), (256.3466, "256.35"),
        (1023.999, "1024.00"), (-0.001, "0.00"), (-1.5, "-1.50"),
    ])
    func twoDecimalsLikeGosPrintf(value: Double, text: String) {
        #expect(GoFormat.twoDecimals(value) == text)
    }

    @Test(arguments: [
        (Int64(0), "Thu, 01 Jan 1970 00:00:00 GMT"), (1_796_657_743, "Mon, 07 Dec 2026 15:35:43 GMT"),
        (951_782_400, "Tue, 29 Feb 2000 00:00:00 GMT"), (-1, "Wed, 31 Dec 1969 23:59:59 GMT"),
    ])
    func httpDateIsIMFFixdate(seconds: Int64, text: String) {
        #expect(GoFormat.httpDate(secondsSince1970: seconds) == text)
    }

    @Test func goQuoteIsStrconvQuote() {
        #expect(GoQuote.quote("--log-file") == #""--log-file""#)
        #expect(GoQuote.quote(#"C:\x "y""#) == #""C:\\x \"y\"""#)
        #expect(GoQuote.quote("a\tb\u{01}\u{7F}\u{85}é") == #""a\tb\x01\x7f\u0085é""#)
    }

    @Test func sha256MatchesKnownVector() {
        #expect(SHA256.hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test func planInterleavesLayersAndStepsByByteStep() {
        var plan = PullProgressPlan(
            layerSizes: [300, 100], speed: .bytesPerSecond(2000), tick: .milliseconds(100), byteStep: 40)
        let first = plan.nextTick()
        // 200 bytes per tick shared by two layers: 100 each; layer 1 completes, layer 0 reports every 40 bytes.
        #expect(
            first == [
                .init(layer: 0, current: 40), .init(layer: 1, current: 40), .init(layer: 0, current: 80),
                .init(layer: 1, current: 80), .init(layer: 0, current: 100), .init(layer: 1, current: 100),
            ])
        var ticks = 1
        while !plan.isFinished {
            _ = plan.nextTick()
            ticks += 1
        }
        #expect(plan.done == [300, 100])
        // Once layer 1 is done, layer 0 gets the whole bandwidth.
        #expect(ticks == 2)
    }
}
