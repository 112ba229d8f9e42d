import FuzzSupport

/// The executable's entry (SwiftPM aliases `main` to `FuzzProgressStream_main`): libFuzzer's driver runs
/// ``fuzzProgressStream(_:_:)``; see ``runFuzzer(_:_:_:)``.
@_cdecl("FuzzProgressStream_main")
public func fuzzProgressStreamMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32
{
    runFuzzer(argc, argv, fuzzProgressStream)
}
