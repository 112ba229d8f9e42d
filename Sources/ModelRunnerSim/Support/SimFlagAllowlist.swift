/// DMR's runtime-flag validation for `_configure` (`ValidateRuntimeFlags`), with its exact error texts.
///
/// Three passes over the whole list, the first failure wins: every element starting with `-` must have its key
/// (the text before the first `=`) on the backend's allowlist; in every element with `=`, the value after the first
/// `=` must not start with `-` unless a digit follows; no element may contain `/` or `\`. The allowlists are
/// generated into `SimFlagAllowlist+Data.swift` by `scripts/generate-runtime-flag-allowlist.py`.
enum SimFlagAllowlist {
    /// DMR's `ParseFlagKey`: for an element starting with `-`, the text before the first `=` (or all of it); `""`
    /// for a value.
    static func flagKey(_ element: String) -> String {
        guard element.utf8.first == UInt8(ascii: "-") else { return "" }
        guard let equals = element.utf8.firstIndex(of: UInt8(ascii: "=")) else { return element }
        return String(element[..<equals])
    }

    /// `nil` when DMR accepts `flags` for `backend`, else its error text (answered with HTTP 500).
    static func problem(flags: [String], backend: String) -> String? {
        let allowed = allowedKeys[backend] ?? []
        for element in flags {
            let key = flagKey(element)
            if !key.isEmpty, !allowed.contains(key) {
                return "runtime flag \(GoQuote.quote(key)) is not allowed for backend \(GoQuote.quote(backend))"
            }
        }
        if let injection = injectionProblem(flags: flags) { return injection }
        return pathProblem(flags: flags)
    }

    /// The second pass alone: a value after `=` that starts with `-` not followed by an ASCII digit.
    static func injectionProblem(flags: [String]) -> String? {
        for element in flags {
            let bytes = Array(element.utf8)
            guard let equals = bytes.firstIndex(of: UInt8(ascii: "=")) else { continue }
            let value = bytes[(equals + 1)...]
            guard value.first == UInt8(ascii: "-") else { continue }
            let second = value.dropFirst().first
            if !(second.map { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") } ?? false) {
                return "invalid flag \(GoQuote.quote(element)): value cannot start with '-' unless followed by a digit"
            }
        }
        return nil
    }

    /// The third pass alone (DMR's `validatePathSafety`).
    static func pathProblem(flags: [String]) -> String? {
        for element in flags where element.utf8.contains(where: { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "\\") })
        {
            return "invalid runtime flag \(GoQuote.quote(element)): paths are not allowed (contains '/' or '\\\\')"
        }
        return nil
    }
}

/// Go's `strconv.Quote` (`%q`): double quotes, `\"` and `\\`, the C escapes, `\xHH` for other ASCII controls and
/// `\u00HH` for the C1 controls; other characters as they are.
enum GoQuote {
    static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\u{07}": out += "\\a"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{0B}": out += "\\v"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += "\\x" + hex(scalar.value, digits: 2)
                } else if (0x80...0x9F).contains(scalar.value) {
                    out += "\\u" + hex(scalar.value, digits: 4)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    private static func hex(_ value: UInt32, digits: Int) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }
}
