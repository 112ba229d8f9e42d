/// A node of a loaded compose file after interpolation: the tree that merging, `extends`,
/// `include`, validation and `wrap` work on. Every node keeps where it was written.
public struct ComposeNode: Sendable, Hashable {
    /// What a node holds.
    public enum Content: Sendable, Hashable {
        case scalar(ComposeScalar)
        case sequence([ComposeNode])
        case mapping([ComposeEntry])
    }

    public var content: Content
    public var location: SourceLocation
    /// A YAML tag such as `!reset` or `!override`, kept for merging; `nil` when untagged.
    public var tag: String?

    public init(_ content: Content, at location: SourceLocation, tag: String? = nil) {
        self.content = content
        self.location = location
        self.tag = tag
    }

    /// The scalar, if this node is one.
    public var scalar: ComposeScalar? {
        if case .scalar(let scalar) = content { return scalar }
        return nil
    }

    /// The scalar's text if this node is a string scalar (quoted, or plain that resolves to a string).
    public var string: String? {
        if case .scalar(let scalar) = content, case .string = scalar.kind { return scalar.text }
        return nil
    }

    /// The items, if this node is a sequence.
    public var items: [ComposeNode]? {
        if case .sequence(let items) = content { return items }
        return nil
    }

    /// The entries, if this node is a mapping.
    public var entries: [ComposeEntry]? {
        if case .mapping(let entries) = content { return entries }
        return nil
    }

    /// Whether the node is a null scalar (`~`, `null`, or nothing at all).
    public var isNull: Bool {
        if case .scalar(let scalar) = content, case .null = scalar.kind { return true }
        return false
    }

    /// The value under `key`, if this node is a mapping that has it.
    public subscript(key: String) -> ComposeNode? {
        guard case .mapping(let entries) = content else { return nil }
        return entries.first { $0.key == key }?.value
    }

    /// The entry for `key`, if this node is a mapping that has it.
    public func entry(_ key: String) -> ComposeEntry? {
        entries?.first { $0.key == key }
    }

    /// A short name for the node's type, for messages ("a string", "a list", ...).
    public var typeDescription: String {
        switch content {
        case .scalar(let scalar): scalar.kind.typeDescription
        case .sequence: "a list"
        case .mapping: "a mapping"
        }
    }

    /// A null scalar at `location`.
    public static func null(at location: SourceLocation) -> ComposeNode {
        ComposeNode(.scalar(ComposeScalar(text: "", kind: .null)), at: location)
    }

    /// A string scalar at `location`.
    public static func string(_ text: String, at location: SourceLocation) -> ComposeNode {
        ComposeNode(.scalar(ComposeScalar(text: text, kind: .string)), at: location)
    }
}

/// One `key: value` pair of a mapping.
public struct ComposeEntry: Sendable, Hashable {
    public var key: String
    public var keyLocation: SourceLocation
    public var value: ComposeNode

    public init(key: String, keyLocation: SourceLocation, value: ComposeNode) {
        self.key = key
        self.keyLocation = keyLocation
        self.value = value
    }
}

/// A scalar's text and what YAML 1.2 core resolution (go-yaml v3) made of it.
public struct ComposeScalar: Sendable, Hashable {
    /// The resolved type of a scalar.
    public enum Kind: Sendable, Hashable {
        case null
        case bool
        case int
        case float
        case string

        package var typeDescription: String {
            switch self {
            case .null: "null"
            case .bool: "a boolean"
            case .int: "an integer"
            case .float: "a number"
            case .string: "a string"
            }
        }
    }

    /// The scalar's text after interpolation (for non-strings, the text as written).
    public var text: String
    public var kind: Kind
    /// Whether the text went through variable substitution (and so is now a string).
    public var wasInterpolated: Bool

    public init(text: String, kind: Kind, wasInterpolated: Bool = false) {
        self.text = text
        self.kind = kind
        self.wasInterpolated = wasInterpolated
    }

    /// The integer value: an integer scalar, or a string holding one (as `${CTX}` interpolates to).
    public var integerValue: Int? {
        switch kind {
        case .int: ComposeScalar.parseInteger(text)
        case .string: wasInterpolated ? Int(text.trimmingSpaces) : nil
        default: nil
        }
    }

    /// Parses YAML 1.2 core integer text (decimal, `0x`, `0o`, `0b`, optional sign).
    static func parseInteger(_ text: String) -> Int? {
        var body = Substring(text)
        var negative = false
        if let first = body.first, first == "-" || first == "+" {
            negative = first == "-"
            body = body.dropFirst()
        }
        let radix: Int
        if body.hasPrefix("0x") || body.hasPrefix("0X") {
            radix = 16
        } else if body.hasPrefix("0o") || body.hasPrefix("0O") {
            radix = 8
        } else if body.hasPrefix("0b") || body.hasPrefix("0B") {
            radix = 2
        } else {
            radix = 10
        }
        if radix != 10 { body = body.dropFirst(2) }
        let digits = body.filter { $0 != "_" }
        guard let magnitude = Int(digits, radix: radix) else { return nil }
        return negative ? -magnitude : magnitude
    }
}

extension String {
    package var trimmingSpaces: Substring {
        var slice = Substring(self)
        while let first = slice.first, first == " " || first == "\t" { slice = slice.dropFirst() }
        while let last = slice.last, last == " " || last == "\t" { slice = slice.dropLast() }
        return slice
    }
}

extension ComposeNode {
    /// Removes `key` from a mapping.
    package mutating func removeEntry(_ key: String) {
        guard case .mapping(var entries) = content else { return }
        entries.removeAll { $0.key == key }
        content = .mapping(entries)
    }

    /// Sets `key` in a mapping (replacing in place, or appending).
    package mutating func setEntry(_ key: String, _ value: ComposeNode, keyLocation: SourceLocation? = nil) {
        guard case .mapping(var entries) = content else { return }
        if let position = entries.firstIndex(where: { $0.key == key }) {
            entries[position].value = value
        } else {
            entries.append(ComposeEntry(key: key, keyLocation: keyLocation ?? value.location, value: value))
        }
        content = .mapping(entries)
    }
}
