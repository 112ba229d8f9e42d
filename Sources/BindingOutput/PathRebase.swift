import ModelBindSupport

/// A project's relative paths seen from another directory: Compose resolves them against the
/// directory of the (first) compose file, so a wrapped file written elsewhere must point them back
/// to where the user wrote them (`./data` in /p seen from /p/out is `../data`).
public struct PathRebase: Sendable, Equatable {
    /// The project directory the paths are relative to (absolute).
    public var from: String
    /// The directory of the file they are written into (absolute).
    public var to: String

    public init(from: String, to: String) {
        self.from = PathUtilities.absolute(from, base: "/")
        self.to = PathUtilities.absolute(to, base: "/")
    }

    /// Whether anything moves.
    public var isIdentity: Bool { from == to }

    /// `path` as seen from ``to``; `path` itself when it is absolute, a URL, in the home directory or
    /// Compose's `.`; nil when it holds a variable (its value is not known until Compose interpolates it).
    public func rebased(_ path: String) -> String? {
        guard !isIdentity, !path.hasPrefix("/"), !path.hasPrefix("~"), !path.contains("://"),
            !path.hasPrefix("git@")
        else { return path }
        guard !path.contains("$") else { return nil }
        let target = PathUtilities.absolute(path, base: from)
        let targetParts = target.split(separator: "/")
        let baseParts = to.split(separator: "/")
        var common = 0
        while common < min(targetParts.count, baseParts.count), targetParts[common] == baseParts[common] { common += 1 }
        let up = Array(repeating: "..", count: baseParts.count - common)
        let down = targetParts[common...].map(String.init)
        let relative = (up + down).joined(separator: "/")
        return relative.isEmpty ? "." : relative.hasPrefix("..") ? relative : "./" + relative
    }

    /// A volume's short syntax (`SRC:DST[:MODE]`) with a local SRC rebased; the entry itself when
    /// SRC is a named volume or absolute; nil when SRC holds a variable.
    public func rebasedVolume(_ entry: String) -> String? {
        guard let colon = entry.firstIndex(of: ":") else { return entry }
        let source = String(entry[..<colon])
        guard source.hasPrefix(".") || source.hasPrefix("$") else { return entry }
        return rebased(source).map { $0 + entry[colon...] }
    }
}
