/// SwiftPM links executables on Linux with `main` aliased to `FuzzInterpolation_main`; that entry hands over to
/// libFuzzer's driver with the test function, so the target runs exactly like a plain libFuzzer binary.
@_cdecl("FuzzInterpolation_main")
public func fuzzInterpolationMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    var count = argc
    var values = argv
    return llvmFuzzerRunDriver(&count, &values, fuzzInterpolation)
}

/// libFuzzer's entry for programs that keep their own `main`.
@_silgen_name("LLVMFuzzerRunDriver")
func llvmFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
) -> Int32
