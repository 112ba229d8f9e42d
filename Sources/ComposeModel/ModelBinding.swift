/// One service's use of one model, with the variable names Compose would inject.
public struct ModelBinding: Sendable, Hashable {
    public var service: String
    public var modelKey: String
    /// `endpoint_var`, or Compose's default `<PREFIX>_URL`.
    public var endpointVariable: String
    /// `model_var`, or Compose's default `<PREFIX>_MODEL`.
    public var modelVariable: String
    /// Whether `endpoint_var` was written by the user (rather than derived from the key).
    public var hasExplicitEndpointVariable: Bool
    /// Whether `model_var` was written by the user.
    public var hasExplicitModelVariable: Bool
    /// Where the binding is written in the service's `models:`.
    public var location: SourceLocation?

    public init(
        service: String,
        modelKey: String,
        endpointVariable: String? = nil,
        modelVariable: String? = nil,
        location: SourceLocation? = nil
    ) {
        self.service = service
        self.modelKey = modelKey
        self.endpointVariable = endpointVariable ?? Self.defaultVariable(forModelKey: modelKey, suffix: "_URL")
        self.modelVariable = modelVariable ?? Self.defaultVariable(forModelKey: modelKey, suffix: "_MODEL")
        self.hasExplicitEndpointVariable = endpointVariable != nil
        self.hasExplicitModelVariable = modelVariable != nil
        self.location = location
    }

    /// Compose's prefix: the key upper-cased rune by rune (Go's `strings.ToUpper`: a letter whose
    /// upper case is more than one character, such as `ß`, stays) with every `-` replaced by `_`.
    /// Dots and leading digits are kept, as Compose keeps them.
    public static func variablePrefix(forModelKey key: String) -> String {
        defaultVariable(forModelKey: key, suffix: "")
    }

    /// The prefix followed by `suffix`, built in one buffer (every binding computes two of these).
    private static func defaultVariable(forModelKey key: String, suffix: String) -> String {
        guard key.utf8.allSatisfy({ $0 < 0x80 }) else {
            var prefix = String.UnicodeScalarView()
            for scalar in key.unicodeScalars {
                if scalar == "-" {
                    prefix.append("_")
                    continue
                }
                let upper = scalar.properties.uppercaseMapping.unicodeScalars
                if upper.count == 1, let single = upper.first { prefix.append(single) } else { prefix.append(scalar) }
            }
            return String(prefix) + suffix
        }
        var key = key
        var suffix = suffix
        return key.withUTF8 { key in
            suffix.withUTF8 { suffix in
                // Only ASCII bytes change, and into ASCII bytes, so the result is valid UTF-8 again.
                String(unsafeUninitializedCapacity: key.count + suffix.count) { buffer in
                    for index in 0..<key.count {
                        let byte = key[index]
                        buffer[index] =
                            switch byte {
                            case UInt8(ascii: "a")...UInt8(ascii: "z"): byte - 32
                            case UInt8(ascii: "-"): UInt8(ascii: "_")
                            default: byte
                            }
                    }
                    for index in 0..<suffix.count { buffer[key.count + index] = suffix[index] }
                    return key.count + suffix.count
                }
            }
        }
    }
}

extension ModelBinding {
    /// `bindings` grouped by service, services in the order of their first binding and each
    /// service's bindings in their order. The loader lists bindings service by service, so the groups
    /// are slices of `bindings` without copying; bindings of one service listed apart (a project
    /// built by hand) are gathered.
    package static func groupedByService(_ bindings: [ModelBinding]) -> [(
        service: String, bindings: ArraySlice<ModelBinding>
    )] {
        var groups: [(service: String, bindings: ArraySlice<ModelBinding>)] = []
        var seen: Set<String> = []
        var start = 0
        while start < bindings.count {
            let service = bindings[start].service
            var end = start + 1
            while end < bindings.count, bindings[end].service == service { end += 1 }
            guard seen.insert(service).inserted else { return gathered(bindings) }
            groups.append((service, bindings[start..<end]))
            start = end
        }
        return groups
    }

    /// ``groupedByService(_:)`` for bindings of a service listed apart.
    private static func gathered(_ bindings: [ModelBinding]) -> [(service: String, bindings: ArraySlice<ModelBinding>)]
    {
        var order: [String] = []
        var byService: [String: [ModelBinding]] = [:]
        for binding in bindings {
            if byService[binding.service] == nil { order.append(binding.service) }
            byService[binding.service, default: []].append(binding)
        }
        return order.map { ($0, byService[$0, default: []][...]) }
    }
}
