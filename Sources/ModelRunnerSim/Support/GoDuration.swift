/// Go's `time.ParseDuration` and `Duration.String()`, for DMR's `keep_alive`.
enum GoDuration {
    /// Nanoseconds for a Go duration string (`"5m"`, `"1h30m"`, `"1.5s"`, `"-1m"`, `"0"`), or `nil` when invalid.
    static func parse(_ text: String) -> Int64? {
        var rest = Substring(text)
        var negative = false
        if let sign = rest.first, sign == "-" || sign == "+" {
            negative = sign == "-"
            rest = rest.dropFirst()
        }
        if rest == "0" { return 0 }
        guard !rest.isEmpty else { return nil }
        let units: [(String, Double)] = [
            ("ns", 1), ("us", 1e3), ("µs", 1e3), ("μs", 1e3), ("ms", 1e6), ("s", 1e9), ("m", 60e9), ("h", 3600e9),
        ]
        var total = 0.0
        while !rest.isEmpty {
            let number = rest.prefix { $0.isNumber || $0 == "." }
            guard !number.isEmpty, number != ".", let value = Double(number) else { return nil }
            rest = rest.dropFirst(number.count)
            let unitText = rest.prefix { !($0.isNumber || $0 == ".") }
            guard let unit = units.first(where: { $0.0 == unitText }) else { return nil }
            rest = rest.dropFirst(unitText.count)
            total += value * unit.1
        }
        guard total < 9.2e18 else { return nil }
        return Int64(negative ? -total : total)
    }

    /// Go's `time.Duration.String()`: `10m0s`, `1h0m0s`, `1.5s`, `500ms`, `0s`.
    static func format(_ nanoseconds: Int64) -> String {
        if nanoseconds == 0 { return "0s" }
        let negative = nanoseconds < 0
        let value = nanoseconds.magnitude
        var out: String
        if value < 1_000_000_000 {
            let (unit, scale): (String, UInt64) =
                value < 1_000 ? ("ns", 1) : value < 1_000_000 ? ("µs", 1_000) : ("ms", 1_000_000)
            out = fraction(value, scale: scale) + unit
        } else {
            let hours = value / 3_600_000_000_000
            let minutes = (value / 60_000_000_000) % 60
            let seconds = fraction(value % 60_000_000_000, scale: 1_000_000_000) + "s"
            if hours > 0 {
                out = "\(hours)h\(minutes)m" + seconds
            } else if minutes > 0 {
                out = "\(minutes)m" + seconds
            } else {
                out = seconds
            }
        }
        if negative { out = "-" + out }
        return out
    }

    private static func fraction(_ value: UInt64, scale: UInt64) -> String {
        let whole = value / scale
        var remainder = value % scale
        guard remainder > 0 else { return String(whole) }
        var digits = ""
        var divisor = scale / 10
        while remainder > 0, divisor > 0 {
            digits.append(String(remainder / divisor))
            remainder %= divisor
            divisor /= 10
        }
        return "\(whole).\(digits)"
    }
}
