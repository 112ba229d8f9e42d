/// Hands the process over to libFuzzer's driver with `test` as the function under test.
///
/// SwiftPM links each executable target on Linux with `main` aliased to `<Target>_main`; every
/// target's entry calls this from there, so the target runs exactly like a plain libFuzzer binary
/// (all libFuzzer flags work).
public func runFuzzer(
    _ argc: Int32,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
    _ test: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
) -> Int32 {
    var count = argc
    var values = argv
    return llvmFuzzerRunDriver(&count, &values, test)
}

/// libFuzzer's entry for programs that keep their own `main`.
@_silgen_name("LLVMFuzzerRunDriver")
func llvmFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
) -> Int32
