/// Compose's project-name rules.
enum ProjectName {
    /// compose-go `NormalizeProjectName`: lower-case, keep `[a-z0-9_-]`, trim leading `_` and `-`.
    static func normalize(_ name: String) -> String {
        let kept = name.lowercased().unicodeScalars.filter { scalar in
            ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "_" || scalar == "-"
        }
        return String(String.UnicodeScalarView(kept).drop { $0 == "_" || $0 == "-" })
    }

    /// Whether an explicitly given name is valid: `^[a-z0-9][a-z0-9_-]*$`.
    static func isValid(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, ("a"..."z").contains(first) || ("0"..."9").contains(first) else {
            return false
        }
        return name.unicodeScalars.allSatisfy { scalar in
            ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "_" || scalar == "-"
        }
    }
}
