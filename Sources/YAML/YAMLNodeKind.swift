/// What a YAML node is: a scalar, a sequence, or a mapping.
public enum YAMLNodeKind: Sendable {
    case scalar
    case sequence
    case mapping
}
