import Foundation

enum CaseGenerator {
    static let defaultCount = 0
    static let seed: UInt64 = 1
    static func cases(count: Int, seed: UInt64) -> [DifferentialCase] { [] }
}
