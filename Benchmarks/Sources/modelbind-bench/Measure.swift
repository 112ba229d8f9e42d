import Foundation

/// Timing helpers: wall time of a closure, medians, and alternating pairs so that a shared,
/// noisy machine slows both sides of a ratio alike.
enum Measure {
    /// Seconds `body` takes.
    static func seconds(_ body: () throws -> Void) rethrows -> Double {
        let start = ContinuousClock.now
        try body()
        return (ContinuousClock.now - start).seconds
    }

    /// Seconds `body` takes (async).
    static func asyncSeconds(_ body: () async throws -> Void) async rethrows -> Double {
        let start = ContinuousClock.now
        try await body()
        return (ContinuousClock.now - start).seconds
    }

    /// The median of `values` (the mean of the middle two for an even count).
    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return .nan }
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// CPU seconds (user and system, summed over every thread of the process) `body` takes.
    static func cpuSeconds(_ body: () throws -> Void) rethrows -> Double {
        let start = processCPUSeconds()
        try body()
        return processCPUSeconds() - start
    }

    private static func processCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let user = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
        return user + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
    }

    /// What ``pair(runs:clock:baseline:subject:)`` measures.
    enum Clock {
        /// ``seconds(_:)``.
        case wall
        /// ``cpuSeconds(_:)``.
        case cpu
    }

    /// Runs `baseline` and `subject` alternately `runs` times after one warm-up each; medians of both.
    static func pair(
        runs: Int,
        clock: Clock = .wall,
        baseline: () -> Void,
        subject: () -> Void
    ) -> (baseline: Double, subject: Double) {
        baseline()
        subject()
        var base: [Double] = []
        var ours: [Double] = []
        for _ in 0..<runs {
            switch clock {
            case .wall:
                base.append(seconds(baseline))
                ours.append(seconds(subject))
            case .cpu:
                base.append(cpuSeconds(baseline))
                ours.append(cpuSeconds(subject))
            }
        }
        return (median(base), median(ours))
    }

    /// The median of `runs` timings of `body` after one warm-up.
    static func median(runs: Int, _ body: () throws -> Void) rethrows -> Double {
        try body()
        var times: [Double] = []
        for _ in 0..<runs { times.append(try seconds(body)) }
        return median(times)
    }
}

extension Duration {
    /// The duration in seconds, as a `Double`.
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) * 1e-18
    }
}
