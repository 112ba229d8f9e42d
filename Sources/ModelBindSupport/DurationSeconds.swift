extension Duration {
    /// The duration in seconds, as a `Double` (for rates, ETAs and backoff arithmetic).
    package var inSeconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
