import Foundation

/// The one place the simulator turns model references into store keys.
///
/// It mirrors DMR's normalisation (§4 of the reference): trim, `hf.co/` → `huggingface.co/`, default tag `latest`,
/// `ai/` for single-component names, lowercase name, default registry `docker.io`. When `ModelBind.ModelReference`
/// lands this adapter delegates to it (one line in each function).
enum ReferenceAdapter {
    /// The fully qualified store tag DMR ≥ 1.0.11 records, e.g. `docker.io/ai/smollm2:latest`; `nil` when the
    /// reference is empty or unparsable (DMR answers 400 `Invalid model reference`).
    static func storeTag(_ input: String) -> String? {
        guard let parts = parse(input) else { return nil }
        if let digest = parts.digest { return "\(parts.registry)/\(parts.repository)@\(digest)" }
        return "\(parts.registry)/\(parts.repository):\(parts.tag)"
    }

    /// The normalised reference without the default registry, e.g. `ai/smollm2:latest` (what progress errors quote).
    static func familiar(_ input: String) -> String? {
        guard let parts = parse(input) else { return nil }
        let name = parts.registry == "docker.io" ? parts.repository : "\(parts.registry)/\(parts.repository)"
        if let digest = parts.digest { return "\(name)@\(digest)" }
        return "\(name):\(parts.tag)"
    }

    /// Whether two references name the same model after normalisation.
    static func matches(_ lhs: String, _ rhs: String) -> Bool {
        guard let left = storeTag(lhs), let right = storeTag(rhs) else { return false }
        return left == right
    }

    private struct Parts {
        var registry: String
        var repository: String
        var tag: String
        var digest: String?
    }

    private static func parse(_ raw: String) -> Parts? {
        var text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { return nil }
        if text.hasPrefix("hf.co/") { text = "huggingface.co/" + text.dropFirst("hf.co/".count) }
        var digest: String?
        if let at = text.firstIndex(of: "@") {
            let value = String(text[text.index(after: at)...])
            guard value.hasPrefix("sha256:"), value.count == 71,
                value.dropFirst(7).allSatisfy({ $0.isHexDigit && !$0.isUppercase })
            else { return nil }
            digest = value
            text = String(text[..<at])
        }
        var tag = "latest"
        let lastSlash = text.lastIndex(of: "/")
        if let colon = text.lastIndex(of: ":"), lastSlash.map({ colon > $0 }) ?? true {
            let candidate = String(text[text.index(after: colon)...])
            text = String(text[..<colon])
            if !candidate.isEmpty { tag = candidate }
        }
        guard isValidTag(tag) else { return nil }
        var components = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard !components.isEmpty, components.allSatisfy({ !$0.isEmpty }) else { return nil }
        var registry = "docker.io"
        if components.count > 1,
            components[0].contains(".") || components[0].contains(":") || components[0] == "localhost"
        {
            registry = components.removeFirst().lowercased()
            if ["index.docker.io", "registry-1.docker.io"].contains(registry) { registry = "docker.io" }
        }
        components = components.map { $0.lowercased() }
        if components.count == 1, registry == "docker.io" { components.insert("ai", at: 0) }
        if components.count == 2, components[0] == "library", registry == "docker.io" { components[0] = "ai" }
        guard components.allSatisfy(isValidNameComponent) else { return nil }
        if registry == "huggingface.co" { tag = tag.lowercased() }
        return Parts(registry: registry, repository: components.joined(separator: "/"), tag: tag, digest: digest)
    }

    private static func isValidTag(_ tag: String) -> Bool {
        guard let first = tag.unicodeScalars.first, tag.unicodeScalars.count <= 128 else { return false }
        let word: (Unicode.Scalar) -> Bool = {
            $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_")
        }
        return word(first) && tag.unicodeScalars.allSatisfy { word($0) || $0 == "." || $0 == "-" }
    }

    private static func isValidNameComponent(_ component: String) -> Bool {
        let scalars = Array(component.unicodeScalars)
        let alnum: (Unicode.Scalar) -> Bool = { ("a"..."z").contains($0) || ("0"..."9").contains($0) }
        guard let first = scalars.first, let last = scalars.last, alnum(first), alnum(last) else { return false }
        var previousSeparator = false
        for scalar in scalars {
            if alnum(scalar) {
                previousSeparator = false
            } else if scalar == "." || scalar == "_" || scalar == "-" {
                // distribution/reference allows `__` and runs of `-`; a lone `.` or `_` between alnums.
                if previousSeparator && scalar == "." { return false }
                previousSeparator = true
            } else {
                return false
            }
        }
        return true
    }
}
