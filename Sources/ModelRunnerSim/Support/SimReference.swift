/// Model references as Docker Model Runner's store handles them, written for the simulator alone.
///
/// Three steps, each a DMR function:
/// - ``normalizeModelName(_:storeIDs:)``: trim, `hf.co/` → `huggingface.co/`, IDs resolved against the store,
///   `ai/` before a single-component name, `:latest` when there is no tag, the name (not the tag) lower-cased;
/// - ``parse(_:defaultRegistry:)``: DMR's `ParseReference` over distribution/reference's grammar, giving the
///   canonical `registry/repository:tag` (or `@digest`) that tags are compared and stored as;
/// - ``find(_:in:defaultRegistry:)``: the store lookup (`Index.Find`): by ID, by a digest equal to the ID, or by a
///   tag with the same canonical form.
enum SimReference {
    /// A reference in canonical form.
    struct Canonical: Sendable, Equatable {
        var registry: String
        var repository: String
        /// The tag, or the digest when ``isDigest``.
        var identifier: String
        var isDigest: Bool

        /// `registry/repository:tag` or `registry/repository@digest`.
        var string: String { registry + "/" + repository + (isDigest ? "@" : ":") + identifier }
    }

    /// What a reference is, as the simulator's conformance test asks it.
    enum Kind: String, Sendable {
        case tag, digest, id, empty, invalid
    }

    /// One model of a store, for lookups.
    struct Entry: Sendable {
        var id: String
        var tags: [String]
    }

    static let defaultOrg = "ai"
    static let defaultTag = "latest"

    // MARK: Normalisation

    /// DMR's `normalizeModelName`. 12- or 64-hex IDs and `sha256:` digests are resolved to the full ID of a model
    /// in `storeIDs` when one matches, else returned as given.
    static func normalizeModelName(_ input: String, storeIDs: [String] = []) -> String {
        var model = trimSpace(input)
        guard !model.isEmpty else { return model }
        if model.hasPrefix("hf.co/") { model = "huggingface.co/" + model.dropFirst("hf.co/".count) }
        if looksLikeID(model) || looksLikeDigest(model) { return resolveID(model, in: storeIDs) ?? model }
        let bytes = Array(model.utf8)
        let lastSlash = bytes.lastIndex(of: UInt8(ascii: "/"))
        let lastColon = bytes.lastIndex(of: UInt8(ascii: ":"))
        var name = bytes
        var tag = defaultTag
        if let lastColon, lastColon > (lastSlash ?? -1) {
            name = Array(bytes[..<lastColon])
            let rest = bytes[(lastColon + 1)...]
            if !rest.isEmpty { tag = String(decoding: rest, as: UTF8.self) }
        }
        let firstSlash = name.firstIndex(of: UInt8(ascii: "/"))
        let hasRegistry = firstSlash.map { $0 > 0 && name[..<$0].contains(UInt8(ascii: ".")) } ?? false
        var nameText = String(decoding: name, as: UTF8.self)
        if !hasRegistry && firstSlash == nil { nameText = defaultOrg + "/" + nameText }
        return nameText.lowercased() + ":" + tag
    }

    /// DMR's `looksLikeID`: exactly 12 or 64 lower-case hex digits.
    static func looksLikeID(_ text: String) -> Bool {
        let count = text.utf8.count
        return (count == 12 || count == 64) && text.utf8.allSatisfy(isLowerHex)
    }

    /// DMR's `looksLikeDigest`: `sha256:` and exactly 64 lower-case hex digits.
    static func looksLikeDigest(_ text: String) -> Bool {
        guard text.hasPrefix("sha256:") else { return false }
        let hex = text.utf8.dropFirst(7)
        return hex.count == 64 && hex.allSatisfy(isLowerHex)
    }

    /// DMR's `IsHuggingFaceReference` (case-sensitive prefixes).
    static func isHuggingFace(_ text: String) -> Bool {
        text.hasPrefix("hf.co/") || text.hasPrefix("huggingface.co/")
    }

    /// DMR's `resolveID`: the full ID in `ids` a short ID, bare 64-hex or full ID names.
    static func resolveID(_ id: String, in ids: [String]) -> String? {
        for full in ids {
            if id.utf8.count == 12, full.hasPrefix("sha256:"), full.utf8.count >= 19,
                full.utf8.dropFirst(7).prefix(12).elementsEqual(id.utf8)
            {
                return full
            }
            if full == id || (full.hasPrefix("sha256:") && full.dropFirst(7) == id) { return full }
        }
        return nil
    }

    // MARK: Derived forms

    /// What `input` is: empty, an ID, a tag or digest reference, or invalid.
    static func kind(_ input: String, defaultRegistry: String = "docker.io") -> Kind {
        var trimmed = trimSpace(input)
        guard !trimmed.isEmpty else { return .empty }
        if trimmed.hasPrefix("hf.co/") { trimmed = "huggingface.co/" + trimmed.dropFirst("hf.co/".count) }
        if looksLikeID(trimmed) || looksLikeDigest(trimmed) { return .id }
        guard let canonical = parse(normalizeModelName(trimmed), defaultRegistry: defaultRegistry) else {
            return .invalid
        }
        return canonical.isDigest ? .digest : .tag
    }

    /// The canonical reference for `input` (IDs are returned as normalised), or `nil` when empty or invalid.
    static func canonical(_ input: String, storeIDs: [String] = [], defaultRegistry: String = "docker.io") -> String? {
        switch kind(input, defaultRegistry: defaultRegistry) {
        case .empty, .invalid: return nil
        case .id: return normalizeModelName(input, storeIDs: storeIDs)
        case .tag, .digest: return parse(normalizeModelName(input), defaultRegistry: defaultRegistry)?.string
        }
    }

    /// The tag DMR records when `input` is pulled: the canonical tag, or `<repository>:latest` for a digest
    /// reference (the store drops `@sha256…`); `nil` for IDs and invalid input.
    static func storeTag(_ input: String, defaultRegistry: String = "docker.io") -> String? {
        guard kind(input, defaultRegistry: defaultRegistry) != .id else { return nil }
        let name = beforeDigestMarker(normalizeModelName(input))
        guard let canonical = parse(name, defaultRegistry: defaultRegistry), !canonical.isDigest else { return nil }
        return canonical.string
    }

    /// The name DMR's registry errors quote: `normalizeModelName` of a valid reference.
    static func familiar(_ input: String) -> String? {
        switch kind(input) {
        case .empty, .invalid: nil
        default: normalizeModelName(input)
        }
    }

    /// Whether two references name the same thing without a store: equal canonical forms.
    static func matches(_ lhs: String, _ rhs: String, defaultRegistry: String = "docker.io") -> Bool {
        guard let left = canonical(lhs, defaultRegistry: defaultRegistry),
            let right = canonical(rhs, defaultRegistry: defaultRegistry)
        else { return false }
        return left == right
    }

    // MARK: Store lookup

    /// DMR's `GetModel` lookup: normalise (resolving IDs), then the first entry that has that ID, whose ID equals
    /// the digest of a digest reference (the repository is not compared), or that has a tag of the same canonical
    /// form. Returns the entry's index.
    static func find(_ input: String, in store: [Entry], defaultRegistry: String = "docker.io") -> Int? {
        let name = normalizeModelName(input, storeIDs: store.map(\.id))
        guard !name.isEmpty else { return nil }
        let wanted = parse(name, defaultRegistry: defaultRegistry)
        for (index, entry) in store.enumerated() {
            if entry.id == name { return index }
            guard let wanted else { continue }
            if wanted.isDigest {
                if wanted.identifier == entry.id { return index }
                continue
            }
            let hit = entry.tags.contains { parse($0, defaultRegistry: defaultRegistry)?.string == wanted.string }
            if hit { return index }
        }
        return nil
    }

    // MARK: ParseReference

    /// DMR's `reference.ParseReference` with its options (default org `ai`, default registry): `nil` when the text
    /// is not a reference.
    static func parse(_ text: String, defaultRegistry: String = "docker.io") -> Canonical? {
        var explicitRegistry = false
        var explicitOrg = false
        if let slash = text.firstIndex(of: "/"), slash > text.startIndex {
            let first = text[..<slash]
            explicitRegistry = first.contains(".") || first.contains(":")
            explicitOrg = explicitRegistry ? text[text.index(after: slash)...].contains("/") : true
        }
        guard var named = parseNormalizedNamed(text) else { return nil }
        let customDefault = defaultRegistry != "index.docker.io" && defaultRegistry != "docker.io"
        if !explicitRegistry && customDefault && !defaultRegistry.isEmpty { named.registry = defaultRegistry }
        if !explicitOrg && named.repository.hasPrefix("library/") {
            named.repository = defaultOrg + "/" + named.repository.dropFirst("library/".count)
        }
        return named
    }

    /// distribution/reference's `ParseNormalizedNamed`, resolved to a tag (`latest` when none) or a digest; a
    /// reference with both is its tag, as DMR reads it.
    static func parseNormalizedNamed(_ text: String) -> Canonical? {
        if text.utf8.count == 64 && text.utf8.allSatisfy(isLowerHex) { return nil }
        var domain = "docker.io"
        var remainder = text
        if let slash = text.firstIndex(of: "/") {
            let first = String(text[..<slash])
            if first.contains(".") || first.contains(":") || first == "localhost" || first.lowercased() != first {
                domain = first
                remainder = String(text[text.index(after: slash)...])
            }
        }
        if domain == "index.docker.io" { domain = "docker.io" }
        if domain == "docker.io" && !remainder.contains("/") { remainder = "library/" + remainder }
        let remote = remainder.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        if remote.lowercased() != remote { return nil }
        return parseFull(domain + "/" + remainder)
    }

    /// `^(domain/path)(:tag)?(@digest)?$`, checked part by part, then the digest's own validation.
    private static func parseFull(_ text: String) -> Canonical? {
        var name = Substring(text)
        var digest: String?
        if let at = name.firstIndex(of: "@") {
            let value = String(name[name.index(after: at)...])
            guard isValidDigest(value) else { return nil }
            digest = value
            name = name[..<at]
        }
        var tag: String?
        if let colon = name.lastIndex(of: ":"), colon > (name.lastIndex(of: "/") ?? name.startIndex) {
            let value = String(name[name.index(after: colon)...])
            guard isValidTag(value) else { return nil }
            tag = value
            name = name[..<colon]
        }
        guard let slash = name.firstIndex(of: "/") else { return nil }
        let domain = String(name[..<slash])
        let path = String(name[name.index(after: slash)...])
        guard isValidDomain(domain), isValidPath(path), path.utf8.count <= 255 else { return nil }
        if let tag { return Canonical(registry: domain, repository: path, identifier: tag, isDigest: false) }
        if let digest { return Canonical(registry: domain, repository: path, identifier: digest, isDigest: true) }
        return Canonical(registry: domain, repository: path, identifier: defaultTag, isDigest: false)
    }

    /// `[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*` per `/`-separated component.
    private static func isValidPath(_ path: String) -> Bool {
        path.split(separator: "/", omittingEmptySubsequences: false).allSatisfy { component in
            let bytes = Array(component.utf8)
            var index = 0
            func run() -> Bool {
                let start = index
                while index < bytes.count, isLowerAlnum(bytes[index]) { index += 1 }
                return index > start
            }
            guard run() else { return false }
            while index < bytes.count {
                switch bytes[index] {
                case UInt8(ascii: "."): index += 1
                case UInt8(ascii: "_"):
                    index += 1
                    if index < bytes.count, bytes[index] == UInt8(ascii: "_") { index += 1 }
                case UInt8(ascii: "-"):
                    while index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
                default: return false
                }
                guard run() else { return false }
            }
            return true
        }
    }

    /// `[\w][\w.-]{0,127}`.
    private static func isValidTag(_ tag: String) -> Bool {
        let word: (UInt8) -> Bool = { isAlnum($0) || $0 == UInt8(ascii: "_") }
        guard let first = tag.utf8.first, word(first), tag.utf8.count <= 128 else { return false }
        return tag.utf8.allSatisfy { word($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") }
    }

    /// `(domain-name | [ipv6]) (:port)?` where a domain-name component is `[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?`.
    private static func isValidDomain(_ domain: String) -> Bool {
        var host = Array(domain.utf8)
        let isIPv6 = host.first == UInt8(ascii: "[")
        if let colon = host.lastIndex(of: UInt8(ascii: ":")), !isIPv6 || host.last != UInt8(ascii: "]") {
            let port = host[(colon + 1)...]
            guard !port.isEmpty, port.allSatisfy(isDigit) else { return false }
            host = Array(host[..<colon])
        }
        if isIPv6 {
            guard host.count > 2, host.last == UInt8(ascii: "]") else { return false }
            return host.dropFirst().dropLast().allSatisfy { isHex($0) || $0 == UInt8(ascii: ":") }
        }
        return host.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false).allSatisfy { label in
            guard let first = label.first, let last = label.last else { return false }
            return isAlnum(first) && isAlnum(last) && label.allSatisfy { isAlnum($0) || $0 == UInt8(ascii: "-") }
        }
    }

    /// The reference grammar's digest and go-digest's check: a known algorithm and its length of lower-case hex.
    private static func isValidDigest(_ digest: String) -> Bool {
        let parts = digest.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2 else { return false }
        let lengths = ["sha256": 64, "sha384": 96, "sha512": 128]
        guard let length = lengths[String(parts[0])] else { return false }
        return parts[1].utf8.count == length && parts[1].utf8.allSatisfy(isLowerHex)
    }

    // MARK: Bytes

    /// The text before the first `@sha256` (the store's `Index.Tag` drops a digest that way), or all of it.
    private static func beforeDigestMarker(_ text: String) -> String {
        let bytes = Array(text.utf8)
        let marker = Array("@sha256".utf8)
        guard bytes.count >= marker.count else { return text }
        for start in 0...(bytes.count - marker.count) where bytes[start..<(start + marker.count)].elementsEqual(marker)
        {
            return String(decoding: bytes[..<start], as: UTF8.self)
        }
        return text
    }

    /// Go's `strings.TrimSpace`.
    static func trimSpace(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        var out = ""
        out.unicodeScalars.append(contentsOf: scalars[first...last])
        return out
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    private static func isLowerHex(_ byte: UInt8) -> Bool {
        isDigit(byte) || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "f"))
    }

    private static func isHex(_ byte: UInt8) -> Bool {
        isLowerHex(byte) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "F"))
    }

    private static func isLowerAlnum(_ byte: UInt8) -> Bool {
        isDigit(byte) || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
    }

    private static func isAlnum(_ byte: UInt8) -> Bool {
        isLowerAlnum(byte) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
    }
}
