import NIOHTTP1

/// A complete HTTP request as the simulator's router sees it.
struct SimHTTPRequest: Sendable {
    var head: HTTPRequestHead
    var body: [UInt8]
    var connectionID: Int

    var method: String { head.method.rawValue }

    /// The path with DMR's `NormalizedServeMux` treatment: cleaned when it contains `//`.
    var path: String {
        let raw = String(head.uri.prefix { $0 != "?" })
        return raw.contains("//") ? Self.cleanPath(raw) : raw
    }

    /// The raw query string (after `?`), or empty.
    var query: String {
        guard let mark = head.uri.firstIndex(of: "?") else { return "" }
        return String(head.uri[head.uri.index(after: mark)...])
    }

    /// The first value of a query parameter, percent-decoded (`+` is a space, as Go's `url.ParseQuery`).
    func queryValue(_ name: String) -> String? {
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = Self.percentDecode(String(parts[0]))
            if key == name { return parts.count > 1 ? Self.percentDecode(String(parts[1])) : "" }
        }
        return nil
    }

    /// Whether the request is HTTP/1.0 (or older).
    var isHTTP10: Bool { head.version.major < 1 || (head.version.major == 1 && head.version.minor == 0) }

    /// Whether the client asked to close after this response (HTTP/1.0 without keep-alive, or `Connection: close`).
    var wantsClose: Bool { !head.isKeepAlive }

    /// The first value of a header (case-insensitive), as Go's `Header.Get`.
    func header(_ name: String) -> String? { head.headers.first(name: name) }

    static func percentDecode(_ text: String) -> String {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "+") {
                bytes.append(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "%"), let high = iterator.next(), let low = iterator.next(),
                let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)
            {
                bytes.append(value)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Go's `path.Clean` for absolute paths.
    static func cleanPath(_ path: String) -> String {
        var stack: [Substring] = []
        for component in path.split(separator: "/", omittingEmptySubsequences: true) {
            if component == "." { continue }
            if component == ".." {
                _ = stack.popLast()
                continue
            }
            stack.append(component)
        }
        return "/" + stack.joined(separator: "/")
    }
}
