/// Where the simulator listens.
public enum SimListenAddress: Sendable, Equatable {
    /// A TCP host and port; port 0 picks a free ephemeral port (see ``SimBoundAddress``).
    case tcp(host: String, port: Int)
    /// A unix-domain socket path (an existing socket file there is replaced; keep it under 104 bytes).
    case unix(path: String)

    /// Loopback on a free ephemeral port: what tests want.
    public static let ephemeral = SimListenAddress.tcp(host: "127.0.0.1", port: 0)
}
