@_spi(Testing) import ComposeLoading
import ModelBind

/// libFuzzer entry: substitute the input as a Compose template against a small fixed environment.
///
/// Invariants: a template without `$` comes back unchanged; substituting never traps; a result
/// with no `$` in any variable value and no `$` left is stable when substituted again.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzInterpolation(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    let template = String(decoding: bytes, as: UTF8.self)
    let environment = ["FOO": "first", "BAR": "", "JSON": "{\"json\":2}", "NL": "a\nb", "BRACE": "}"]
    let lookup: (String) -> String? = { environment[$0] }
    do {
        let result = try Interpolation.substitute(template, lookup: lookup)
        if !Interpolation.containsReference(template) {
            precondition(result.value == template, "a template without $ changed")
        }
        if !Interpolation.containsReference(result.value) {
            let again = try Interpolation.substitute(result.value, lookup: lookup)
            precondition(again.value == result.value, "substitution of a $-free result changed it")
        }
        for name in result.unsetVariables {
            precondition(environment[name] == nil, "\(name) is set but reported unset")
        }
    } catch {
        _ = error.description
    }
    _ = Interpolation.operatorChoice(template)
    return 0
}
