/// A `NAME=value` list or a `NAME: value` mapping (as `environment:`, `labels:` and
/// `extra_hosts:` are written), seen as an ordered list of names with their nodes.
package struct KeyedList {
    package struct Item {
        var name: String
        /// The value's text; `nil` for a bare `NAME` (no `=`) or a null mapping value.
        var value: String?
        /// The node as written, reused when the style does not change.
        var node: ComposeNode
        var nameLocation: SourceLocation
        /// Whether `node` is the value of a `NAME: value` entry (rather than a `NAME=value` item).
        var isMappingValue: Bool
    }

    package private(set) var items: [Item] = []
    let separator: Character

    package init(_ node: ComposeNode, separator: Character = "=") {
        self.separator = separator
        if let list = node.items {
            for item in list {
                let text = item.scalar?.text ?? ""
                if let split = text.firstIndex(of: separator) {
                    items.append(
                        Item(
                            name: String(text[..<split]),
                            value: String(text[text.index(after: split)...]),
                            node: item,
                            nameLocation: item.location,
                            isMappingValue: false
                        )
                    )
                } else {
                    items.append(
                        Item(name: text, value: nil, node: item, nameLocation: item.location, isMappingValue: false))
                }
            }
        } else if let entries = node.entries {
            for entry in entries {
                let value = entry.value.isNull ? nil : entry.value.scalar?.text
                items.append(
                    Item(
                        name: entry.key,
                        value: value,
                        node: entry.value,
                        nameLocation: entry.keyLocation,
                        isMappingValue: true
                    )
                )
            }
        }
    }

    /// The item for `name`, if present.
    func item(_ name: String) -> Item? {
        items.first { $0.name == name }
    }

    /// Replaces the item with the same name in place, or appends it.
    package mutating func set(_ item: Item) {
        if let position = items.firstIndex(where: { $0.name == item.name }) {
            items[position] = item
        } else {
            items.append(item)
        }
    }

    /// Back to a node in the style of `original` (list or mapping).
    package func node(like original: ComposeNode) -> ComposeNode {
        if original.items != nil {
            let list = items.map { item -> ComposeNode in
                let text = item.value.map { "\(item.name)\(separator)\($0)" } ?? item.name
                return .string(text, at: item.node.location)
            }
            return ComposeNode(.sequence(list), at: original.location, tag: original.tag)
        }
        let entries = items.map { item -> ComposeEntry in
            // A mapping value is reused as written; a `NAME=value` item becomes a string value.
            let value: ComposeNode =
                if item.isMappingValue {
                    item.node
                } else {
                    item.value.map { ComposeNode.string($0, at: item.node.location) } ?? .null(at: item.node.location)
                }
            return ComposeEntry(key: item.name, keyLocation: item.nameLocation, value: value)
        }
        return ComposeNode(.mapping(entries), at: original.location, tag: original.tag)
    }
}
