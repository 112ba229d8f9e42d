import FuzzSupport

/// The executable's entry (SwiftPM aliases `main` to `FuzzInterpolation_main`): libFuzzer's driver runs
/// ``fuzzInterpolation(_:_:)``; see ``runFuzzer(_:_:_:)``.
@_cdecl("FuzzInterpolation_main")
public func fuzzInterpolationMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runFuzzer(argc, argv, fuzzInterpolation)
}
