/// One model in the simulator's catalogue: something `POST /models/create` can "pull".
///
/// The simulator moves no real bytes; it only reports progress for the layer sizes given here.
public struct SimModel: Sendable, Equatable {
    /// The reference as written (`ai/smollm2:latest`, `smollm2`, `hf.co/org/repo`); matched after DMR normalisation.
    public var reference: String
    /// Layer sizes in bytes, in manifest order.
    public var layerSizes: [Int]
    /// How fast a pull of this model runs.
    public var speed: SimPullSpeed
    /// The `config` served by `GET /models` and used for `Using cached model: <size>`.
    public var config: SimModelConfig
    /// Whether the model is already in the local store when the simulator starts.
    public var isPresent: Bool
    /// `created` (Unix seconds), the packaging time DMR reports.
    public var created: Int64
    /// Faults applied to every pull of this model, in addition to queued one-shot faults.
    public var faults: [SimPullFault]
    /// Other references to the same manifest (one model ID), e.g. `127.0.0.1:5000/ai/tiny:v2` or a
    /// `localhost:5000/…` spelling of it. Pulling any of them when the model is present answers one
    /// `Using cached model` line and adds that tag; a model present from the start carries every one as a tag.
    public var aliases: [String]
    /// Faults applied to every inference request (`…/v1/chat/completions`, `completions`, `embeddings`) for this
    /// model, after any queued one-shot fault.
    public var inferenceFaults: [SimInferenceFault] = []

    /// The reference and the aliases, in that order: every name a pull of this manifest can use.
    public var references: [String] { [reference] + aliases }

    /// Creates a catalogue entry.
    /// - Parameters:
    ///   - reference: the model reference, e.g. `ai/smollm2:latest`.
    ///   - layerSizes: layer sizes in bytes; an empty list is a single empty layer.
    ///   - speed: pull speed; `.instant` by default.
    ///   - config: the reported config.
    ///   - isPresent: whether it is already pulled.
    ///   - created: the reported creation time (Unix seconds).
    ///   - faults: faults applied to every pull.
    ///   - aliases: other references to the same manifest.
    public init(
        reference: String,
        layerSizes: [Int],
        speed: SimPullSpeed = .instant,
        config: SimModelConfig = SimModelConfig(),
        isPresent: Bool = false,
        created: Int64 = 1_742_816_981,
        faults: [SimPullFault] = [],
        aliases: [String] = []
    ) {
        self.reference = reference
        self.layerSizes = layerSizes.isEmpty ? [0] : layerSizes.map { max(0, $0) }
        self.speed = speed
        self.config = config
        self.isPresent = isPresent
        self.created = created
        self.faults = faults
        self.aliases = aliases
    }

    /// Creates a catalogue entry of `size` bytes in one weights layer.
    public init(
        reference: String,
        size: Int,
        speed: SimPullSpeed = .instant,
        config: SimModelConfig = SimModelConfig(),
        isPresent: Bool = false,
        faults: [SimPullFault] = [],
        aliases: [String] = []
    ) {
        self.init(
            reference: reference, layerSizes: [size], speed: speed, config: config, isPresent: isPresent,
            faults: faults, aliases: aliases)
    }

    /// The sum of the layer sizes: the `total` of every progress line.
    public var totalSize: Int { layerSizes.reduce(0, +) }

    /// The `config.size` string: the configured one, else the total formatted as DMR does (`256.35 MiB`).
    public var sizeDescription: String { config.size ?? SimByteSize.format(totalSize) }
}
