import Foundation

enum ConformanceCases {
    static func all() -> [DifferentialCase] { [] }
}
