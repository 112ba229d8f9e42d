import ModelBindSupport

/// Exponential backoff with jitter: how often and how long to wait before trying a request again.
///
/// Delay before retry `n` (1-based) is `initialDelay × multiplier^(n-1)`, capped at `maximumDelay`,
/// then scaled by a factor in `1 ± jitter` drawn from the `random` value given (0..<1). Pure, so tests
/// compute delays without waiting for them.
public struct RetryPolicy: Sendable, Hashable {
    /// Attempts in all, the first included; 1 means never retry.
    public var maximumAttempts: Int
    public var initialDelay: Duration
    public var multiplier: Double
    public var maximumDelay: Duration
    /// Fraction of the delay to randomise, 0...1.
    public var jitter: Double

    public init(
        maximumAttempts: Int = 4,
        initialDelay: Duration = .milliseconds(500),
        multiplier: Double = 2,
        maximumDelay: Duration = .seconds(8),
        jitter: Double = 0.2
    ) {
        self.maximumAttempts = max(1, maximumAttempts)
        self.initialDelay = initialDelay
        self.multiplier = max(1, multiplier)
        self.maximumDelay = maximumDelay
        self.jitter = min(1, max(0, jitter))
    }

    /// Never retry.
    public static let none = RetryPolicy(maximumAttempts: 1)

    /// Whether another attempt is allowed after `attempt` (1-based) failed.
    public func allowsRetry(after attempt: Int) -> Bool {
        attempt < maximumAttempts
    }

    /// The wait before retry number `retry` (1 = the second attempt), with `random` in 0..<1.
    public func delay(beforeRetry retry: Int, random: Double) -> Duration {
        let exponent = Double(max(0, retry - 1))
        var seconds = initialDelay.inSeconds * pow(multiplier, exponent)
        seconds = min(seconds, maximumDelay.inSeconds)
        let factor = 1 + jitter * (2 * min(max(random, 0), 1) - 1)
        return .milliseconds(Int64((seconds * factor * 1000).rounded()))
    }

    private func pow(_ base: Double, _ exponent: Double) -> Double {
        var result = 1.0
        var remaining = Int(exponent)
        while remaining > 0 && result < 1e9 {
            result *= base
            remaining -= 1
        }
        return result
    }
}
