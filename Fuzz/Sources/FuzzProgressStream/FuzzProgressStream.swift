import ModelBind

/// libFuzzer entry: decode the input as a `/models/create` response body.
///
/// The first byte picks a chunk size and whether lines are HTML-escaped; the rest is the body.
/// Invariant: feeding it in chunks gives exactly the events (or the error) of feeding it whole,
/// and a line over the limit is always reported, never buffered.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzProgressStream(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    guard let control = bytes.first else { return 0 }
    let body = Array(bytes.dropFirst())
    let chunkSize = Int(control & 0x3F) + 1
    let htmlEscaped = control & 0x40 != 0
    let limit = control & 0x80 != 0 ? 64 : ProgressStreamDecoder.defaultMaximumLineLength

    let whole = decode([body[...]], limit: limit, htmlEscaped: htmlEscaped)
    var chunks: [ArraySlice<UInt8>] = []
    var start = 0
    while start < body.count {
        let end = min(body.count, start + chunkSize)
        chunks.append(body[start..<end])
        start = end
    }
    let chunked = decode(chunks, limit: limit, htmlEscaped: htmlEscaped)
    precondition(whole == chunked, "chunked decoding differs: \(whole) vs \(chunked)")
    return 0
}

/// The events of `chunks` fed in order then finished, or the error that stopped them.
private func decode(_ chunks: [ArraySlice<UInt8>], limit: Int, htmlEscaped: Bool) -> Outcome {
    var decoder = ProgressStreamDecoder(maximumLineLength: limit, htmlEscaped: htmlEscaped)
    var events: [ProgressStreamEvent] = []
    do {
        for chunk in chunks { events += try decoder.feed(chunk) }
    } catch {
        return .failed(events.count, error)
    }
    events += decoder.finish()
    if let failure = decoder.failure { return .failed(events.count, failure) }
    return .decoded(events)
}

/// What decoding a body gave.
private enum Outcome: Equatable {
    case decoded([ProgressStreamEvent])
    /// How many events came before the error, and the error.
    case failed(Int, ProgressStreamError)
}
