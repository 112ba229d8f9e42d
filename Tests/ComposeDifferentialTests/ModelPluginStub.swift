import Foundation

/// A stand-in `docker model` CLI plugin: a POSIX sh script at `$DOCKER_CONFIG/cli-plugins/docker-model`.
/// It answers what Compose 2.40.3 asks of it while it creates a project (plugin metadata, `ls --json`,
/// `status --json`, `pull`, `configure`) and logs every call's arguments, NUL-separated, to a file
/// of its own (one per process, so concurrent calls never interleave).
struct ModelPluginStub {
    /// The `endpoint` `status --json` reports: what Compose injects as every `*_URL`.
    let endpoint: String
    let callDirectory: String

    /// Writes the plugin under `dockerConfig` and the call log directory.
    static func install(dockerConfig: String, callDirectory: String, endpoint: String) throws -> ModelPluginStub {
        let plugins = dockerConfig + "/cli-plugins"
        try FileManager.default.createDirectory(atPath: plugins, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: callDirectory, withIntermediateDirectories: true)
        try Data("{}\n".utf8).write(to: URL(fileURLWithPath: dockerConfig + "/config.json"))
        let status =
            #"{"running":true,"backends":{"llama.cpp":"running"},"kind":"Docker Engine","endpoint":"\#(endpoint)","endpointHost":"\#(endpoint)"}"#
        let metadata =
            #"{"SchemaVersion":"0.1.0","Vendor":"Docker Inc.","Version":"v1.0.6","ShortDescription":"Docker Model Runner (modelbind test stub)"}"#
        // Only shell built-ins: Compose runs the plugin with the project's environment, whatever PATH it has.
        let script = """
            #!/bin/sh
            # docker-model stub written by the modelbind differential tests
            printf '%s\\0' "$@" > \(shellQuoted(callDirectory))/call.$$
            case "$1" in
              docker-cli-plugin-metadata) printf '%s\\n' \(shellQuoted(metadata)) ;;
              ls) printf '%s\\n' '[]' ;;
              status) printf '%s\\n' \(shellQuoted(status)) ;;
              pull) printf '%s\\n' 'Model pulled successfully' ;;
              configure) ;;
              *) printf 'docker-model stub: unknown command %s\\n' "$1" >&2; exit 1 ;;
            esac
            exit 0

            """
        let path = plugins + "/docker-model"
        try Data(script.utf8).write(to: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        return ModelPluginStub(endpoint: endpoint, callDirectory: callDirectory)
    }

    /// Every logged call's arguments (metadata, `ls` and `status` calls included), in no particular order.
    func calls() -> [[String]] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: callDirectory)) ?? []
        return names.sorted().compactMap { name in
            guard let data = FileManager.default.contents(atPath: callDirectory + "/" + name) else { return nil }
            var arguments = data.split(separator: 0, omittingEmptySubsequences: false).map {
                String(decoding: $0, as: UTF8.self)
            }
            if arguments.last == "" { arguments.removeLast() }
            return arguments
        }
    }

    private static func shellQuoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: #"'\''"#) + "'"
    }
}
