/// SwiftPM links executables on Linux with `main` aliased to `FuzzDotEnv_main`; that entry hands over to
/// libFuzzer's driver with the test function, so the target runs exactly like a plain libFuzzer binary.
@_cdecl("FuzzDotEnv_main")
public func fuzzDotEnvMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    var count = argc
    var values = argv
    return llvmFuzzerRunDriver(&count, &values, fuzzDotEnv)
}

/// libFuzzer's entry for programs that keep their own `main`.
@_silgen_name("LLVMFuzzerRunDriver")
func llvmFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
) -> Int32
