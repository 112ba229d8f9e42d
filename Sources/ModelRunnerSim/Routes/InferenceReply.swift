#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The deterministic answer to an OpenAI-compatible request: the same request gets the same bytes.
///
/// No model runs. A chat or completion reply is the sentence ``preamble`` followed by the last user message (or the
/// prompt), one "token" per word, cut at `max_tokens` / `max_completion_tokens` (`finish_reason` `length`, else
/// `stop`); token counts are word counts. An embedding is ``defaultDimensions`` (or `dimensions`) numbers in
/// [-1, 1] taken from SHA-256 of each input, as JSON floats or, for `encoding_format: "base64"`, little-endian
/// float32 in base64. `id` is derived from the request body and `created` is the model's.
struct InferenceReply: Sendable {
    static let preamble = "ModelRunnerSim reply (no inference):"
    static let defaultDimensions = 16

    let endpoint: InferenceHandler.Endpoint
    let body: JSONValue
    let model: String
    let created: Int64
    let id: String

    init(endpoint: InferenceHandler.Endpoint, body: JSONValue, model: String, created: Int64, requestBytes: [UInt8]) {
        self.endpoint = endpoint
        self.body = body
        self.model = model
        self.created = created
        let prefix =
            switch endpoint {
            case .chat: "chatcmpl-"
            case .completions: "cmpl-"
            case .embeddings: "embd-"
            }
        self.id = prefix + String(SHA256.hex(bytes: requestBytes).prefix(24))
    }

    /// `stream: true` (embeddings never stream).
    var stream: Bool { endpoint != .embeddings && body.member("stream") == .bool(true) }

    // MARK: Text

    /// The text the reply echoes: the last user message for chat, the prompt for completions.
    var input: String {
        switch endpoint {
        case .chat:
            guard case .array(let messages) = body.member("messages") ?? .null else { return "" }
            let user = messages.last { $0.member("role") == .string("user") } ?? messages.last
            return user.map { Self.text(of: $0.member("content") ?? .null) } ?? ""
        case .completions:
            return Self.text(of: body.member("prompt") ?? .null)
        case .embeddings:
            return ""
        }
    }

    /// A content value as text: a string, the `text` parts of an array, or the first of an array of strings.
    static func text(of value: JSONValue) -> String {
        switch value {
        case .string(let text): return text
        case .array(let items):
            return items.compactMap { item -> String? in
                if case .string(let text) = item { return text }
                if case .string(let text) = item.member("text") ?? .null { return text }
                return nil
            }.joined(separator: " ")
        default: return ""
        }
    }

    static func words(_ text: String) -> [String] {
        text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }).map(String.init)
    }

    /// The reply's words and why it ended.
    var completion: (words: [String], finishReason: String) {
        let all = Self.words(Self.preamble) + Self.words(input)
        let limitValue = body.member("max_completion_tokens") ?? body.member("max_tokens")
        if case .number(let text) = limitValue ?? .null, let limit = Int(text), limit > 0, limit < all.count {
            return (Array(all.prefix(limit)), "length")
        }
        return (all, "stop")
    }

    var promptTokens: Int {
        switch endpoint {
        case .chat:
            guard case .array(let messages) = body.member("messages") ?? .null else { return 0 }
            return messages.reduce(0) { $0 + Self.words(Self.text(of: $1.member("content") ?? .null)).count }
        case .completions: return Self.words(input).count
        case .embeddings: return embeddingInputs.reduce(0) { $0 + max(1, Self.words($1).count) }
        }
    }

    func usage(completionTokens: Int) -> String {
        if endpoint == .embeddings {
            return GoJSON.object([("prompt_tokens", String(promptTokens)), ("total_tokens", String(promptTokens))])
        }
        return GoJSON.object([
            ("prompt_tokens", String(promptTokens)), ("completion_tokens", String(completionTokens)),
            ("total_tokens", String(promptTokens + completionTokens)),
        ])
    }

    // MARK: Bodies

    private var header: [(String, String)] {
        let object =
            switch endpoint {
            case .chat: stream ? "chat.completion.chunk" : "chat.completion"
            case .completions: "text_completion"
            case .embeddings: "list"
            }
        return [
            ("id", GoJSON.string(id)), ("object", GoJSON.string(object)), ("created", String(created)),
            ("model", GoJSON.string(model)),
        ]
    }

    /// The whole answer (no `stream`).
    func json() -> String {
        if endpoint == .embeddings { return embeddingsJSON() }
        let (words, finish) = completion
        let text = words.joined(separator: " ")
        let choice: String
        if endpoint == .chat {
            let message = GoJSON.object([("role", GoJSON.string("assistant")), ("content", GoJSON.string(text))])
            choice = GoJSON.object([
                ("index", "0"), ("message", message), ("finish_reason", GoJSON.string(finish)),
            ])
        } else {
            choice = GoJSON.object([
                ("index", "0"), ("text", GoJSON.string(text)), ("logprobs", "null"),
                ("finish_reason", GoJSON.string(finish)),
            ])
        }
        return GoJSON.object(
            header + [("choices", GoJSON.array([choice])), ("usage", usage(completionTokens: words.count))])
    }

    /// The server-sent events of a streamed answer: a role event (chat), one event per word, a final event with the
    /// finish reason, a usage event when `stream_options.include_usage` is true, then `data: [DONE]`.
    func events() -> [String] {
        let (words, finish) = completion
        var chunks: [String] = []
        func choice(_ delta: String?, _ text: String?, finish: String?) -> String {
            var members: [(String, String)] = [("index", "0")]
            if let delta { members.append(("delta", delta)) }
            if let text { members += [("text", GoJSON.string(text)), ("logprobs", "null")] }
            members.append(("finish_reason", finish.map(GoJSON.string) ?? "null"))
            return GoJSON.object(members)
        }
        func event(_ choices: [String], usage: String? = nil) -> String {
            var members = header + [("choices", GoJSON.array(choices))]
            if let usage { members.append(("usage", usage)) }
            return "data: " + GoJSON.object(members) + "\n\n"
        }
        let isChat = endpoint == .chat
        if isChat {
            let role = GoJSON.object([("role", GoJSON.string("assistant")), ("content", GoJSON.string(""))])
            chunks.append(event([choice(role, nil, finish: nil)]))
        }
        for (index, word) in words.enumerated() {
            let piece = index == 0 ? word : " " + word
            chunks.append(
                event([
                    isChat
                        ? choice(GoJSON.object([("content", GoJSON.string(piece))]), nil, finish: nil)
                        : choice(nil, piece, finish: nil)
                ]))
        }
        chunks.append(event([isChat ? choice("{}", nil, finish: finish) : choice(nil, "", finish: finish)]))
        if body.member("stream_options")?.member("include_usage") == .bool(true) {
            chunks.append(event([], usage: usage(completionTokens: words.count)))
        }
        chunks.append("data: [DONE]\n\n")
        return chunks
    }

    // MARK: Embeddings

    /// The inputs: a string, an array of strings, an array of token numbers (one input) or of token arrays.
    var embeddingInputs: [String] {
        switch body.member("input") ?? .null {
        case .string(let text): return [text]
        case .array(let items):
            if items.allSatisfy({ if case .number = $0 { true } else { false } }) {
                return [Self.tokens(items)]
            }
            return items.map { item in
                if case .array(let tokens) = item { return Self.tokens(tokens) }
                return Self.text(of: item)
            }
        default: return []
        }
    }

    static func tokens(_ items: [JSONValue]) -> String {
        items.map { if case .number(let text) = $0 { text } else { "" } }.joined(separator: ",")
    }

    var dimensions: Int {
        if case .number(let text) = body.member("dimensions") ?? .null, let value = Int(text),
            (1...4096).contains(value)
        {
            return value
        }
        return Self.defaultDimensions
    }

    /// `dimensions` numbers in [-1, 1] in thousandths, from SHA-256 of the input (and a block counter).
    static func vector(_ text: String, dimensions: Int) -> [Int] {
        var values: [Int] = []
        var block = 0
        while values.count < dimensions {
            let hex = Array(SHA256.hex(text + "#" + String(block)).utf8)
            var index = 0
            while index + 1 < hex.count, values.count < dimensions {
                let byte = Int(UInt8(String(decoding: hex[index...index + 1], as: UTF8.self), radix: 16) ?? 0)
                values.append(byte * 2000 / 255 - 1000)
                index += 2
            }
            block += 1
        }
        return values
    }

    static func decimal(_ thousandths: Int) -> String {
        let magnitude = abs(thousandths)
        let fraction = String(String(magnitude % 1000 + 1000).dropFirst())
        return (thousandths < 0 ? "-" : "") + String(magnitude / 1000) + "." + fraction
    }

    static func base64(_ values: [Int]) -> String {
        var bytes: [UInt8] = []
        for value in values {
            let bits = (Float(value) / 1000).bitPattern
            bytes += [UInt8(bits & 0xff), UInt8(bits >> 8 & 0xff), UInt8(bits >> 16 & 0xff), UInt8(bits >> 24)]
        }
        return Data(bytes).base64EncodedString()
    }

    func embeddingsJSON() -> String {
        let base64 = body.member("encoding_format") == .string("base64")
        let data = embeddingInputs.enumerated().map { index, text in
            let values = Self.vector(text, dimensions: dimensions)
            let embedding =
                base64
                ? GoJSON.string(Self.base64(values)) : "[" + values.map(Self.decimal).joined(separator: ",") + "]"
            return GoJSON.object([
                ("object", GoJSON.string("embedding")), ("index", String(index)), ("embedding", embedding),
            ])
        }
        return GoJSON.object([
            ("object", GoJSON.string("list")), ("data", GoJSON.array(data)), ("model", GoJSON.string(model)),
            ("usage", usage(completionTokens: 0)),
        ])
    }
}
