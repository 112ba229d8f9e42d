@_spi(Testing) import YAML

/// libFuzzer entry: parse the input as YAML with tight limits, then read every node back.
///
/// Invariants checked beyond "no crash": every node reachable from a root has a valid kind and a
/// 1-based mark, reading a scalar's text and resolved value never traps, each node's recorded
/// subtree summary (`$`, non-scalar keys, height) follows from its own text or its children's,
/// and libyaml on a second thread with tiny batches gives the same document or the same error.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzYAML(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    let limits = YAMLLimits(maxInputBytes: 1 << 20, maxDepth: 64, maxAliasExpansion: 10_000, maxScalarBytes: 1 << 16)
    let read = Result { () throws(YAMLError) in
        try YAMLReader.read(bytes, path: "fuzz.yaml", limits: limits, mode: .sameThread)
    }
    let pipelined = Result { () throws(YAMLError) in
        try YAMLReader.read(bytes, path: "fuzz.yaml", limits: limits, mode: .pipelined(batchEvents: 3, batches: 2))
    }
    switch (read, pipelined) {
    case (.success(let a), .success(let b)):
        precondition(sameDocument(a, b), "the pipelined read built another document")
    case (.failure(let a), .failure(let b)):
        precondition(a == b, "the pipelined read failed otherwise: \(a) vs \(b)")
    default:
        preconditionFailure("one read failed and the other did not: \(read) vs \(pipelined)")
    }
    guard case .success(let document) = read else { return 0 }
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

/// Whether two documents hold the same nodes, walked in step through the public API.
private func sameDocument(_ a: YAMLDocument, _ b: YAMLDocument) -> Bool {
    guard a.roots.count == b.roots.count else { return false }
    var stack = Array(zip(a.roots, b.roots))
    var seen: Set<YAMLNodeID> = []
    while let (x, y) = stack.popLast() {
        guard x == y else { return false }
        guard seen.insert(x).inserted else { continue }
        guard a.kind(of: x) == b.kind(of: y), a.mark(of: x) == b.mark(of: y), a.tag(of: x) == b.tag(of: y),
            a.subtreeContainsDollar(x) == b.subtreeContainsDollar(y), a.height(of: x) == b.height(of: y)
        else { return false }
        if a.kind(of: x) == .scalar {
            guard a.text(of: x) == b.text(of: y), a.style(of: x) == b.style(of: y) else { return false }
            continue
        }
        let left = a.childNodes(of: x)
        let right = b.childNodes(of: y)
        guard left.count == right.count else { return false }
        stack.append(contentsOf: zip(left, right))
    }
    return true
}
