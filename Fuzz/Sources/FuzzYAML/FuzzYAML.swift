import YAML

/// libFuzzer entry: parse the input as YAML with tight limits, then read every node back.
///
/// Invariants checked beyond "no crash": every node reachable from a root has a valid kind and a
/// 1-based mark, reading a scalar's text and resolved value never traps, each collection's recorded
/// height follows from its children's, a copy made with `YAMLDocumentBuilder` holds the same
/// values, and what `YAMLWriter` writes of the first document reads back to the same values.
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
            precondition(document.height(of: node) == 0)
        case .sequence, .mapping:
            stack.append(contentsOf: document.childNodes(of: node))
            checkHeight(document, node)
        }
    }
    guard let root = document.root else { return 0 }
    var builder = YAMLDocumentBuilder()
    builder.copy(root, of: document)
    let copy = builder.document()
    precondition(canonical(copy, copy.roots[0]) == canonical(document, root), "the builder's copy differs")
    if let written = try? YAMLWriter.write(document, root: root, text: { document.text(of: $0) }) {
        let limits = YAMLLimits(
            maxInputBytes: 64 << 20, maxDepth: 64, maxAliasExpansion: 1 << 30, maxScalarBytes: 1 << 24)
        guard let reread = try? YAMLReader.read(written, path: "written.yaml", limits: limits), let again = reread.root
        else { preconditionFailure("the writer's output does not read back:\n\(written)") }
        precondition(canonical(reread, again) == canonical(document, root), "the written document differs:\n\(written)")
    }
    return 0
}

/// A collection's recorded height must follow from its direct children's (checked in turn).
private func checkHeight(_ document: YAMLDocument, _ node: YAMLNodeID) {
    let children = document.childNodes(of: node)
    let height = children.reduce(0) { max($0, document.height(of: $1)) }
    let expected = children.isEmpty ? 0 : min(height + 1, YAMLDocument.maxRecordedHeight)
    precondition(document.height(of: node) == expected, "height \(document.height(of: node)) != \(expected)")
}

/// The values of a subtree, as text: mappings' pairs in order, scalars by resolved value.
private func canonical(_ document: YAMLDocument, _ node: YAMLNodeID) -> String {
    var out = ""
    var stack: [(node: YAMLNodeID?, closing: String)] = [(node, "")]
    var budget = 200_000
    while let (next, closing) = stack.popLast(), budget > 0 {
        budget -= 1
        guard let next else {
            out += closing
            continue
        }
        switch document.kind(of: next) {
        case .scalar:
            out += "\(document.value(of: next));"
        case .sequence:
            out += "["
            stack.append((nil, "]"))
            for item in document.items(of: next).reversed() { stack.append((item, "")) }
        case .mapping:
            out += "{"
            stack.append((nil, "}"))
            for pair in document.entries(of: next).reversed() {
                stack.append((pair.value, ""))
                stack.append((pair.key, ""))
            }
        }
    }
    return out
}
