/// A misbehaviour of `POST /models/create`, for testing how a client copes.
///
/// Line counts (`afterLines`) count progress lines already written to the stream.
public enum SimPullFault: Sendable, Equatable {
    /// Closes the connection as soon as the request arrives, writing nothing.
    case refuseConnection
    /// Waits this long before sending anything (after taking a pull slot).
    case delayBeforeHeaders(Duration)
    /// Answers with this error before the stream starts.
    case status(SimPreStreamError)
    /// Stops sending after `afterLines` progress lines and keeps the connection open until the client leaves.
    case stall(afterLines: Int)
    /// Closes the connection after `afterLines` progress lines, with no success line and no chunked terminator.
    case cut(afterLines: Int)
    /// After `afterLines` progress lines writes `{"type":"error","message":"Error: <message>",...}` and then the plain
    /// line `error while pulling model: writing image to store: <message>`, under HTTP 200 as DMR does.
    case errorLine(afterLines: Int, message: String)
    /// Writes a non-JSON line after every `every` progress lines.
    case garbageLines(every: Int)
    /// Answers `text/plain` with HTML-escaped lines whatever the Accept header says.
    case forceTextPlain
    /// Hugging Face failure shape: a `Fetching file list...` progress line, `afterLines` progress lines, then the
    /// plain line `trailer` (e.g. `Unauthorized`), with no error and no success line.
    case huggingFaceEnding(afterLines: Int, trailer: String)
    /// Writes one progress line padded to about `bytes` bytes (a very long message) before the normal stream.
    case hugeLine(bytes: Int)
    /// Never finishes: keeps writing progress lines until the client disconnects.
    case neverEnding
    /// Writes every byte as its own chunk, pausing `pause` between bytes.
    case byteByByte(pause: Duration)
    /// Answers 200 `text/html` with an HTML page, as a captive portal or wrong server would.
    case htmlBody
    /// Pauses after `afterLines` progress lines until ``ModelRunnerSim/resumePausedPulls()`` is called.
    case pauseUntilResumed(afterLines: Int)
}
