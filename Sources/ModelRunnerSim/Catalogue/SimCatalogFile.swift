/// Reads the simulator's catalogue format (JSON files such as `examples/runner-catalog.json`) and the
/// executable's `--model REF=SIZE[@SPEED]` flags.
///
/// ```json
/// {"progressIntervalMs": 100, "maximumConcurrentPulls": 2,
///  "models": [{"reference": "ai/smollm2:latest", "size": "256MiB", "speed": "64MiB", "present": false,
///              "config": {"quantization": "Q4_K_M", "context_size": 8192},
///              "faults": [{"kind": "errorLine", "afterLines": 3, "message": "writing blob: disk full"}]}]}
/// ```
/// Errors name the file position (`models[1].size`) and what would be accepted.
public enum SimCatalogFile {
    /// Applies a catalogue document to `base` (its models are appended; top-level knobs replace base values).
    public static func configuration(json bytes: [UInt8], base: SimConfiguration = SimConfiguration()) throws
        -> SimConfiguration
    {
        let root: JSONValue
        do {
            root = try JSONValue.parseWhole(bytes)
        } catch {
            throw SimError.invalidCatalogue("catalogue is not valid JSON: \(error.reason) at byte \(error.offset)")
        }
        guard case .object(let members) = root else {
            throw SimError.invalidCatalogue("catalogue: expected a JSON object with a \"models\" array")
        }
        var configuration = base
        for (key, value) in members {
            switch key {
            case "models":
                guard case .array(let items) = value else { throw invalid("models", "expected an array of models") }
                for (index, item) in items.enumerated() {
                    configuration.models.append(try model(item, at: "models[\(index)]"))
                }
            case "progressIntervalMs": configuration.progressInterval = .milliseconds(try integer(value, at: key))
            case "progressByteStep": configuration.progressByteStep = max(1, try size(value, at: key))
            case "maximumConcurrentPulls": configuration.maximumConcurrentPulls = max(1, try integer(value, at: key))
            case "manifestFetchMs": configuration.manifestFetchDelay = .milliseconds(try integer(value, at: key))
            case "version": configuration.version = try string(value, at: key)
            case "allowedOrigins": configuration.allowedOrigins = try strings(value, at: key)
            case "defaultRegistry": configuration.defaultRegistry = try string(value, at: key)
            case "registryReachable": configuration.registryReachable = try bool(value, at: key)
            default:
                throw invalid(
                    key,
                    "unknown key; expected models, progressIntervalMs, progressByteStep, maximumConcurrentPulls, "
                        + "manifestFetchMs, version, allowedOrigins, defaultRegistry or registryReachable")
            }
        }
        return configuration
    }

    /// Parses `REF=SIZE[@SPEED]`: `ai/smollm2:latest=256MiB`, `ai/qwen3=2GiB@100MiB` (bytes per second) or
    /// `ai/x=1GiB@5s` (whole pull duration). A trailing `!present` marks it already pulled.
    public static func model(flag: String, speed defaultSpeed: SimPullSpeed = .instant) throws -> SimModel {
        var text = flag
        var present = false
        if text.hasSuffix("!present") {
            present = true
            text = String(text.dropLast("!present".count))
        }
        guard let equals = text.lastIndex(of: "="), equals != text.startIndex else {
            throw SimError.invalidCatalogue(
                "--model \(flag): expected REF=SIZE[@SPEED], e.g. ai/smollm2:latest=256MiB or ai/x=1GiB@50MiB")
        }
        let reference = String(text[..<equals])
        var sizeText = String(text[text.index(after: equals)...])
        var speed = defaultSpeed
        if let at = sizeText.firstIndex(of: "@") {
            let speedText = String(sizeText[sizeText.index(after: at)...])
            sizeText = String(sizeText[..<at])
            guard let parsed = parseSpeed(speedText) else {
                throw SimError.invalidCatalogue(
                    "--model \(flag): bad speed \"\(speedText)\"; use bytes per second (50MiB) or a duration (5s, 1500ms)"
                )
            }
            speed = parsed
        }
        guard let size = SimByteSize.parse(sizeText) else {
            throw SimError.invalidCatalogue(
                "--model \(flag): bad size \"\(sizeText)\"; use e.g. 2016, 512KiB, 256MiB, 1.5GiB")
        }
        guard SimReference.storeTag(reference) != nil else {
            throw SimError.invalidCatalogue("--model \(flag): \"\(reference)\" is not a valid model reference")
        }
        return SimModel(reference: reference, size: size, speed: speed, isPresent: present)
    }

    /// `50MiB` (bytes per second), `5s`, `1500ms` (duration of the whole pull) or `instant`.
    public static func parseSpeed(_ text: String) -> SimPullSpeed? {
        if text == "instant" { return .instant }
        if text.hasSuffix("ms"), let value = Double(text.dropLast(2)), value >= 0 {
            return .duration(.milliseconds(Int64(value)))
        }
        if text.hasSuffix("s"), !text.lowercased().hasSuffix("bs"), let value = Double(text.dropLast()), value >= 0 {
            return .duration(.milliseconds(Int64(value * 1000)))
        }
        return SimByteSize.parse(text).map { .bytesPerSecond(max(1, $0)) }
    }

    // MARK: Pieces

    private static func model(_ value: JSONValue, at path: String) throws -> SimModel {
        guard case .object(let members) = value else { throw invalid(path, "expected an object with a \"reference\"") }
        var reference: String?
        var layers: [Int]?
        var speed = SimPullSpeed.instant
        var config = SimModelConfig()
        var present = false
        var created: Int64 = 1_742_816_981
        var faults: [SimPullFault] = []
        var aliases: [String] = []
        var inferenceFaults: [SimInferenceFault] = []
        for (key, member) in members {
            let location = "\(path).\(key)"
            switch key {
            case "reference": reference = try string(member, at: location)
            case "size": layers = [try size(member, at: location)]
            case "layers":
                guard case .array(let items) = member else { throw invalid(location, "expected an array of sizes") }
                layers = try items.enumerated().map { try size($1, at: "\(location)[\($0)]") }
            case "speed":
                let text = try string(member, at: location)
                guard let parsed = parseSpeed(text) else {
                    throw invalid(location, "\"\(text)\" is not a speed; use 50MiB (per second), 5s, 1500ms or instant")
                }
                speed = parsed
            case "pullSeconds": speed = .duration(.milliseconds(Int64(try number(member, at: location) * 1000)))
            case "present": present = try bool(member, at: location)
            case "created": created = Int64(try integer(member, at: location))
            case "config": config = try modelConfig(member, at: location)
            case "faults":
                guard case .array(let items) = member else { throw invalid(location, "expected an array of faults") }
                faults = try items.enumerated().map { try fault($1, at: "\(location)[\($0)]") }
            case "inferenceFaults":
                guard case .array(let items) = member else { throw invalid(location, "expected an array of faults") }
                inferenceFaults = try items.enumerated().map { try inferenceFault($1, at: "\(location)[\($0)]") }
            case "aliases":
                aliases = try strings(member, at: location)
                for (index, alias) in aliases.enumerated() where SimReference.storeTag(alias) == nil {
                    throw invalid("\(location)[\(index)]", "\"\(alias)\" is not a valid model reference")
                }
            default:
                throw invalid(
                    location,
                    "unknown key; expected reference, aliases, size, layers, speed, pullSeconds, present, created, "
                        + "config, faults or inferenceFaults")
            }
        }
        guard let reference else { throw invalid(path, "missing \"reference\" (e.g. \"ai/smollm2:latest\")") }
        guard SimReference.storeTag(reference) != nil else {
            throw invalid("\(path).reference", "\"\(reference)\" is not a valid model reference")
        }
        var model = SimModel(
            reference: reference, layerSizes: layers ?? [1_048_576], speed: speed, config: config, isPresent: present,
            created: created, faults: faults, aliases: aliases)
        model.inferenceFaults = inferenceFaults
        return model
    }

    private static func inferenceFault(_ value: JSONValue, at path: String) throws -> SimInferenceFault {
        guard case .object = value, let kindValue = value.member("kind") else {
            throw invalid(path, "expected an object with a \"kind\"")
        }
        let kind = try string(kindValue, at: "\(path).kind")
        switch kind {
        case "slowFirstToken":
            guard let ms = value.member("ms") else { throw invalid(path, "fault \"slowFirstToken\" needs \"ms\"") }
            return .slowFirstToken(.milliseconds(try integer(ms, at: "\(path).ms")))
        case "modelNotFound": return .modelNotFound
        case "fail":
            let status = try value.member("status").map { try integer($0, at: "\(path).status") } ?? 500
            guard (400...599).contains(status) else { throw invalid("\(path).status", "expected 400-599") }
            let message = try value.member("message").map { try string($0, at: "\(path).message") }
            return .fail(status: status, message: message)
        case "stall": return .stall
        default:
            throw invalid(
                "\(path).kind",
                "unknown inference fault \"\(kind)\"; expected slowFirstToken, modelNotFound, fail or stall")
        }
    }

    private static func modelConfig(_ value: JSONValue, at path: String) throws -> SimModelConfig {
        guard case .object(let members) = value else { throw invalid(path, "expected an object") }
        var config = SimModelConfig()
        for (key, member) in members {
            let location = "\(path).\(key)"
            switch key {
            case "format": config.format = try string(member, at: location)
            case "quantization": config.quantization = try string(member, at: location)
            case "parameters": config.parameters = try string(member, at: location)
            case "architecture": config.architecture = try string(member, at: location)
            case "size": config.size = try string(member, at: location)
            case "context_size": config.contextSize = member == .null ? nil : try integer(member, at: location)
            default:
                throw invalid(
                    location,
                    "unknown key; expected format, quantization, parameters, architecture, size or context_size (null: none)"
                )
            }
        }
        return config
    }

    private static func fault(_ value: JSONValue, at path: String) throws -> SimPullFault {
        guard case .object = value, let kindValue = value.member("kind") else {
            throw invalid(path, "expected an object with a \"kind\"")
        }
        let kind = try string(kindValue, at: "\(path).kind")
        func field(_ name: String) throws -> Int {
            guard let member = value.member(name) else { throw invalid(path, "fault \"\(kind)\" needs \"\(name)\"") }
            return try integer(member, at: "\(path).\(name)")
        }
        func text(_ name: String, default fallback: String) throws -> String {
            guard let member = value.member(name) else { return fallback }
            return try string(member, at: "\(path).\(name)")
        }
        switch kind {
        case "refuseConnection": return .refuseConnection
        case "delayBeforeHeaders": return .delayBeforeHeaders(.milliseconds(try field("ms")))
        case "status":
            let status = try field("status")
            if let body = value.member("body") {
                return .status(.custom(status: status, body: try string(body, at: "\(path).body")))
            }
            switch status {
            case 400: return .status(.invalidReference)
            case 401: return .status(.unauthorized)
            case 404: return .status(.notFound)
            case 422: return .status(.unsupportedMediaType)
            case 500:
                return .status(
                    .registryUnreachable(
                        detail:
                            "Get \"https://registry-1.docker.io/v2/\": dial tcp: lookup registry-1.docker.io: no such host"
                    ))
            case 502: return .status(.badGateway)
            case 503: return .status(.serviceUnavailable)
            default: throw invalid("\(path).status", "\(status) has no standard body; add \"body\"")
            }
        case "stall": return .stall(afterLines: try field("afterLines"))
        case "cut": return .cut(afterLines: try field("afterLines"))
        case "errorLine":
            return .errorLine(
                afterLines: try field("afterLines"),
                message: try text("message", default: "writing blob: unexpected EOF"))
        case "garbageLines": return .garbageLines(every: try field("every"))
        case "forceTextPlain": return .forceTextPlain
        case "huggingFaceEnding":
            return .huggingFaceEnding(
                afterLines: try field("afterLines"), trailer: try text("trailer", default: "Unauthorized"))
        case "hugeLine": return .hugeLine(bytes: try field("bytes"))
        case "neverEnding": return .neverEnding
        case "byteByByte": return .byteByByte(pause: .milliseconds(try field("pauseMs")))
        case "htmlBody": return .htmlBody
        case "pauseUntilResumed": return .pauseUntilResumed(afterLines: try field("afterLines"))
        default:
            throw invalid(
                "\(path).kind",
                "unknown fault \"\(kind)\"; expected refuseConnection, delayBeforeHeaders, status, stall, cut, errorLine, "
                    + "garbageLines, forceTextPlain, huggingFaceEnding, hugeLine, neverEnding, byteByByte, htmlBody or "
                    + "pauseUntilResumed")
        }
    }

    private static func invalid(_ path: String, _ message: String) -> SimError {
        .invalidCatalogue("catalogue \(path): \(message)")
    }

    private static func string(_ value: JSONValue, at path: String) throws -> String {
        guard case .string(let text) = value else { throw invalid(path, "expected a string") }
        return text
    }

    private static func strings(_ value: JSONValue, at path: String) throws -> [String] {
        guard case .array(let items) = value else { throw invalid(path, "expected an array of strings") }
        return try items.enumerated().map { try string($1, at: "\(path)[\($0)]") }
    }

    private static func bool(_ value: JSONValue, at path: String) throws -> Bool {
        guard case .bool(let flag) = value else { throw invalid(path, "expected true or false") }
        return flag
    }

    private static func number(_ value: JSONValue, at path: String) throws -> Double {
        guard case .number(let text) = value, let number = Double(text), number >= 0 else {
            throw invalid(path, "expected a non-negative number")
        }
        return number
    }

    private static func integer(_ value: JSONValue, at path: String) throws -> Int {
        guard case .number(let text) = value, let number = Int(text), number >= 0 else {
            throw invalid(path, "expected a non-negative integer")
        }
        return number
    }

    private static func size(_ value: JSONValue, at path: String) throws -> Int {
        switch value {
        case .number(let text):
            guard let number = Int(text), number >= 0 else { throw invalid(path, "expected a size such as 256MiB") }
            return number
        case .string(let text):
            guard let number = SimByteSize.parse(text) else {
                throw invalid(path, "\"\(text)\" is not a size; use e.g. 2016, 512KiB, 256MiB, 1.5GiB")
            }
            return number
        default:
            throw invalid(path, "expected a size such as \"256MiB\" or a byte count")
        }
    }
}
