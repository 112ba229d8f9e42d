/// An error answered before the first byte of a pull stream, with the status and body DMR (or a proxy) sends.
public enum SimPreStreamError: Sendable, Equatable {
    /// 400 `Invalid model reference`.
    case invalidReference
    /// 401 `Unauthorized`.
    case unauthorized
    /// 404 `Model not found`.
    case notFound
    /// 422 with DMR's unsupported config media type text for the reference.
    case unsupportedMediaType
    /// 500 `error while pulling model: reading model from registry: failed to pull model "<ref>": UNKNOWN - <detail>`.
    case registryUnreachable(detail: String)
    /// 502 `Bad Gateway`, as a proxy in front of the runner would answer.
    case badGateway
    /// 503 `Service Unavailable`: what the official CLI reads as "model runner not running".
    case serviceUnavailable
    /// Any status with this exact one-line body (a `\n` is appended, as Go's `http.Error` does).
    case custom(status: Int, body: String)

    /// The HTTP status code.
    public var status: Int {
        switch self {
        case .invalidReference: 400
        case .unauthorized: 401
        case .notFound: 404
        case .unsupportedMediaType: 422
        case .registryUnreachable: 500
        case .badGateway: 502
        case .serviceUnavailable: 503
        case .custom(let status, _): status
        }
    }

    /// The body line (without the trailing newline) for a pull of `reference` (normalised, e.g. `ai/x:latest`).
    public func body(reference: String) -> String {
        switch self {
        case .invalidReference: "Invalid model reference"
        case .unauthorized: "Unauthorized"
        case .notFound: "Model not found"
        case .unsupportedMediaType:
            "error while pulling model: config type \"application/vnd.docker.container.image.v1+json\" is not supported "
                + "(supported: \"application/vnd.docker.ai.model.config.v0.1+json\", "
                + "\"application/vnd.docker.ai.model.config.v0.2+json\", "
                + "\"application/vnd.cncf.model.config.v1+json\") - try upgrading: unsupported model config media type"
        case .registryUnreachable(let detail):
            "error while pulling model: reading model from registry: failed to pull model \"\(reference)\": UNKNOWN - "
                + detail
        case .badGateway: "Bad Gateway"
        case .serviceUnavailable: "Service Unavailable"
        case .custom(_, let body): body
        }
    }

    /// Whether DMR itself produces this error from inside its pull handler (so the streaming headers are already
    /// set: `Cache-Control`, `Connection: keep-alive`, `Transfer-Encoding: chunked`). Proxy answers are plain.
    var isFromPullHandler: Bool {
        switch self {
        case .badGateway, .serviceUnavailable, .custom: false
        default: true
        }
    }
}
