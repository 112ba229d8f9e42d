/// Which requests a queued one-shot fault applies to.
public struct SimFaultTarget: Sendable, Equatable {
    /// The model reference the request must name (matched after normalisation); `nil` matches any model.
    public var model: String?

    /// Matches requests for `model`, or every request when `nil`.
    public init(model: String? = nil) {
        self.model = model
    }

    /// Matches any request on the route.
    public static let any = SimFaultTarget()
}
