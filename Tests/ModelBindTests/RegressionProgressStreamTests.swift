import Testing

@testable import ModelBind
@testable import ModelRunnerClient

/// Regressions found by fuzzing (Fuzz/Sources/FuzzProgressStream; see docs/reliability.md).
@Suite("Regression: progress stream")
struct RegressionProgressStreamTests {
    /// `feed` threw on an over-long line and dropped the lines completed earlier in the same chunk, so
    /// an `error` or `success` line followed by garbage in one TCP read was lost, and the outcome
    /// depended on how the body was cut into chunks (found by the fuzz target's chunking invariant).
    @Test func linesBeforeAnOverlongLineInTheSameChunkAreKept() throws {
        var decoder = ProgressStreamDecoder(maximumLineLength: 16)
        let body = Array("{\"type\":\"error\"}\nok\n".utf8) + Array(repeating: UInt8(ascii: "x"), count: 40)
        #expect(try decoder.feed(body) == [.error(""), .text("ok")])
        #expect(decoder.failure == .lineTooLong(limit: 16, line: 3))
        #expect(throws: ProgressStreamError.lineTooLong(limit: 16, line: 3)) { try decoder.feed(Array("\n".utf8)) }
        #expect(decoder.finish().isEmpty)
    }

    @Test(arguments: [1, 2, 3, 5, 7, 64])
    func chunkingNeverChangesTheOutcome(_ chunkSize: Int) throws {
        let body = Array("{\"type\":\"success\",\"message\":\"ok\"}\nshort\n".utf8) + Array(repeating: 0x78, count: 70)
        var whole = ProgressStreamDecoder(maximumLineLength: 64)
        let wholeEvents = try whole.feed(body) + whole.finish()
        var chunked = ProgressStreamDecoder(maximumLineLength: 64)
        var chunkedEvents: [ProgressStreamEvent] = []
        var thrown: ProgressStreamError?
        var start = 0
        while start < body.count {
            do {
                chunkedEvents += try chunked.feed(body[start..<min(body.count, start + chunkSize)])
            } catch {
                thrown = error
                break
            }
            start += chunkSize
        }
        #expect(wholeEvents == [.success("ok"), .text("short")])
        #expect(chunkedEvents == wholeEvents)
        #expect(whole.failure == .lineTooLong(limit: 64, line: 3))
        #expect((thrown ?? chunked.failure) == whole.failure)
    }
}
