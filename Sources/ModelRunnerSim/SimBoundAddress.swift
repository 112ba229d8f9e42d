/// Where the simulator actually listens, once started.
public enum SimBoundAddress: Sendable, Equatable {
    /// TCP, with the real port (never 0).
    case tcp(host: String, port: Int)
    /// A unix-domain socket.
    case unix(path: String)

    /// The runner URL a client is given: `http://127.0.0.1:54321` or `unix:///tmp/x.sock`.
    public var url: String {
        switch self {
        case .tcp(let host, let port):
            host.contains(":") ? "http://[\(host)]:\(port)" : "http://\(host):\(port)"
        case .unix(let path):
            "unix://\(path)"
        }
    }

    /// The TCP port, or `nil` for a unix socket.
    public var port: Int? {
        if case .tcp(_, let port) = self { return port }
        return nil
    }
}
