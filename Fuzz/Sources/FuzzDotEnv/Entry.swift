import FuzzSupport

/// The executable's entry (SwiftPM aliases `main` to `FuzzDotEnv_main`): libFuzzer's driver runs
/// ``fuzzDotEnv(_:_:)``; see ``runFuzzer(_:_:_:)``.
@_cdecl("FuzzDotEnv_main")
public func fuzzDotEnvMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runFuzzer(argc, argv, fuzzDotEnv)
}
