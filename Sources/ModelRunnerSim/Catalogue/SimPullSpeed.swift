/// How fast a simulated pull moves bytes.
public enum SimPullSpeed: Sendable, Equatable {
    /// Every layer completes in the first progress tick (one progress line per layer).
    case instant
    /// The whole model moves at this many bytes per second, shared by the layers downloading in parallel.
    case bytesPerSecond(Int)
    /// The whole pull takes about this long, whatever the size.
    case duration(Duration)
}
