import ModelBindSupport

/// A model reference (`ai/smollm2`, `hf.co/org/repo:Q4_K_M`, `name@sha256:…`, a model ID) parsed and
/// normalised the way Docker Model Runner (DMR) does for its store lookups.
///
/// Two normal forms exist, both reproduced here:
/// - ``normalizedName``: DMR's `normalizeModelName` (trim, `hf.co/` → `huggingface.co/`, add `ai/`
///   to single-component names and `:latest` when there is no tag, lower-case the name part);
/// - ``normalized``: the canonical reference DMR compares and stores since v1.0.11
///   (`docker.io/ai/smollm2:latest`, `registry/repo@sha256:…`), following distribution/reference
///   (`index.docker.io` → `docker.io`; Docker Hub names without an org get `ai/`, not `library/`).
///
/// Where DMR's parser would accept a reference with a malformed registry host by treating the host
/// as part of the path (and then fail to pull), this type reports the reference as invalid instead.
public struct ModelReference: Sendable, Hashable, CustomStringConvertible {
    /// What the input is.
    public enum Kind: String, Sendable {
        /// `name[:tag]` (also `name:tag@digest`, which DMR treats as the tag).
        case tag
        /// `name@sha256:…`.
        case digest
        /// A model ID: 12 or 64 lowercase hex digits, or `sha256:` + 64.
        case id
        /// Empty or whitespace only.
        case empty
        /// Not a valid reference; see ``invalidReason``.
        case invalid
    }

    /// One model in a DMR store: its ID (`sha256:…`) and the tags recorded for it.
    public struct StoreEntry: Sendable, Hashable {
        /// The model ID, `sha256:<64 hex>`.
        public var id: String
        /// Tags as the store records them (any era's spelling).
        public var tags: [String]

        /// Creates an entry.
        public init(id: String, tags: [String]) {
            self.id = id
            self.tags = tags
        }
    }

    /// A Hugging Face reference split the way DMR's native Hugging Face pull does.
    public struct HuggingFaceReference: Sendable, Hashable {
        /// `org/model` with its original case.
        public var repo: String
        /// Always `main`.
        public var revision: String
        /// The GGUF quantisation selector, `latest` when absent.
        public var tag: String
    }

    /// The text given.
    public var input: String
    /// The registry used for names without one (DMR's `DEFAULT_REGISTRY`; `docker.io` when unset).
    public var defaultRegistry: String
    /// What the input is.
    public var kind: Kind
    /// Whether DMR accepts the input as a model reference (tag, digest or ID form).
    public var isValid: Bool { kind == .tag || kind == .digest || kind == .id }
    /// DMR's `normalizeModelName(input)` without store lookups, e.g. `ai/gemma3:latest`.
    public var normalizedName: String
    /// The canonical reference: `docker.io/ai/smollm2:latest`, `registry/repo@sha256:…`, or the ID
    /// as given (IDs are resolved to full IDs only against a store, see ``resolve(in:)``). Nil when invalid.
    public var normalized: String?
    /// The tag DMR records when the model is pulled with this input (a digest records
    /// `<repository>:latest`); nil for IDs and invalid input.
    public var storeTag: String?
    /// The short display form DMR's CLI prints (`stripDefaultsFromModelName`).
    public var display: String
    /// Whether the input starts with `hf.co/` or `huggingface.co/` (case-sensitive, as DMR checks).
    public var isHuggingFace: Bool
    /// Whether the name part (before the tag or digest) has upper-case letters, which DMR lower-cases.
    public var hasUppercaseRepository: Bool
    /// Why the input is not a valid reference, as a sentence; nil when valid.
    public var invalidReason: String?

    /// Parses `input`; never fails (inspect ``kind`` and ``invalidReason``).
    /// `defaultRegistry` is DMR's `DEFAULT_REGISTRY` (`docker.io` or `index.docker.io` mean unset).
    public init(_ input: String, defaultRegistry: String = "docker.io") {
        self.input = input
        self.defaultRegistry = defaultRegistry
        let trimmed = Self.trimmed(input)
        self.display = Self.stripDefaults(trimmed, defaultRegistry: defaultRegistry)
        self.isHuggingFace = Self.isHuggingFaceReference(trimmed)
        self.normalizedName = Self.normalizeModelName(input)
        self.hasUppercaseRepository = false
        self.normalized = nil
        self.storeTag = nil
        self.invalidReason = nil
        guard !trimmed.isEmpty else {
            kind = .empty
            invalidReason = "the model reference is empty"
            return
        }
        let rewritten = Self.rewriteHuggingFaceHost(trimmed)
        if Self.looksLikeID(rewritten) || Self.looksLikeDigest(rewritten) {
            kind = .id
            normalized = normalizedName
            return
        }
        let namePart = Self.namePart(of: trimmed)
        hasUppercaseRepository = Self.hasUppercase(namePart)
        switch Self.parseReference(normalizedName, defaultRegistry: defaultRegistry) {
        case .failure(let error):
            kind = .invalid
            invalidReason = error.reason
        case .success(let canonical):
            kind = canonical.isDigest ? .digest : .tag
            normalized = canonical.string
            if canonical.isDigest {
                storeTag = Self.storeTag(forDigestReference: normalizedName, defaultRegistry: defaultRegistry)
            } else {
                storeTag = canonical.string
            }
        }
    }

    /// The canonical form when valid, else the input.
    public var description: String { normalized ?? input }

    /// Whether `other` names the same model as DMR's store would match it without looking at the
    /// store: equal canonical tags, or equal digests/IDs (a digest reference matches by digest alone;
    /// a 12-digit short ID matches IDs and digests starting with it).
    public func matches(_ other: String) -> Bool {
        let that = ModelReference(other, defaultRegistry: defaultRegistry)
        guard isValid, that.isValid else { return false }
        switch (identity, that.identity) {
        case (.tag(let a), .tag(let b)): return a == b
        case (.digest(let a), .digest(let b)): return a == b
        case (.shortID(let a), .shortID(let b)): return a == b
        case (.shortID(let short), .digest(let full)), (.digest(let full), .shortID(let short)):
            return full.hasPrefix("sha256:" + short)
        default: return false
        }
    }

    /// The ID of the model `input` resolves to in `store`, as DMR's store lookup does; nil when none.
    public func resolve(in store: [StoreEntry]) -> String? {
        Self.resolve(input, in: store, defaultRegistry: defaultRegistry)
    }

    // MARK: - DMR functions

    /// DMR's store lookup (`Client.GetModel` → `store.Read`): normalise the name (resolving IDs
    /// against the store), then take the first model that matches by exact ID, by digest reference
    /// equal to its ID (repository ignored), or by a tag with an equal canonical form.
    public static func resolve(
        _ input: String, in store: [StoreEntry], defaultRegistry: String = "docker.io"
    )
        -> String?
    {
        let name = normalizeModelName(input, store: store)
        guard !name.isEmpty else { return nil }
        let parsed = parseReference(name, defaultRegistry: defaultRegistry)
        for entry in store {
            if entry.id == name { return entry.id }
            guard case .success(let canonical) = parsed else { continue }
            if canonical.isDigest {
                if canonical.identifier == entry.id { return entry.id }
                continue
            }
            for tag in entry.tags {
                if case .success(let stored) = parseReference(tag, defaultRegistry: defaultRegistry),
                    stored.string == canonical.string
                {
                    return entry.id
                }
            }
        }
        return nil
    }

    /// DMR's `normalizeModelName`; IDs (12/64 hex, `sha256:<64 hex>`) are resolved to full IDs
    /// found in `store` and otherwise returned as given.
    @_spi(Testing) public static func normalizeModelName(_ model: String, store: [StoreEntry] = []) -> String {
        var model = trimmed(model)
        guard !model.isEmpty else { return model }
        model = rewriteHuggingFaceHost(model)
        if looksLikeID(model) || looksLikeDigest(model) {
            return resolveID(model, in: store) ?? model
        }
        let lastSlash = model.utf8.lastIndex(of: UInt8(ascii: "/"))
        let lastColon = model.utf8.lastIndex(of: UInt8(ascii: ":"))
        var name = model
        var tag = "latest"
        if let lastColon, lastSlash.map({ lastColon > $0 }) ?? true {
            name = String(model[..<lastColon])
            let t = model[model.utf8.index(after: lastColon)...]
            if !t.isEmpty { tag = String(t) }
        }
        let firstSlash = name.utf8.firstIndex(of: UInt8(ascii: "/"))
        let hasRegistry = firstSlash.map { $0 > name.startIndex && contains(name[..<$0], ".") } ?? false
        if !hasRegistry && firstSlash == nil {
            name = "ai/" + name
        }
        return name.lowercased() + ":" + tag
    }

    /// DMR's `looksLikeID`: exactly 12 or 64 lowercase hex digits.
    public static func looksLikeID(_ s: String) -> Bool {
        (s.utf8.count == 12 || s.utf8.count == 64) && s.utf8.allSatisfy(isLowerHex)
    }

    /// DMR's `looksLikeDigest`: `sha256:` followed by exactly 64 lowercase hex digits.
    public static func looksLikeDigest(_ s: String) -> Bool {
        guard s.hasPrefix("sha256:") else { return false }
        let hash = s.utf8.dropFirst(7)
        return hash.count == 64 && hash.allSatisfy(isLowerHex)
    }

    /// DMR's `IsHuggingFaceReference`: a case-sensitive `huggingface.co/` or `hf.co/` prefix.
    public static func isHuggingFaceReference(_ s: String) -> Bool {
        s.hasPrefix("huggingface.co/") || s.hasPrefix("hf.co/")
    }

    /// DMR's `parseHFReference`: strip the host, split the tag at the first `:` (default `latest`);
    /// the revision is always `main`.
    public static func parseHuggingFace(_ reference: String) -> HuggingFaceReference {
        var ref = Substring(reference)
        if ref.hasPrefix("huggingface.co/") { ref = ref.dropFirst("huggingface.co/".count) }
        if ref.hasPrefix("hf.co/") { ref = ref.dropFirst("hf.co/".count) }
        let parts = ref.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        let tag = parts.count == 2 && !parts[1].isEmpty ? String(parts[1]) : "latest"
        return HuggingFaceReference(repo: String(parts.first ?? ""), revision: "main", tag: tag)
    }

    /// DMR CLI's `stripDefaultsFromModelName`: drop the default registry prefix (`docker.io/` or
    /// `index.docker.io/`, or the custom default registry), then `ai/`, then `:latest`.
    public static func stripDefaults(_ model: String, defaultRegistry: String = "docker.io") -> String {
        var model = Substring(model)
        var registries = ["index.docker.io/", "docker.io/"]
        if !defaultRegistry.isEmpty, defaultRegistry != "index.docker.io", defaultRegistry != "docker.io" {
            registries = [defaultRegistry.hasSuffix("/") ? defaultRegistry : defaultRegistry + "/"]
        }
        if let registry = registries.first(where: { model.hasPrefix($0) }) {
            model = model.dropFirst(registry.count)
        }
        if model.hasPrefix("ai/") { model = model.dropFirst(3) }
        if model.hasSuffix(":latest") { model = model.dropLast(7) }
        return String(model)
    }

    // MARK: - Implementation

    private enum Identity {
        case tag(String)
        case digest(String)
        case shortID(String)
        case none
    }

    private var identity: Identity {
        switch kind {
        case .tag: return normalized.map(Identity.tag) ?? .none
        case .digest:
            guard let normalized, let at = normalized.utf8.lastIndex(of: UInt8(ascii: "@")) else { return .none }
            return .digest(String(normalized[normalized.utf8.index(after: at)...]))
        case .id:
            let id = Self.rewriteHuggingFaceHost(Self.trimmed(input))
            if id.utf8.count == 12 { return .shortID(id) }
            return .digest(id.hasPrefix("sha256:") ? id : "sha256:" + id)
        case .empty, .invalid: return .none
        }
    }

    private static func isLowerHex(_ b: UInt8) -> Bool {
        (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) || (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "f"))
    }

    /// Go's `strings.TrimSpace`.
    static func trimmed(_ s: String) -> String {
        // Fast path: ASCII at both ends that is not whitespace means there is nothing to trim.
        if let first = s.utf8.first, let last = s.utf8.last, first < 0x80, last < 0x80,
            !isASCIIWhitespace(first), !isASCIIWhitespace(last)
        {
            return s
        }
        let scalars = Array(s.unicodeScalars)
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        var out = ""
        out.unicodeScalars.append(contentsOf: scalars[first...last])
        return out
    }

    /// Go's `unicode.IsSpace` for ASCII bytes.
    private static func isASCIIWhitespace(_ b: UInt8) -> Bool {
        b == 0x20 || (b >= 0x09 && b <= 0x0D)
    }

    /// Whether lower-casing changes `s` (byte checks when it is all ASCII).
    private static func hasUppercase(_ s: some StringProtocol) -> Bool {
        if s.utf8.allSatisfy({ $0 < 0x80 }) {
            return s.utf8.contains { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }
        }
        return s.lowercased() != String(s)
    }

    /// Whether `s` contains the ASCII character `c`.
    private static func contains(_ s: some StringProtocol, _ c: Unicode.Scalar) -> Bool {
        s.utf8.contains(UInt8(ascii: c))
    }

    private static func rewriteHuggingFaceHost(_ s: String) -> String {
        s.hasPrefix("hf.co/") ? "huggingface.co/" + s.dropFirst("hf.co/".count) : s
    }

    /// The text before the tag or digest (for the upper-case warning).
    private static func namePart(of s: String) -> String {
        var name = Substring(s)
        if let at = name.utf8.firstIndex(of: UInt8(ascii: "@")) { name = name[..<at] }
        if let colon = name.utf8.lastIndex(of: UInt8(ascii: ":")),
            name.utf8.lastIndex(of: UInt8(ascii: "/")).map({ colon > $0 }) ?? true
        {
            name = name[..<colon]
        }
        return String(name)
    }

    private static func resolveID(_ id: String, in store: [StoreEntry]) -> String? {
        for entry in store {
            let full = entry.id
            if id.utf8.count == 12, full.hasPrefix("sha256:"), full.utf8.count >= 19,
                full.dropFirst(7).prefix(12) == id
            {
                return full
            }
            if full == id || (full.hasPrefix("sha256:") && full.dropFirst(7) == id) { return full }
        }
        return nil
    }

    private static func storeTag(forDigestReference name: String, defaultRegistry: String) -> String? {
        let marker = Array("@sha256".utf8)
        let bytes = Array(name.utf8)
        guard let start = bytes.indices.first(where: { bytes[$0...].starts(with: marker) }) else { return nil }
        let repository = String(decoding: bytes[..<start], as: UTF8.self)
        guard case .success(let tag) = parseReference(repository, defaultRegistry: defaultRegistry),
            !tag.isDigest
        else { return nil }
        return tag.string
    }

    // MARK: Reference grammar (distribution/reference v0.6.0 + DMR's ParseReference)

    struct Canonical: Equatable {
        var registry: String
        var repository: String
        var identifier: String
        var isDigest: Bool
        var string: String { "\(registry)/\(repository)\(isDigest ? "@" : ":")\(identifier)" }
    }

    struct ParseError: Error, Equatable {
        var reason: String
    }

    /// DMR's `reference.ParseReference` with its default-org and default-registry rules.
    static func parseReference(_ s: String, defaultRegistry: String) -> Result<Canonical, ParseError> {
        var hasExplicitRegistry = false
        var hasExplicitOrg = false
        if let firstSlash = s.utf8.firstIndex(of: UInt8(ascii: "/")), firstSlash > s.startIndex {
            let firstPart = s[..<firstSlash]
            hasExplicitRegistry = contains(firstPart, ".") || contains(firstPart, ":")
            hasExplicitOrg = hasExplicitRegistry ? contains(s[s.utf8.index(after: firstSlash)...], "/") : true
        }
        let named: Parsed
        switch parseNormalizedNamed(s) {
        case .failure(let error): return .failure(error)
        case .success(let value): named = value
        }
        var domain = named.domain
        let customDefault =
            defaultRegistry != "index.docker.io" && defaultRegistry != "docker.io" && !defaultRegistry.isEmpty
        if !hasExplicitRegistry && customDefault { domain = defaultRegistry }
        var path = named.path
        if !hasExplicitOrg && path.hasPrefix("library/") { path = "ai/" + path.dropFirst("library/".count) }
        if let tag = named.tag {
            return .success(Canonical(registry: domain, repository: path, identifier: tag, isDigest: false))
        }
        if let digest = named.digest {
            return .success(Canonical(registry: domain, repository: path, identifier: digest, isDigest: true))
        }
        return .success(Canonical(registry: domain, repository: path, identifier: "latest", isDigest: false))
    }

    struct Parsed {
        var domain: String
        var path: String
        var tag: String?
        var digest: String?
    }

    /// distribution/reference `ParseNormalizedNamed`.
    static func parseNormalizedNamed(_ s: String) -> Result<Parsed, ParseError> {
        if s.utf8.count == 64 && s.utf8.allSatisfy(isLowerHex) {
            return .failure(
                ParseError(reason: "a 64-character hexadecimal string is a model ID, not a repository name"))
        }
        let (domain, remainder) = splitDockerDomain(s)
        let remote = remainder.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        if hasUppercase(remote) {
            return .failure(
                ParseError(reason: "the repository name \(GoQuote.quote(String(remote))) must be lowercase"))
        }
        return parse(domain + "/" + remainder)
    }

    private static func splitDockerDomain(_ name: String) -> (String, String) {
        guard let slash = name.utf8.firstIndex(of: UInt8(ascii: "/")) else { return ("docker.io", "library/" + name) }
        let maybeDomain = String(name[..<slash])
        let maybeRemote = String(name[name.utf8.index(after: slash)...])
        var (domain, remote) = ("docker.io", name)
        if maybeDomain == "index.docker.io" {
            (domain, remote) = ("docker.io", maybeRemote)
        } else if maybeDomain == "localhost" || contains(maybeDomain, ".") || contains(maybeDomain, ":")
            || hasUppercase(maybeDomain)
        {
            (domain, remote) = (maybeDomain, maybeRemote)
        }
        if domain == "docker.io" && !contains(remote, "/") { remote = "library/" + remote }
        return (domain, remote)
    }

    /// distribution/reference `Parse` for `domain/remainder` (the domain is always present here).
    private static func parse(_ s: String) -> Result<Parsed, ParseError> {
        let hasWhitespace =
            s.utf8.allSatisfy { $0 < 0x80 }
            ? s.utf8.contains(where: isASCIIWhitespace) : s.unicodeScalars.contains { $0.properties.isWhitespace }
        if hasWhitespace {
            return .failure(ParseError(reason: "a model reference cannot contain whitespace"))
        }
        var namePart = Substring(s)
        var digest: String?
        if let at = s.utf8.firstIndex(of: UInt8(ascii: "@")) {
            namePart = s[..<at]
            let d = String(s[s.utf8.index(after: at)...])
            if let problem = digestProblem(d) { return .failure(ParseError(reason: problem)) }
            digest = d
        }
        var tag: String?
        if let colon = namePart.utf8.lastIndex(of: UInt8(ascii: ":")),
            namePart.utf8.lastIndex(of: UInt8(ascii: "/")).map({ colon > $0 }) ?? true
        {
            let t = String(namePart[namePart.utf8.index(after: colon)...])
            if !isValidTag(t) {
                return .failure(
                    ParseError(
                        reason:
                            "the tag \(GoQuote.quote(t)) is not valid: a tag is 1 to 128 letters, digits, '_', '.' or '-', and does not start with '.' or '-'"
                    ))
            }
            tag = t
            namePart = namePart[..<colon]
        }
        guard let slash = namePart.utf8.firstIndex(of: UInt8(ascii: "/")) else {
            return .failure(ParseError(reason: "the reference has no repository name"))
        }
        let domain = String(namePart[..<slash])
        let path = String(namePart[namePart.utf8.index(after: slash)...])
        if !isValidDomain(domain) {
            return .failure(
                ParseError(
                    reason: "the registry host \(GoQuote.quote(domain)) is not a valid host name (with optional :port)")
            )
        }
        if let problem = pathProblem(path) { return .failure(ParseError(reason: problem)) }
        if path.utf8.count > 255 {
            return .failure(ParseError(reason: "the repository name must not be more than 255 characters"))
        }
        if tag != nil { digest = nil }  // DMR treats name:tag@digest as the tag
        return .success(Parsed(domain: domain, path: path, tag: tag, digest: digest))
    }

    private static func isAlnumLower(_ b: UInt8) -> Bool {
        (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9"))
    }

    private static func isAlnum(_ b: UInt8) -> Bool {
        isAlnumLower(b) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z"))
    }

    /// `[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*` for every `/`-separated component.
    private static func pathProblem(_ path: String) -> String? {
        for component in path.split(separator: "/", omittingEmptySubsequences: false) {
            if component.isEmpty {
                return "the repository name \(GoQuote.quote(path)) has an empty path component"
            }
            if !isValidPathComponent(component.utf8) {
                return
                    "the path component \(GoQuote.quote(String(component))) is not valid: use lowercase letters and digits, separated by '.', '_', '__' or dashes"
            }
        }
        return nil
    }

    /// On UTF-8 bytes: every character the pattern allows is ASCII, so any other byte fails it.
    private static func isValidPathComponent(_ c: Substring.UTF8View) -> Bool {
        var i = c.startIndex
        func alnumRun() -> Bool {
            let start = i
            while i < c.endIndex, isAlnumLower(c[i]) { i = c.index(after: i) }
            return i > start
        }
        guard alnumRun() else { return false }
        while i < c.endIndex {
            switch c[i] {
            case UInt8(ascii: "."): i = c.index(after: i)
            case UInt8(ascii: "_"):
                i = c.index(after: i)
                if i < c.endIndex, c[i] == UInt8(ascii: "_") { i = c.index(after: i) }
            case UInt8(ascii: "-"):
                while i < c.endIndex, c[i] == UInt8(ascii: "-") { i = c.index(after: i) }
            default: return false
            }
            guard alnumRun() else { return false }
        }
        return true
    }

    /// `[\w][\w.-]{0,127}`.
    private static func isValidTag(_ t: String) -> Bool {
        func word(_ b: UInt8) -> Bool { isAlnum(b) || b == UInt8(ascii: "_") }
        // All allowed characters are ASCII, so bytes and characters count alike when it passes.
        guard let first = t.utf8.first, word(first), t.utf8.count <= 128 else { return false }
        return t.utf8.allSatisfy { word($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") }
    }

    /// `(?:domain-name|\[ipv6\])(?::[0-9]+)?`.
    /// On UTF-8 bytes, like the pattern: only ASCII letters, digits and hex digits match.
    private static func isValidDomain(_ d: String) -> Bool {
        var host = Substring(d).utf8
        let colon = UInt8(ascii: ":")
        if let at = host.lastIndex(of: colon), !(host.first == UInt8(ascii: "[") && host.last == UInt8(ascii: "]")) {
            let port = host[host.index(after: at)...]
            guard !port.isEmpty, port.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
                return false
            }
            host = host[..<at]
        }
        if host.first == UInt8(ascii: "[") {
            guard host.last == UInt8(ascii: "]"), host.count > 2 else { return false }
            return host.dropFirst().dropLast().allSatisfy { isHexDigit($0) || $0 == colon }
        }
        return host.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false).allSatisfy { label in
            guard let first = label.first, let last = label.last else { return false }
            return isAlnum(first) && isAlnum(last) && label.allSatisfy { isAlnum($0) || $0 == UInt8(ascii: "-") }
        }
    }

    private static func isHexDigit(_ b: UInt8) -> Bool {
        isLowerHex(b) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "F"))
    }

    /// distribution/reference digest pattern plus go-digest validation (sha256/384/512, lowercase hex).
    private static func digestProblem(_ d: String) -> String? {
        let reason =
            "the digest \(GoQuote.quote(d)) is not valid: expected sha256: followed by 64 lowercase hexadecimal digits"
        guard let colon = d.utf8.firstIndex(of: UInt8(ascii: ":")) else { return reason }
        let algorithm = d[..<colon]
        let hex = d[d.utf8.index(after: colon)...]
        let sizes = ["sha256": 64, "sha384": 96, "sha512": 128]
        guard let size = sizes[String(algorithm)], hex.utf8.count == size, hex.utf8.allSatisfy(isLowerHex) else {
            return reason
        }
        return nil
    }
}
