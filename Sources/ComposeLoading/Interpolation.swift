/// Compose variable substitution with compose-go's `template.Substitute` semantics.
///
/// Rules (see Tests/ModelBindTests/Fixtures/conformance/interpolation.json):
/// - a name is `[_a-zA-Z][_a-zA-Z0-9]*` (ASCII, case-sensitive lookup);
/// - `$$` is a literal `$`; a `$` not followed by `$`, `{` or a name start stays literal
///   (`$1`, `$(cmd)`, `a $ b`, `$}`);
/// - `$NAME`, `${NAME}`, and `${NAME<op>arg}` with `<op>` one of `:-` `-` `:?` `?` `:+` `+`
///   written directly after the name (the earliest operator; the two-character form wins);
/// - the argument runs to the first balanced `}` (braces are counted, so `${x:-{"a":1}}` works)
///   within the last `}` of the same line, and is substituted lazily, only when it is used;
/// - anything else after `${` is an invalid template; the first error wins.
public enum Interpolation {
    /// The operators of a braced expression.
    public enum Operator: String, Sendable, CaseIterable {
        /// `:?` — error when unset or empty.
        case requiredNonEmpty = ":?"
        /// `?` — error when unset.
        case required = "?"
        /// `:-` — default when unset or empty.
        case defaultWhenEmptyOrUnset = ":-"
        /// `-` — default when unset.
        case defaultWhenUnset = "-"
        /// `:+` — alternate when set and non-empty.
        case alternateWhenNonEmpty = ":+"
        /// `+` — alternate when set.
        case alternateWhenSet = "+"
    }

    /// Substitutes `template`; `lookup` returns nil for an unset variable and "" for a set-but-empty one.
    public static func substitute(
        _ template: String,
        lookup: (String) -> String?
    ) throws(InterpolationError) -> InterpolationResult {
        guard containsReference(template) else {
            return InterpolationResult(value: template, unsetVariables: [])
        }
        var state = UnsetTracker()
        let bytes = Array(template.utf8)
        let out = try run(bytes[...], lookup: lookup, unset: &state)
        return InterpolationResult(value: String(decoding: out, as: UTF8.self), unsetVariables: state.names)
    }

    /// Whether `s` contains a `$` at all (strings without one never change and never fail).
    public static func containsReference(_ s: String) -> Bool {
        s.utf8.contains(dollar)
    }

    /// The operator compose-go applies to the text between `${` and `}`, or nil when the text is a
    /// bare name or not a valid expression.
    @_spi(Testing) public static func operatorChoice(_ expression: String) -> Operator? {
        let bytes = Array(expression.utf8)
        guard let first = bytes.first, isNameStart(first) else { return nil }
        let end = nameEnd(bytes[...], from: 0)
        return operatorAt(bytes[...], end)?.op
    }

    // MARK: - Implementation

    private static let dollar = UInt8(ascii: "$")
    private static let openBrace = UInt8(ascii: "{")
    private static let closeBrace = UInt8(ascii: "}")
    private static let newline = UInt8(ascii: "\n")

    private struct UnsetTracker {
        var names: [String] = []
        var seen: Set<String> = []
        mutating func record(_ name: String) {
            if seen.insert(name).inserted { names.append(name) }
        }
    }

    private static func isNameStart(_ b: UInt8) -> Bool {
        b == UInt8(ascii: "_") || (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z"))
            || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z"))
    }

    private static func isNameChar(_ b: UInt8) -> Bool {
        isNameStart(b) || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9"))
    }

    private static func nameEnd(_ t: ArraySlice<UInt8>, from start: Int) -> Int {
        var i = start
        while i < t.endIndex, isNameChar(t[i]) { i += 1 }
        return i
    }

    private static func operatorAt(_ t: ArraySlice<UInt8>, _ i: Int) -> (op: Operator, end: Int)? {
        guard i < t.endIndex else { return nil }
        func single(_ b: UInt8) -> Operator? {
            switch b {
            case UInt8(ascii: "?"): return .required
            case UInt8(ascii: "-"): return .defaultWhenUnset
            case UInt8(ascii: "+"): return .alternateWhenSet
            default: return nil
            }
        }
        if t[i] == UInt8(ascii: ":"), i + 1 < t.endIndex, let one = single(t[i + 1]) {
            switch one {
            case .required: return (.requiredNonEmpty, i + 2)
            case .defaultWhenUnset: return (.defaultWhenEmptyOrUnset, i + 2)
            default: return (.alternateWhenNonEmpty, i + 2)
            }
        }
        if let one = single(t[i]) { return (one, i + 1) }
        return nil
    }

    /// compose-go's getFirstBraceClosingIndex over `t[start...last]`: counts `{` (skipping the
    /// character after each) and `}`; returns the index where the count returns to zero.
    private static func firstClosingBrace(_ t: ArraySlice<UInt8>, from start: Int, through last: Int) -> Int? {
        var open = 0
        var i = start
        while i <= last {
            if t[i] == closeBrace {
                open -= 1
                if open == 0 { return i }
            }
            if t[i] == openBrace {
                open += 1
                i += 1
            }
            i += 1
        }
        return nil
    }

    private static func string(_ t: ArraySlice<UInt8>) -> String {
        String(decoding: t, as: UTF8.self)
    }

    private static func run(
        _ t: ArraySlice<UInt8>,
        lookup: (String) -> String?,
        unset: inout UnsetTracker
    ) throws(InterpolationError) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(t.count)
        var i = t.startIndex
        let end = t.endIndex
        while i < end {
            guard let d = t[i..<end].firstIndex(of: dollar) else {
                out.append(contentsOf: t[i..<end])
                break
            }
            out.append(contentsOf: t[i..<d])
            let n = d + 1
            guard n < end else {
                out.append(dollar)
                break
            }
            let c = t[n]
            if c == dollar {
                out.append(dollar)
                i = n + 1
            } else if isNameStart(c) {
                let e = nameEnd(t, from: n)
                let name = string(t[n..<e])
                if let value = lookup(name) {
                    out.append(contentsOf: value.utf8)
                } else {
                    unset.record(name)
                }
                i = e
            } else if c == openBrace {
                i = try braced(t, dollarAt: d, into: &out, lookup: lookup, unset: &unset)
            } else {
                out.append(dollar)
                i = n
            }
        }
        return out
    }

    /// Handles `${...}` starting at `d`; appends the replacement and returns where scanning resumes.
    private static func braced(
        _ t: ArraySlice<UInt8>,
        dollarAt d: Int,
        into out: inout [UInt8],
        lookup: (String) -> String?,
        unset: inout UnsetTracker
    ) throws(InterpolationError) -> Int {
        let end = t.endIndex
        let s = d + 2
        guard s < end, isNameStart(t[s]) else { throw .invalidTemplate(string(t)) }
        let e = nameEnd(t, from: s)
        if e < end, t[e] == closeBrace {
            let name = string(t[s..<e])
            if let value = lookup(name) {
                out.append(contentsOf: value.utf8)
            } else {
                unset.record(name)
            }
            return e + 1
        }
        guard let (op, argumentStart) = operatorAt(t, e) else { throw .invalidTemplate(string(t)) }
        // The regex's greedy `(.*)}` reaches the last `}` on this line.
        let lineEnd = t[argumentStart..<end].firstIndex(of: newline) ?? end
        guard let last = t[argumentStart..<lineEnd].lastIndex(of: closeBrace) else {
            throw .invalidTemplate(string(t))
        }
        let close = firstClosingBrace(t, from: d, through: last)
        let argument = t[argumentStart..<(close ?? last)]
        let name = string(t[s..<e])
        let value = try apply(op, name: name, argument: argument, lookup: lookup, unset: &unset)
        out.append(contentsOf: value)
        if let close, close < last {
            // compose-go substitutes the text after the expression as a template of its own.
            out.append(contentsOf: try run(t[(close + 1)...last], lookup: lookup, unset: &unset))
        }
        return last + 1
    }

    private static func apply(
        _ op: Operator,
        name: String,
        argument: ArraySlice<UInt8>,
        lookup: (String) -> String?,
        unset: inout UnsetTracker
    ) throws(InterpolationError) -> [UInt8] {
        let value = lookup(name)
        switch op {
        case .defaultWhenEmptyOrUnset, .defaultWhenUnset:
            if value == nil || (op == .defaultWhenEmptyOrUnset && value == "") {
                return try run(argument, lookup: lookup, unset: &unset)
            }
            return Array((value ?? "").utf8)
        case .alternateWhenNonEmpty, .alternateWhenSet:
            if let value, op == .alternateWhenSet || !value.isEmpty {
                return try run(argument, lookup: lookup, unset: &unset)
            }
            return Array((value ?? "").utf8)
        case .requiredNonEmpty, .required:
            if value == nil || (op == .requiredNonEmpty && value == "") {
                let reason = try run(argument, lookup: lookup, unset: &unset)
                throw .missingRequired(variable: name, reason: String(decoding: reason, as: UTF8.self))
            }
            return Array((value ?? "").utf8)
        }
    }
}
