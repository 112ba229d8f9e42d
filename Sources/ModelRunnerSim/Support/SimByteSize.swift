/// Byte counts as people write them: `2016`, `512KiB`, `256MiB`, `1.5GiB`, `3GB`.
///
/// Binary suffixes (`KiB`, `MiB`, `GiB`, `TiB`) are powers of 1024; decimal ones (`KB`, `MB`, `GB`, `TB`) powers of
/// 1000; a bare number or `B` is bytes. Suffixes are case-insensitive.
public enum SimByteSize {
    /// Parses a size such as `256MiB`; returns `nil` for anything else (negative, empty, unknown unit).
    public static func parse(_ text: String) -> Int? {
        let trimmed = SimReference.trimSpace(text)
        let numberPart = trimmed.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
        let unit = SimReference.trimSpace(String(trimmed.dropFirst(numberPart.count))).lowercased()
        guard !numberPart.isEmpty, let number = Double(numberPart), number >= 0 else { return nil }
        let multipliers: [String: Double] = [
            "": 1, "b": 1,
            "k": 1024, "kib": 1024, "mib": 1_048_576, "gib": 1_073_741_824, "tib": 1_099_511_627_776,
            "kb": 1000, "mb": 1_000_000, "gb": 1_000_000_000, "tb": 1_000_000_000_000,
            "m": 1_048_576, "g": 1_073_741_824,
        ]
        guard let multiplier = multipliers[unit] else { return nil }
        let value = (number * multiplier).rounded()
        guard value < Double(Int.max) else { return nil }
        return Int(value)
    }

    /// Formats a byte count as DMR's packaged `config.size` does, e.g. `256.35 MiB` or `1.97 KiB`.
    public static func format(_ bytes: Int) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"]
        var value = Double(bytes)
        var index = 0
        while value >= 1024, index < units.count - 1 {
            value /= 1024
            index += 1
        }
        return GoFormat.twoDecimals(value) + " " + units[index]
    }
}
