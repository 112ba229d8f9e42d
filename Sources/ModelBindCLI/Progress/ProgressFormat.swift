import ModelBindSupport

/// Number and time formatting shared by the progress renderers.
enum ProgressFormat {
    /// Why a pull waits: DMR runs two pulls at once and holds the others.
    static let runnerPullSlots = "the runner pulls 2 models at a time"

    /// Binary units with two decimals, as DMR prints model sizes: `512 B`, `12.30 MiB`, `1.20 GiB`.
    static func bytes(_ count: UInt64) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var value = Double(count)
        var unit = 0
        while value >= 1024, unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        if unit == 0 { return "\(count) B" }
        return fixed(value, digits: 2) + " " + units[unit]
    }

    /// Percent done, `42%`, or nil while the total is unknown.
    static func percent(_ done: UInt64, of total: UInt64) -> String? {
        guard total > 0 else { return nil }
        return "\(Int((min(1, Double(done) / Double(total)) * 100).rounded(.down)))%"
    }

    /// `0.4s`, `12s`, `3m05s`, `1h02m`.
    static func duration(_ duration: Duration) -> String {
        let seconds = duration.inSeconds
        if seconds < 10 { return fixed(seconds, digits: 1) + "s" }
        let whole = Int(seconds.rounded())
        if whole < 60 { return "\(whole)s" }
        if whole < 3600 { return "\(whole / 60)m" + pad2(whole % 60) + "s" }
        return "\(whole / 3600)h" + pad2(whole % 3600 / 60) + "m"
    }

    /// Seconds as a `Duration`-like text for ETAs.
    static func seconds(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0 else { return "?" }
        return duration(.milliseconds(Int64(min(seconds, 1e9) * 1000)))
    }

    static func fixed(_ value: Double, digits: Int) -> String {
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = Int64((value * scale).rounded())
        let whole = scaled / Int64(scale)
        var fraction = String(scaled % Int64(scale))
        while fraction.count < digits { fraction = "0" + fraction }
        return digits == 0 ? "\(whole)" : "\(whole).\(fraction)"
    }

    private static func pad2(_ value: Int) -> String {
        value < 10 ? "0\(value)" : "\(value)"
    }

    /// The text cut to `width` characters, ending in `…` when cut.
    static func cut(_ text: String, to width: Int) -> String {
        guard width > 0 else { return "" }
        guard text.count > width else { return text }
        return String(text.prefix(max(0, width - 1))) + "…"
    }

    /// The text padded with spaces to `width` characters.
    static func pad(_ text: String, to width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }
}
