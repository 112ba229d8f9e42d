import Testing

@_spi(Testing) @testable import YAML

/// The reader tells a `YAMLPairObserver` about each pair of the observed top-level mappings, in
/// document order, as soon as the pair's value is complete, whichever way libyaml runs.
struct PairObserverTests {
    final class Recorder: YAMLPairObserver {
        let observedTopLevelKeys = YAMLKeyList(["services"])
        var pairs: [String] = []
        var nodeCounts: [Int] = []

        func pairCompleted(in document: YAMLDocument, key: YAMLNodeID, value: YAMLNodeID) {
            let text = document.kind(of: value) == .scalar ? document.text(of: value) : "\(document.kind(of: value))"
            pairs.append("\(document.text(of: key))=\(text)")
            nodeCounts.append(document.nodes.count)
        }
    }

    static let text = """
        x-a: &a {image: shared}
        other: {skip: me}
        services:
          one: {image: "1"}
          two: *a
          three: plain
          <<: {four: {}}
        services2: {no: thanks}
        ---
        services: [a, list]
        ---
        x: &b {k: v}
        services: *b
        """

    @Test(arguments: [YAMLReadingMode.sameThread, .pipelined(batchEvents: 1, batches: 2)])
    func pairsOfObservedMappingsOnly(_ mode: YAMLReadingMode) throws {
        let recorder = Recorder()
        let document = try YAMLReader.read(Array(Self.text.utf8), path: "t.yaml", mode: mode, observer: recorder)
        #expect(recorder.pairs == ["one=mapping", "two=mapping", "three=plain", "<<=mapping"])
        // Each call saw the document as read up to the pair, not the finished one.
        #expect(recorder.nodeCounts == recorder.nodeCounts.sorted())
        #expect(try #require(recorder.nodeCounts.last) < document.nodes.count)
    }

    @Test func noObserverNoCalls() throws {
        let document = try YAMLReader.read(Array(Self.text.utf8), path: "t.yaml", observer: nil)
        #expect(document.roots.count == 3)
    }
}
