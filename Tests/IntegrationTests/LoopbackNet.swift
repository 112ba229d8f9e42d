import Foundation
import ModelBindSupport

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Plain sockets for the integration tests: a small HTTP/1.1 client that reads what a runner says
/// over TCP or a unix socket (independent of modelbind's own client, so the tests do not check
/// modelbind with modelbind), a free-port finder, and a TCP proxy that counts requests and can
/// throttle what flows back. Blocking calls run on threads of their own, never on the test's
/// cooperative threads.
enum LoopbackNet {
    /// Where to connect.
    enum Address: Sendable, CustomStringConvertible {
        case tcp(port: Int)
        case unix(path: String)

        var description: String {
            switch self {
            case .tcp(let port): "127.0.0.1:\(port)"
            case .unix(let path): "unix:\(path)"
            }
        }
    }

    struct SocketError: Error, CustomStringConvertible {
        var description: String
    }

    /// A port nothing listens on right now (bound to 0, read back, closed).
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw SocketError(description: "socket: errno \(errno)") }
        defer { close(fd) }
        var address = loopback(port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0 else { throw SocketError(description: "bind: errno \(errno)") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }

    /// A connected socket, with a receive timeout so nothing hangs a test forever.
    static func connect(_ target: Address, timeoutSeconds: Int = 60) throws -> Int32 {
        let fd: Int32
        let result: Int32
        switch target {
        case .tcp(let port):
            fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = loopback(port: port)
            result = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
        case .unix(let path):
            fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_un()
            address.sun_family = sa_family_t(AF_UNIX)
            let bytes = Array(path.utf8)
            withUnsafeMutableBytes(of: &address.sun_path) { raw in
                for (index, byte) in bytes.prefix(raw.count - 1).enumerated() { raw[index] = byte }
            }
            result = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
                }
            }
        }
        guard fd >= 0, result == 0 else {
            let code = errno
            if fd >= 0 { close(fd) }
            throw SocketError(description: "connect to \(target): \(String(cString: strerror(code)))")
        }
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        return fd
    }

    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if written <= 0 { return false }
            offset += written
        }
        return true
    }

    /// Runs blocking `work` on a thread of its own.
    static func offThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try work() }) }.start()
        }
    }
}

/// One HTTP answer, as a client sees it.
struct RawResponse: Sendable, CustomStringConvertible {
    var status: Int
    /// Header names lower-cased.
    var headers: [(String, String)]
    var body: String

    func header(_ name: String) -> String? {
        headers.first { $0.0 == name.lowercased() }?.1
    }

    var json: Any? { try? JSONSerialization.jsonObject(with: Data(body.utf8), options: [.fragmentsAllowed]) }

    var description: String { "HTTP \(status) \(headers.map { "\($0.0): \($0.1)" }) \(body.prefix(2000))" }
}

/// `Connection: close` HTTP/1.1 requests, the body read to the end (chunked bodies decoded).
struct RawHTTP: Sendable {
    var address: LoopbackNet.Address

    func request(
        _ method: String, _ path: String, body: String? = nil, headers: [String: String] = [:]
    ) async throws -> RawResponse {
        let address = self.address
        return try await LoopbackNet.offThread {
            try Self.exchange(address: address, method: method, path: path, body: body, headers: headers)
        }
    }

    func get(_ path: String) async throws -> RawResponse { try await request("GET", path) }

    /// `POST` with a JSON body.
    func post(_ path: String, json: String, accept: String? = "application/json") async throws -> RawResponse {
        var headers = ["Content-Type": "application/json"]
        if let accept { headers["Accept"] = accept }
        return try await request("POST", path, body: json, headers: headers)
    }

    private static func exchange(
        address: LoopbackNet.Address, method: String, path: String, body: String?, headers: [String: String]
    ) throws -> RawResponse {
        let fd = try LoopbackNet.connect(address)
        defer { close(fd) }
        var head = "\(method) \(path) HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nUser-Agent: integration\r\n"
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) { head += "\(name): \(value)\r\n" }
        let payload = Array((body ?? "").utf8)
        if body != nil { head += "Content-Length: \(payload.count)\r\n" }
        head += "\r\n"
        guard LoopbackNet.writeAll(fd, Array(head.utf8) + payload) else {
            throw LoopbackNet.SocketError(description: "writing the request to \(address) failed")
        }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count < 0 { throw LoopbackNet.SocketError(description: "reading from \(address): errno \(errno)") }
            if count == 0 { break }
            bytes.append(contentsOf: buffer[0..<count])
        }
        return try parse(bytes)
    }

    static func parse(_ bytes: [UInt8]) throws -> RawResponse {
        let separator: [UInt8] = [13, 10, 13, 10]
        guard let end = bytes.indices.first(where: { bytes[$0...].starts(with: separator) }) else {
            throw LoopbackNet.SocketError(
                description: "no complete response head: \(String(decoding: bytes, as: UTF8.self))")
        }
        let lines = String(decoding: bytes[..<end], as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = lines[0].split(separator: " ")
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else {
            throw LoopbackNet.SocketError(description: "bad status line \(lines[0])")
        }
        var headers: [(String, String)] = []
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers.append(
                (line[..<colon].lowercased(), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }
        var body = Array(bytes[(end + 4)...])
        if headers.contains(where: { $0.0 == "transfer-encoding" && $0.1.lowercased() == "chunked" }) {
            body = dechunk(body)
        }
        return RawResponse(status: status, headers: headers, body: String(decoding: body, as: UTF8.self))
    }

    private static func dechunk(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var index = 0
        while index < bytes.count {
            guard let lineEnd = (index..<bytes.count - 1).first(where: { bytes[$0] == 13 && bytes[$0 + 1] == 10 })
            else { break }
            let sizeText = String(decoding: bytes[index..<lineEnd], as: UTF8.self).split(separator: ";").first ?? ""
            guard let size = Int(sizeText.trimmingCharacters(in: .whitespaces), radix: 16), size > 0 else { break }
            let start = lineEnd + 2
            out.append(contentsOf: bytes[start..<min(bytes.count, start + size)])
            index = start + size + 2
        }
        return out
    }
}

/// A TCP proxy on a loopback port: counts the requests whose first line starts with a given
/// prefix (client to upstream), and optionally throttles the upstream's answers to `bytesPerSecond`.
/// `stop()` closes the listener and every connection.
final class LoopbackProxy: Sendable {
    let port: Int
    let upstream: LoopbackNet.Address
    private let listener: Int32
    private let state = Locked<(counts: [String: Int], sockets: Set<Int32>, stopped: Bool, rate: Int?, back: Int)>(
        ([:], [], false, nil, 0))
    private let patterns: [String]

    /// - Parameters:
    ///   - counting: request-line prefixes to count, e.g. `POST /models/create`.
    ///   - bytesPerSecond: throttles upstream-to-client bytes per connection; nil: as fast as they come.
    init(upstream: LoopbackNet.Address, counting: [String] = [], bytesPerSecond: Int? = nil) throws {
        self.upstream = upstream
        self.patterns = counting
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = LoopbackNet.loopback(port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard fd >= 0, bound == 0, listen(fd, 64) == 0 else {
            throw LoopbackNet.SocketError(description: "proxy listen: errno \(errno)")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        self.listener = fd
        self.port = Int(UInt16(bigEndian: address.sin_port))
        state.withLock { $0.rate = bytesPerSecond }
        Thread { [self] in acceptLoop() }.start()
    }

    /// How many requests started with `prefix` so far.
    func count(_ prefix: String) -> Int { state.withLock { $0.counts[prefix] ?? 0 } }

    /// Bytes forwarded from the upstream to clients so far.
    var bytesBack: Int { state.withLock { $0.back } }

    /// Changes the throttle for connections' next reads.
    func setRate(_ bytesPerSecond: Int?) { state.withLock { $0.rate = bytesPerSecond } }

    func stop() {
        let sockets = state.withLock { state -> Set<Int32> in
            state.stopped = true
            return state.sockets
        }
        Glibc.shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
        for fd in sockets { Glibc.shutdown(fd, Int32(SHUT_RDWR)) }
    }

    private func acceptLoop() {
        while true {
            let client = accept(listener, nil, nil)
            if client < 0 { return }
            if state.withLock({ $0.stopped }) {
                close(client)
                return
            }
            guard let server = try? LoopbackNet.connect(upstream, timeoutSeconds: 3600) else {
                close(client)
                continue
            }
            state.withLock {
                $0.sockets.insert(client)
                $0.sockets.insert(server)
            }
            let finished = Locked(0)
            let done: @Sendable () -> Void = { [self] in
                let both = finished.withLock { value -> Bool in
                    value += 1
                    return value == 2
                }
                Glibc.shutdown(client, Int32(SHUT_RDWR))
                Glibc.shutdown(server, Int32(SHUT_RDWR))
                if both {
                    state.withLock {
                        $0.sockets.remove(client)
                        $0.sockets.remove(server)
                    }
                    close(client)
                    close(server)
                }
            }
            Thread { [self] in
                pump(from: client, to: server, scan: true)
                done()
            }.start()
            Thread { [self] in
                pump(from: server, to: client, scan: false)
                done()
            }.start()
        }
    }

    private func pump(from source: Int32, to destination: Int32, scan: Bool) {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        var tail = ""
        let started = Date()
        var sent = 0
        while true {
            let rate = scan ? nil : state.withLock { $0.rate }
            let limit = rate.map { max(1024, min(buffer.count, $0 / 20)) } ?? buffer.count
            let count = buffer.withUnsafeMutableBytes { recv(source, $0.baseAddress, limit, 0) }
            if count <= 0 { return }
            if scan {
                // Request lines start right after the previous request; scanning the text with a
                // carried tail finds them across reads (bodies here are small JSON).
                let text = tail + String(decoding: buffer[0..<count], as: UTF8.self)
                for pattern in patterns {
                    let hits = text.components(separatedBy: pattern).count - 1
                    let tailHits = tail.components(separatedBy: pattern).count - 1
                    if hits - tailHits > 0 { state.withLock { $0.counts[pattern, default: 0] += hits - tailHits } }
                }
                tail = String(text.suffix(64))
            }
            guard LoopbackNet.writeAll(destination, Array(buffer[0..<count])) else { return }
            if !scan { state.withLock { $0.back += count } }
            if let rate {
                // Keep to the rate: wait until the bytes sent so far are due.
                sent += count
                let due = Double(sent) / Double(rate)
                let elapsed = Date().timeIntervalSince(started)
                if due > elapsed { Thread.sleep(forTimeInterval: due - elapsed) }
            }
        }
    }
}
