/// Decides which progress lines a simulated pull writes, tick by tick, following DMR's reporter: layers download in
/// parallel (their lines interleave), and a layer reports at most once per tick, plus once more for every `byteStep` bytes moved since its last line, and
/// always when it completes.
struct PullProgressPlan: Sendable {
    /// One progress line: layer index and bytes done.
    struct Update: Sendable, Equatable {
        var layer: Int
        var current: Int
    }

    let layerSizes: [Int]
    let bytesPerTick: Int?
    let byteStep: Int
    private(set) var done: [Int]
    private var reported: [Bool]

    /// - Parameters:
    ///   - layerSizes: the sizes of the layers.
    ///   - speed: the model's speed.
    ///   - tick: the simulated duration of one tick (the real wait may be shorter, e.g. zero in tests).
    ///   - byteStep: bytes that force an extra line within a tick.
    ///   - onDisk: bytes of each layer already in the store from an earlier, interrupted pull (DMR resumes from
    ///     its `.incomplete` file); a layer whose blob is complete writes no line at all, as DMR skips a blob it
    ///     already has.
    init(layerSizes: [Int], speed: SimPullSpeed, tick: Duration, byteStep: Int, onDisk: [Int?] = []) {
        self.layerSizes = layerSizes
        self.byteStep = max(1, byteStep)
        let start = layerSizes.indices.map { index in
            index < onDisk.count ? onDisk[index].map { min(max(0, $0), layerSizes[index]) } : nil
        }
        self.done = layerSizes.indices.map { start[$0] ?? 0 }
        self.reported = layerSizes.indices.map { start[$0] == layerSizes[$0] }
        let tickSeconds = max(Double(tick.components.seconds) + Double(tick.components.attoseconds) / 1e18, 0.001)
        let total = layerSizes.reduce(0, +)
        switch speed {
        case .instant:
            bytesPerTick = nil
        case .bytesPerSecond(let rate):
            bytesPerTick = max(1, Int((Double(max(rate, 1)) * tickSeconds).rounded(.up)))
        case .duration(let duration):
            let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
            let ticks = max(1, seconds / tickSeconds)
            bytesPerTick = max(1, Int((Double(total) / ticks).rounded(.up)))
        }
    }

    /// Whether every layer is complete and reported.
    var isFinished: Bool { reported.allSatisfy { $0 } }

    /// The lines of the next tick, interleaved across layers; empty once finished.
    mutating func nextTick() -> [Update] {
        let active = layerSizes.indices.filter { !reported[$0] }
        guard !active.isEmpty else { return [] }
        let share = bytesPerTick.map { max(1, $0 / active.count) }
        var perLayer: [[Update]] = []
        for index in active {
            let old = done[index]
            let new = share.map { min(layerSizes[index], old + $0) } ?? layerSizes[index]
            var lines: [Update] = []
            // DMR's reporter also writes a line whenever a layer has moved `byteStep` bytes since its last line.
            var next = old + byteStep
            while next < new {
                lines.append(Update(layer: index, current: next))
                next += byteStep
            }
            lines.append(Update(layer: index, current: new))
            done[index] = new
            if new == layerSizes[index] { reported[index] = true }
            perLayer.append(lines)
        }
        var merged: [Update] = []
        var position = 0
        while merged.count < perLayer.reduce(0, { $0 + $1.count }) {
            for lines in perLayer where position < lines.count { merged.append(lines[position]) }
            position += 1
        }
        return merged
    }
}
