import YAML

/// libFuzzer entry: parse the input as YAML with tight limits, then read every node back.
///
/// Invariants checked beyond "no crash": every node reachable from a root has a valid kind and a
/// 1-based mark, and reading a scalar's text and resolved value never traps.
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
            _ = document.text(of: node)
            _ = document.value(of: node)
            _ = document.style(of: node)
        case .sequence:
            stack.append(contentsOf: document.items(of: node))
        case .mapping:
            for entry in document.entries(of: node) {
                stack.append(entry.key)
                stack.append(entry.value)
            }
        }
    }
    return 0
}
