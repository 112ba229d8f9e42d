import ModelBind

/// A long `POST /models/create` body fed through ``ProgressStreamDecoder`` in 64 KiB chunks, as
/// the client receives it; the lines are generated on the fly so the input itself takes no memory.
enum ProgressStreamLoad {
    /// Decodes `lines` progress lines (and a final `success` line); returns the number of events.
    static func consume(lines: Int) throws -> Int {
        var decoder = ProgressStreamDecoder()
        var chunk: [UInt8] = []
        chunk.reserveCapacity(70_000)
        var events = 0
        let total = 4_000_000_000
        for line in 0..<lines {
            let current = min(total, (line + 1) * 4096)
            let layer = line % 3
            chunk.append(
                contentsOf:
                    "{\"type\":\"progress\",\"message\":\"Downloaded: \(current / 1_000_000) MB\",\"total\":\(total),\"layer\":{\"id\":\"sha256:c7790a0a\(layer)\",\"size\":\(total / 3),\"current\":\(current / 3)},\"mode\":\"pull\"}\n"
                    .utf8)
            if chunk.count >= 65_536 {
                events += try decoder.feed(chunk).count
                chunk.removeAll(keepingCapacity: true)
            }
        }
        chunk.append(contentsOf: "{\"type\":\"success\",\"message\":\"Model pulled successfully\"}\n".utf8)
        events += try decoder.feed(chunk).count
        events += decoder.finish().count
        return events
    }
}
