import Foundation

/// A stand-in `docker model` CLI plugin: a POSIX sh script at `$DOCKER_CONFIG/cli-plugins/docker-model`.
/// It answers what Compose 2.40.3 asks of it while it creates a project (plugin metadata, `ls --json`,
/// `status --json`, `pull`, `configure`) and logs every call's arguments, NUL-separated, to a file
/// of its own (one per process, so concurrent calls never interleave).
struct ModelPluginStub {
    /// The `endpoint` `status --json` reports: what Compose injects as every `*_URL`.
    let endpoint: String
    let callDirectory: String

    /// Puts the plugin under `dockerConfig`: a symbolic link to the one script of this process, which
    /// reads its answers from `dockerConfig` (`stub-status.json`) and logs into `dockerConfig/calls`
    /// (a link to `callDirectory`). Writing an executable per case raced with processes other tests
    /// fork meanwhile (they inherit the open file until they exec: "text file busy" when Compose
    /// then runs it); the one script is written once, before any case runs it.
    static func install(dockerConfig: String, callDirectory: String, endpoint: String) throws -> ModelPluginStub {
        let plugins = dockerConfig + "/cli-plugins"
        try FileManager.default.createDirectory(atPath: plugins, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: callDirectory, withIntermediateDirectories: true)
        try Data("{}\n".utf8).write(to: URL(fileURLWithPath: dockerConfig + "/config.json"))
        let status =
            #"{"running":true,"backends":{"llama.cpp":"running"},"kind":"Docker Engine","endpoint":"\#(endpoint)","endpointHost":"\#(endpoint)"}"#
        try Data((status + "\n").utf8).write(to: URL(fileURLWithPath: dockerConfig + "/stub-status.json"))
        try FileManager.default.createSymbolicLink(atPath: dockerConfig + "/calls", withDestinationPath: callDirectory)
        try FileManager.default.createSymbolicLink(
            atPath: plugins + "/docker-model", withDestinationPath: try sharedScript.get())
        return ModelPluginStub(endpoint: endpoint, callDirectory: callDirectory)
    }

    /// The script, written once per test process.
    static let sharedScript: Result<String, any Error> = Result {
        let directory = FileManager.default.temporaryDirectory.path + "/mb-model-plugin-" + UUID().uuidString.prefix(8)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let metadata =
            #"{"SchemaVersion":"0.1.0","Vendor":"Docker Inc.","Version":"v1.0.6","ShortDescription":"Docker Model Runner (modelbind test stub)"}"#
        // Only shell built-ins: Compose runs the plugin with the project's environment, whatever PATH
        // it has. $0 is the link in the case's cli-plugins directory; its parent holds the answers.
        let script = """
            #!/bin/sh
            # docker-model stub written by the modelbind differential tests
            config=${0%/*}/..
            printf '%s\\0' "$@" > "$config/calls/call.$$"
            case "$1" in
              docker-cli-plugin-metadata) printf '%s\\n' \(shellQuoted(metadata)) ;;
              ls) printf '%s\\n' '[]' ;;
              status) read -r line < "$config/stub-status.json"; printf '%s\\n' "$line" ;;
              pull) printf '%s\\n' 'Model pulled successfully' ;;
              configure) ;;
              *) printf 'docker-model stub: unknown command %s\\n' "$1" >&2; exit 1 ;;
            esac
            exit 0

            """
        let path = directory + "/docker-model"
        try Data(script.utf8).write(to: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        return path
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
