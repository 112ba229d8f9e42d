/// The faults in force for one pull: the catalogue entry's plus at most one queued one-shot fault.
struct PullFaults: Sendable {
    var refuse = false
    var delayBeforeHeaders: Duration?
    var status: SimPreStreamError?
    var stallAfter: Int?
    var cutAfter: Int?
    var errorLine: (after: Int, message: String)?
    var garbageEvery: Int?
    var forceTextPlain = false
    var huggingFaceEnding: (after: Int, trailer: String)?
    var hugeLine: Int?
    var neverEnding = false
    var byteByByte: Duration?
    var htmlBody = false
    var pauseAfter: Int?

    init(_ faults: [SimPullFault]) {
        for fault in faults {
            switch fault {
            case .refuseConnection: refuse = true
            case .delayBeforeHeaders(let delay): delayBeforeHeaders = delay
            case .status(let error): status = error
            case .stall(let after): stallAfter = after
            case .cut(let after): cutAfter = after
            case .errorLine(let after, let message): errorLine = (after, message)
            case .garbageLines(let every): garbageEvery = max(1, every)
            case .forceTextPlain: forceTextPlain = true
            case .huggingFaceEnding(let after, let trailer): huggingFaceEnding = (after, trailer)
            case .hugeLine(let bytes): hugeLine = bytes
            case .neverEnding: neverEnding = true
            case .byteByByte(let pause): byteByByte = pause
            case .htmlBody: htmlBody = true
            case .pauseUntilResumed(let after): pauseAfter = after
            }
        }
    }
}
