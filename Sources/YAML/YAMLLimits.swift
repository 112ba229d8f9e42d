/// Bounds the reader enforces so hostile input fails fast instead of exhausting memory or time.
public struct YAMLLimits: Sendable {
    /// The largest input accepted, in bytes.
    public var maxInputBytes: Int
    /// The deepest nesting of sequences and mappings accepted.
    public var maxDepth: Int
    /// The largest number of nodes the document may expand to when every alias is expanded.
    ///
    /// The limit only trips when the expansion is also more than ten times the number of nodes
    /// actually written, so large documents without alias amplification are never rejected.
    public var maxAliasExpansion: Int
    /// The largest single scalar accepted, in bytes.
    public var maxScalarBytes: Int

    /// Creates limits; every parameter defaults to the value in ``default``.
    public init(
        maxInputBytes: Int = 64 << 20,
        maxDepth: Int = 1_000,
        maxAliasExpansion: Int = 1_000_000,
        maxScalarBytes: Int = 16 << 20
    ) {
        self.maxInputBytes = maxInputBytes
        self.maxDepth = maxDepth
        self.maxAliasExpansion = maxAliasExpansion
        self.maxScalarBytes = maxScalarBytes
    }

    /// 64 MiB of input, 1,000 levels, 1,000,000 expanded nodes, 16 MiB per scalar.
    public static let `default` = YAMLLimits()
}
