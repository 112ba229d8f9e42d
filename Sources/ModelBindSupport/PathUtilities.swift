import FoundationEssentials

/// Small path helpers (POSIX paths only).
public enum PathUtilities {
    public static func isAbsolute(_ path: String) -> Bool { path.hasPrefix("/") }

    public static func join(_ directory: String, _ path: String) -> String {
        if isAbsolute(path) { return path }
        if path.hasPrefix("~/"), let home = ProcessInfo.processInfo.environment["HOME"] {
            return home + path.dropFirst(1)
        }
        if directory.isEmpty || directory == "." { return path }
        return directory.hasSuffix("/") ? directory + path : directory + "/" + path
    }

    public static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        if slash == path.startIndex { return "/" }
        return String(path[..<slash])
    }

    public static func lastComponent(_ path: String) -> String {
        let trimmed = path.hasSuffix("/") && path.count > 1 ? String(path.dropLast()) : path
        guard let slash = trimmed.lastIndex(of: "/") else { return trimmed }
        return String(trimmed[trimmed.index(after: slash)...])
    }

    /// `path` made absolute against `base`, with `.` and `..` resolved lexically.
    public static func absolute(_ path: String, base: String) -> String {
        let joined = isAbsolute(path) ? path : join(base, path)
        var parts: [Substring] = []
        for component in joined.split(separator: "/", omittingEmptySubsequences: true) {
            switch component {
            case ".": continue
            case "..": if !parts.isEmpty { parts.removeLast() }
            default: parts.append(component)
            }
        }
        return "/" + parts.joined(separator: "/")
    }

    /// `path` relative to `directory` when it is inside it (`.` for the directory itself), else as given.
    public static func relative(_ path: String, to directory: String) -> String {
        if path == directory { return "." }
        let prefix = directory.hasSuffix("/") ? directory : directory + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }
}
