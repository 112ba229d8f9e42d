import Testing

@testable import ComposeModel
@testable import ModelBind

@Suite("EnvironmentVariableName")
struct EnvironmentVariableNameTests {
    @Test(arguments: [
        ("LLM_URL", true, true),
        ("_x1", true, true),
        ("MY.MODEL_URL", true, false),
        ("EMBEDDING-MODEL_URL", true, false),
        ("ÜBER", true, false),
        ("1ABC", true, false),
        ("", false, false),
        ("A=B", false, false),
        ("A B", false, false),
        ("A\tB", false, false),
        ("A\u{0}B", false, false),
        ("A\u{7F}B", false, false),
        ("A\u{85}B", false, false),
        ("A~!@#%^&*()B", true, false),
        ("A\u{200B}B", false, false),
    ])
    func names(_ name: String, _ valid: Bool, _ posix: Bool) {
        #expect(EnvironmentVariableName.isValid(name) == valid)
        #expect(EnvironmentVariableName.isPOSIX(name) == posix)
    }

    @Test(arguments: [
        ("web", true), ("my-app_2.v1", true), ("-x", true), (".", true), ("", false), ("a b", false), ("a/b", false),
        ("ünï", false), ("a:b", false),
    ])
    func serviceNames(_ name: String, _ valid: Bool) {
        #expect(EnvironmentVariableName.isComposeServiceName(name) == valid)
    }
}
