/// Checks for environment variable names and Compose service names.
public enum EnvironmentVariableName {
    /// Whether `name` can be an environment variable name for a container: non-empty, no `=`
    /// (it would split `NAME=value`), and no whitespace or control characters (including NUL),
    /// which Compose files, `docker run -e` and env files cannot carry reliably. Other characters
    /// (`.`, `-`, non-ASCII letters) are accepted, as Docker and Compose accept them; see
    /// ``isPOSIX(_:)`` for names every shell can use.
    public static func isValid(_ name: String) -> Bool {
        if name.utf8.allSatisfy({ $0 < 0x80 }) {
            // ASCII has no format or separator characters; whitespace and controls are <= 0x20 and 0x7F.
            return !name.isEmpty && name.utf8.allSatisfy { $0 > 0x20 && $0 != 0x7F && $0 != UInt8(ascii: "=") }
        }
        return !name.isEmpty
            && name.unicodeScalars.allSatisfy { scalar in
                scalar != "=" && !scalar.properties.isWhitespace
                    && scalar.properties.generalCategory != .control
                    && scalar.properties.generalCategory != .format
                    && scalar.properties.generalCategory != .lineSeparator
                    && scalar.properties.generalCategory != .paragraphSeparator
            }
    }

    /// Whether `name` matches `^[A-Za-z_][A-Za-z0-9_]*$` (usable from any POSIX shell).
    public static func isPOSIX(_ name: String) -> Bool {
        guard let first = name.utf8.first, first == UInt8(ascii: "_") || isASCIILetter(first) else { return false }
        return name.utf8.allSatisfy { $0 == UInt8(ascii: "_") || isASCIILetter($0) || isASCIIDigit($0) }
    }

    /// Whether `name` is a valid Compose service name: the compose-spec schema's
    /// `^[a-zA-Z0-9._-]+$`. Note that this admits `.` and `..`; do not use a service name alone as
    /// a path component without checking for those.
    public static func isComposeServiceName(_ name: String) -> Bool {
        !name.isEmpty
            && name.utf8.allSatisfy {
                isASCIILetter($0) || isASCIIDigit($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_")
                    || $0 == UInt8(ascii: "-")
            }
    }

    /// Whether `name` can be a key of an env file as Compose reads one (compose-go's dotenv
    /// parser): letters and digits of any script, and `_ . - [ ]`.
    public static func isEnvFileKey(_ name: String) -> Bool {
        guard !name.isEmpty else { return false }
        if name.utf8.allSatisfy({ $0 < 0x80 }) {
            return name.utf8.allSatisfy { isASCIILetter($0) || isASCIIDigit($0) || "_.-[]".utf8.contains($0) }
        }
        return name.unicodeScalars.allSatisfy(isEnvFileKeyCharacter)
    }

    /// One character of ``isEnvFileKey(_:)``.
    public static func isEnvFileKeyCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "_", ".", "-", "[", "]": return true
        default:
            switch scalar.properties.generalCategory {
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter, .decimalNumber,
                .letterNumber, .otherNumber:
                return true
            default:
                return false
            }
        }
    }

    private static func isASCIILetter(_ b: UInt8) -> Bool {
        (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z"))
    }

    private static func isASCIIDigit(_ b: UInt8) -> Bool {
        b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")
    }
}
