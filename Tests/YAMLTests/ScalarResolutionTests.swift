import Testing
import YAML

struct ScalarResolutionTests {
    /// Plain, untagged scalars under go-yaml v3's resolve.go.
    static let plainCases: [(String, YAMLScalarValue)] = [
        // null
        ("~", .null), ("null", .null), ("Null", .null), ("NULL", .null), ("nULL", .string("nULL")),
        // bool: only true/false spellings; YAML 1.1 words stay strings
        ("true", .bool(true)), ("True", .bool(true)), ("TRUE", .bool(true)),
        ("false", .bool(false)), ("False", .bool(false)), ("FALSE", .bool(false)), ("tRUE", .string("tRUE")),
        ("yes", .string("yes")), ("Yes", .string("Yes")), ("no", .string("no")), ("NO", .string("NO")),
        ("on", .string("on")), ("On", .string("On")), ("off", .string("off")), ("OFF", .string("OFF")),
        ("y", .string("y")), ("Y", .string("Y")), ("n", .string("n")), ("N", .string("N")),
        // ints
        ("0", .int(0)), ("42", .int(42)), ("-17", .int(-17)), ("+8", .int(8)),
        ("0x1F", .int(31)), ("0X1f", .int(31)), ("-0x10", .int(-16)),
        ("0o17", .int(15)), ("0O17", .int(15)), ("0b101", .int(5)), ("-0b11", .int(-3)),
        ("012", .int(10)), ("0755", .int(493)), ("-012", .int(-10)), ("1_000", .int(1000)), ("0x_1F", .int(31)),
        ("9223372036854775807", .int(Int.max)), ("-9223372036854775808", .int(Int.min)),
        ("0b-101", .int(-5)), ("0o+17", .int(15)),
        // floats
        ("1e3", .float(1000)), ("1E3", .float(1000)), ("1.5", .float(1.5)), ("-2.5e-3", .float(-0.0025)),
        ("1.", .float(1)), (".5", .float(0.5)), ("-.5", .float(-0.5)), ("+1.0", .float(1)),
        ("08", .float(8)), ("09.5", .float(9.5)), (".5_5", .float(0.55)), ("1_0.5", .float(10.5)),
        ("9223372036854775808", .float(9_223_372_036_854_775_808)),
        ("100000000000000000000", .float(1e20)),
        (".inf", .float(.infinity)), (".Inf", .float(.infinity)), (".INF", .float(.infinity)),
        ("+.inf", .float(.infinity)), ("-.inf", .float(-.infinity)), ("-.INF", .float(-.infinity)),
        // strings
        ("1e400", .string("1e400")), (".", .string(".")), ("0x", .string("0x")), ("0xG", .string("0xG")),
        ("22:22", .string("22:22")), ("1:20:30", .string("1:20:30")), ("8080:80", .string("8080:80")),
        ("2001-12-14", .string("2001-12-14")), ("1.2.3", .string("1.2.3")), ("1e", .string("1e")),
        ("+", .string("+")), ("-x", .string("-x")), ("-0b-1", .string("-0b-1")), ("._5", .string("._5")),
        ("<<", .string("<<")), ("=", .string("=")), ("inf", .string("inf")), ("nan", .string("nan")),
        ("-.nan", .string("-.nan")), ("0.0.0.0", .string("0.0.0.0")), ("ai/smollm2", .string("ai/smollm2")),
        ("1_", .int(1)),
    ]

    @Test(arguments: plainCases)
    func plainScalarResolvesLikeGoYAML(input: String, expected: YAMLScalarValue) throws {
        let doc = try read("v: \(input)\n")
        let node = try #require(doc.node("v"))
        #expect(doc.value(of: node) == expected, "\(input)")
    }

    @Test(arguments: [".nan", ".NaN", ".NAN"])
    func notANumber(input: String) throws {
        let doc = try read("v: \(input)\n")
        let node = try #require(doc.node("v"))
        guard case .float(let value) = doc.value(of: node) else {
            Issue.record("\(input) is not a float")
            return
        }
        #expect(value.isNaN)
    }

    @Test func emptyValueIsNull() throws {
        let doc = try read("v:\nw: \"\"\n")
        #expect(doc.node("v").map { doc.value(of: $0) } == .null)
        #expect(doc.node("w").map { doc.value(of: $0) } == .string(""))
    }

    @Test(arguments: [
        ("\"true\"", YAMLScalarValue.string("true")), ("'123'", .string("123")), ("\"~\"", .string("~")),
        ("|\n  12\n", .string("12\n")), (">-\n  true\n", .string("true")), ("!!str 123", .string("123")),
        ("!!str true", .string("true")), ("!!int \"12\"", .int(12)), ("!!float 3", .float(3)),
        ("!!bool \"true\"", .bool(true)), ("!!null ''", .null), ("!!int abc", .string("abc")),
        ("!custom 12", .string("12")), ("!reset null", .string("null")), ("! 12", .int(12)),
    ])
    func quotedBlockAndTaggedScalars(input: String, expected: YAMLScalarValue) throws {
        let doc = try read("v: \(input)\n")
        let node = try #require(doc.node("v"))
        #expect(doc.value(of: node) == expected, "\(input)")
    }

    @Test func collectionsHaveNoScalarValue() throws {
        let doc = try read("v: [1]\n")
        let node = try #require(doc.node("v"))
        #expect(doc.value(of: node) == .null)
        #expect(doc.text(of: node) == "")
    }
}
