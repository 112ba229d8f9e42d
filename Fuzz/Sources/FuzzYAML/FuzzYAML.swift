import YAML

/// libFuzzer entry: parse the input as YAML with tight limits, then read every node back.
///
/// Invariants checked beyond "no crash": every node reachable from a root has a valid kind and a
/// 1-based mark, reading a scalar's text and resolved value never traps, and each node's recorded
/// subtree summary (`$`, non-scalar keys, height) follows from its own text or its children's.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzYAML(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    let limits = YAMLLimits(maxInputBytes: 1 << 20, maxDepth: 64, maxAliasExpansion: 10_000, maxScalarBytes: 1 << 16)
    guard let document = try? YAMLReader.read(bytes, path: "fuzz.yaml", limits: limits) else { return 0 }
    var stack = document.roots
    var seen: Set<YAMLNodeID> = []
    while let node = stack.popLast() {
        guard seen.insert(node).inserted else { continue }
        let mark = document.mark(of: node)
        precondition(mark.line >= 1 && mark.column >= 1, "mark \(mark) is not 1-based")
        _ = document.tag(of: node)
        switch document.kind(of: node) {
        case .scalar:
            let text = document.text(of: node)
            _ = document.value(of: node)
            _ = document.style(of: node)
            precondition(document.subtreeContainsDollar(node) == text.utf8.contains(UInt8(ascii: "$")))
            precondition(!document.subtreeContainsNonScalarKey(node) && document.height(of: node) == 0)
        case .sequence:
            stack.append(contentsOf: document.items(of: node))
            checkSummary(document, node)
        case .mapping:
            for entry in document.entries(of: node) {
                stack.append(entry.key)
                stack.append(entry.value)
            }
            checkSummary(document, node)
        }
    }
    return 0
}

/// A collection's recorded summary must follow from its direct children's (checked in turn).
private func checkSummary(_ document: YAMLDocument, _ node: YAMLNodeID) {
    let children = document.childNodes(of: node)
    let isMapping = document.kind(of: node) == .mapping
    var dollar = false
    var nonScalarKey = false
    var height = 0
    for (offset, child) in children.enumerated() {
        dollar = dollar || document.subtreeContainsDollar(child)
        nonScalarKey = nonScalarKey || document.subtreeContainsNonScalarKey(child)
        if isMapping, offset % 2 == 0, document.kind(of: child) != .scalar { nonScalarKey = true }
        height = max(height, document.height(of: child))
    }
    let expectedHeight = children.isEmpty ? 0 : min(height + 1, YAMLDocument.maxRecordedHeight)
    precondition(document.subtreeContainsDollar(node) == dollar, "dollar summary differs")
    precondition(document.subtreeContainsNonScalarKey(node) == nonScalarKey, "key summary differs")
    precondition(
        document.height(of: node) == expectedHeight, "height \(document.height(of: node)) != \(expectedHeight)")
}
