/// A scalar resolved with go-yaml v3's rules (the YAML 1.2 core schema as Docker Compose sees it).
public enum YAMLScalarValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case float(Double)
    case string(String)
}
