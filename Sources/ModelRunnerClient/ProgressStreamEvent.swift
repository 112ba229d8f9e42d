/// One decoded line of a `POST /models/create` stream.
public enum ProgressStreamEvent: Sendable, Hashable {
    /// `{"type":"progress",…}`: bytes moved for one layer (or a free-text status on Hugging Face pulls).
    case progress(ProgressUpdate)
    /// `{"type":"success",…}`: the pull finished; the message is the runner's own words.
    case success(String)
    /// `{"type":"warning",…}`.
    case warning(String)
    /// `{"type":"error",…}`: the pull failed after the stream started.
    case error(String)
    /// A JSON object of a type this client does not know.
    case other(type: String, message: String)
    /// A line that is not a JSON object, such as the plain-text error DMR appends after an error line.
    case text(String)
}

/// The fields of a progress line; every one optional because DMR's format changed over time.
public struct ProgressUpdate: Sendable, Hashable {
    /// Free text: `Downloaded: 1.00 MB`, `Fetching file list...`.
    public var message: String
    /// Sum of all layer sizes, when given.
    public var total: UInt64?
    /// The layer's DiffID (`sha256:…`); empty or absent for status-only lines.
    public var layerID: String?
    /// The layer's size.
    public var layerSize: UInt64?
    /// Bytes of the layer received so far.
    public var layerCurrent: UInt64?
    /// The pre-2026 overall `pulled` counter.
    public var pulled: UInt64?

    public init(
        message: String = "",
        total: UInt64? = nil,
        layerID: String? = nil,
        layerSize: UInt64? = nil,
        layerCurrent: UInt64? = nil,
        pulled: UInt64? = nil
    ) {
        self.message = message
        self.total = total
        self.layerID = layerID
        self.layerSize = layerSize
        self.layerCurrent = layerCurrent
        self.pulled = pulled
    }
}
