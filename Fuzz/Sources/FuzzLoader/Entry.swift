import FuzzSupport

/// The executable's entry (SwiftPM aliases `main` to `FuzzLoader_main`): libFuzzer's driver runs
/// ``fuzzLoader(_:_:)``; see ``runFuzzer(_:_:_:)``.
@_cdecl("FuzzLoader_main")
public func fuzzLoaderMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runFuzzer(argc, argv, fuzzLoader)
}
