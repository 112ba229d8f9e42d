/// Where each name first occurred in a list of names seen one at a time (the variables a service's
/// bindings set). Lookups scan while there are few names, which is the usual case and beats hashing
/// each one, and use a table past ``scanLimit`` names, so a service with thousands of bindings stays
/// linear.
package struct FirstPositions {
    static let scanLimit = 16

    package init() {}

    /// Each distinct name with the position it first occurred at, in order.
    private var firsts: [(name: String, position: Int)] = []
    /// The same, by name; filled once there are more than ``scanLimit`` names.
    private var table: [String: Int] = [:]

    /// Forgets every name, keeping the storage for the next list.
    package mutating func removeAll() {
        firsts.removeAll(keepingCapacity: true)
        table.removeAll(keepingCapacity: true)
    }

    /// The position `name` first occurred at, if it did.
    package func position(of name: String) -> Int? {
        firsts.count <= Self.scanLimit ? firsts.first { $0.name == name }?.position : table[name]
    }

    /// Records `name` as occurring at `position`; returns the earlier position instead (recording
    /// nothing) when it occurred before.
    package mutating func insert(_ name: String, at position: Int) -> Int? {
        if let earlier = self.position(of: name) { return earlier }
        firsts.append((name, position))
        if firsts.count == Self.scanLimit + 1 {
            for first in firsts { table[first.name] = first.position }
        } else if firsts.count > Self.scanLimit {
            table[name] = position
        }
        return nil
    }
}
