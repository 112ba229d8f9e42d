@_spi(Testing) import ComposeLoading
import ModelBind

/// libFuzzer entry: parse the input as a `.env` file, then write what it read with ``DotEnvWriter``
/// and parse that again: every value the writer accepts must come back exactly.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDotEnv(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    let text = String(decoding: bytes, as: UTF8.self)
    let environment = ["HOME": "/root", "EMPTY": ""]
    guard let pairs = try? DotEnv.parse(text, lookup: { environment[$0] }) else { return 0 }
    _ = try? DotEnv.environment(fromFiles: [text, text], lookup: { environment[$0] })
    for pair in pairs {
        guard let line = try? DotEnvWriter.line(name: pair.key, value: pair.value) else { continue }
        let reread: [(key: String, value: String)]
        do {
            reread = try DotEnv.parse(line + "\n")
        } catch {
            preconditionFailure("the writer's line \(line.debugDescription) does not parse: \(error)")
        }
        precondition(
            reread.count == 1 && reread[0].key == pair.key && reread[0].value == pair.value,
            "round trip of \(pair.key)=\(pair.value.debugDescription) via \(line.debugDescription) gave \(reread)")
    }
    return 0
}
