import FuzzSupport

/// The executable's entry (SwiftPM aliases `main` to `FuzzYAML_main`): libFuzzer's driver runs
/// ``fuzzYAML(_:_:)``; see ``runFuzzer(_:_:_:)``.
@_cdecl("FuzzYAML_main")
public func fuzzYAMLMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runFuzzer(argc, argv, fuzzYAML)
}
