import ModelBindSupport

/// Compose's file discovery: the first of the standard names in the directory or its nearest
/// ancestor that has one, plus the first matching override file beside it.
enum ComposeFileDiscovery {
    /// Candidate names in Compose's order of preference (compose-go `DefaultFileNames`).
    static let fileNames = ["compose.yaml", "compose.yml", "docker-compose.yml", "docker-compose.yaml"]
    /// Override names in Compose's order (compose-go `DefaultOverrideFileNames`).
    static let overrideNames = [
        "compose.override.yml", "compose.override.yaml", "docker-compose.override.yml", "docker-compose.override.yaml",
    ]

    struct Found {
        var files: [String]
        var directory: String
        /// Names that were passed over because a preferred one exists (Compose warns about these).
        var ignored: [String]
    }

    /// Searches `directory` and then each parent; `isFile` answers for absolute paths.
    static func discover(from directory: String, isFile: (String) -> Bool) -> Found? {
        var current = directory
        while true {
            let candidates = fileNames.map { PathUtilities.join(current, $0) }.filter(isFile)
            if let winner = candidates.first {
                let overrides = overrideNames.map { PathUtilities.join(current, $0) }.filter(isFile)
                var files = [winner]
                if let override = overrides.first { files.append(override) }
                return Found(
                    files: files, directory: current, ignored: Array(candidates.dropFirst() + overrides.dropFirst()))
            }
            let parent = PathUtilities.directory(of: current)
            if parent == current || current == "/" { return nil }
            current = parent
        }
    }
}
