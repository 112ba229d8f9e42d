/// A short list of keys to find scalars among (``YAMLDocument/match(_:in:)``) by comparing bytes in
/// the store, so that keys a caller does not want are never decoded into strings.
public struct YAMLKeyList: Sendable {
    /// The keys, in the order given; ``YAMLDocument/match(_:in:)`` answers positions in it.
    public let names: [String]
    let keys: [[UInt8]]
    /// Bit `n` is set when a key is `n` bytes long (keys of 64 bytes or more never match).
    let lengths: UInt64

    public init(_ names: [String]) {
        self.names = names
        keys = names.map { Array($0.utf8) }
        lengths = keys.reduce(0) { mask, key in key.count < 64 ? mask | (1 << UInt64(key.count)) : mask }
    }

    /// Whether `name` is one of the keys.
    public func contains(_ name: String) -> Bool {
        names.contains(name)
    }
}
