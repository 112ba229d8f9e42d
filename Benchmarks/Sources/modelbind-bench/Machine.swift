import Foundation

/// What the numbers were measured on: cores, CPU model, memory, Swift version, load.
enum Machine {
    static func description(swiftVersion: String) -> String {
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let model =
            cpuinfo.split(separator: "\n").first { $0.hasPrefix("model name") }
            .map { $0.split(separator: ":", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) } ?? "" }
            ?? "unknown"
        let meminfo = (try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8)) ?? ""
        let memory =
            meminfo.split(separator: "\n").first { $0.hasPrefix("MemTotal") }
            .map { String($0.dropFirst("MemTotal:".count)).trimmingCharacters(in: .whitespaces) } ?? "unknown"
        let load = ((try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? "").split(separator: " ").prefix(
            3)
        return """
            - cores (nproc): \(ProcessInfo.processInfo.activeProcessorCount)
            - CPU: \(model)
            - memory: \(memory)
            - \(swiftVersion)
            - load average at the start: \(load.joined(separator: " "))
            """
    }
}
