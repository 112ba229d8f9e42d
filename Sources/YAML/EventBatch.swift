/// A run of libyaml events copied out of libyaml's own structures, so that the thread that builds
/// the document can read them while libyaml parses on (see ``EventPipe``). Scalar values, tags
/// and anchors are bytes of one buffer, `text`.
final class EventBatch {
    /// One event, 20 bytes: the batches stream from one core to another, so their size is what
    /// the hand-over costs. Positions are libyaml's, 0-based; the reader refuses inputs of 2 GiB
    /// or more, so they and every length fit 32 bits.
    ///
    /// A scalar's value is read from the input itself when it is the very bytes there (a plain
    /// scalar, or a quoted one without escapes: most of them); otherwise it is copied into
    /// `text`. Then come the tag and the anchor name, when the event has them, each as a 32-bit
    /// length and its bytes. The reader of a batch walks `text` in event order.
    struct Event {
        enum Kind: UInt8 {
            case scalar, alias, sequenceStart, mappingStart, sequenceEnd, mappingEnd, documentStart, other
        }

        /// `flags` bits.
        static let hasTag: UInt8 = 1
        /// The anchor defined by the event, or for an alias the one it names.
        static let hasAnchor: UInt8 = 2
        /// The value is `valueCount` bytes of the input from `inputStart`, not in `text`.
        static let valueInInput: UInt8 = 4

        var kind: Kind
        /// libyaml's `yaml_scalar_style_t` (scalars).
        var style: UInt8
        var flags: UInt8
        var line: UInt32
        var column: UInt32
        var valueCount: UInt32
        var inputStart: UInt32
    }

    /// How the batch ends the stream, if it does.
    enum Ending {
        /// The stream ended normally after the batch's events.
        case streamEnd
        /// libyaml reported a problem after the batch's events.
        case failure(YAMLError)
    }

    var events: [Event] = []
    var text: [UInt8] = []
    /// nil while more batches follow.
    var ending: Ending?
    /// A batch is handed over once it holds this many events, or `textLimit` bytes of text.
    let eventLimit: Int
    let textLimit: Int

    init(eventLimit: Int, textLimit: Int) {
        self.eventLimit = max(eventLimit, 1)
        self.textLimit = max(textLimit, 1)
        events.reserveCapacity(self.eventLimit)
        text.reserveCapacity(self.textLimit)
    }

    func reset() {
        events.removeAll(keepingCapacity: true)
        if text.capacity > 4 * textLimit {
            // A very long scalar grew the buffer; do not keep that memory for every later batch.
            text = []
            text.reserveCapacity(textLimit)
        } else {
            text.removeAll(keepingCapacity: true)
        }
        ending = nil
    }
}
