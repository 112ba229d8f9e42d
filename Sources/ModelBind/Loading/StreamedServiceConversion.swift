import YAML

/// Converts each service of a file's `services:` mapping as soon as the YAML reader has read it,
/// instead of after the whole file. On a large file libyaml parses on a thread of its own, and the
/// thread that builds the YAML store waits for it about half of the time; converting services in
/// those waits takes that work off the end of the load.
///
/// Each service is converted exactly as ``ComposeFileParser`` would convert it in place (same
/// level, depth, scope and lookup) with what it reports kept apart; the parser later takes the
/// node and replays the report in its own order, so findings and the first use of each unset
/// variable do not depend on which services were converted ahead. Values the parser never meets
/// under `services:` (a mapping merged in with `<<`, say) are simply not used.
final class StreamedServiceConversion: YAMLPairObserver {
    var observedTopLevelKeys: YAMLKeyList { Self.services }
    private static let services = YAMLKeyList(["services"])
    private static let mergeKey = YAMLKeyList(["<<"])
    private var parser: ComposeFileParser
    private let file: SourceFileNames.ID
    /// The services converted so far, by value node.
    private(set) var converted: [YAMLNodeID: ComposeFileParser.ConvertedService] = [:]

    /// For one file read with the ``DocumentScope/bindings`` scope (the only one whose services
    /// the parser looks up here).
    init(lookup: @escaping @Sendable (String) -> String?, file: String) {
        parser = ComposeFileParser(lookup: lookup, scope: .bindings)
        self.file = SourceFileNames.id(for: file)
    }

    func pairCompleted(in document: YAMLDocument, key: YAMLNodeID, value: YAMLNodeID) {
        guard document.kind(of: key) == .scalar, document.match(key, in: Self.mergeKey) == nil,
            converted[value] == nil
        else { return }
        converted[value] = parser.convertService(document, value, file: file)
    }
}
