import Foundation
import Testing

@testable import ModelRunnerSim

/// The simulator's own reference normalisation and flag validation, held against the project's shared vectors
/// (`../shared/conformance/*.json`, read where they are, not a copy), as the library's are in ModelBindTests.
@Suite struct ConformanceVectorTests {
    /// `../shared/conformance/<name>` relative to the package root, decoded as a JSON object.
    static func vectors(_ name: String) throws -> [String: Any] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let url = root.deletingLastPathComponent().appendingPathComponent("shared/conformance/\(name)")
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw MissingVectors(path: url.standardizedFileURL.path)
        }
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    struct MissingVectors: Error, CustomStringConvertible {
        var path: String
        var description: String {
            "the shared conformance vectors are missing: \(path) (the simulator's tests read ../shared/conformance "
                + "next to the package root)"
        }
    }

    static func cases(_ object: [String: Any], _ key: String) throws -> [[String: Any]] {
        try #require(object[key] as? [[String: Any]], "\(key) is not an array of objects")
    }

    // MARK: model-references.json

    @Test func referenceNormalisationFollowsTheVectors() throws {
        let file = try Self.vectors("model-references.json")
        let stores = try #require(file["stores"] as? [String: [String: Any]])
        let cases = try Self.cases(file, "cases")
        #expect(cases.count >= 60)
        for item in cases {
            let name = item["name"] as? String ?? "?"
            let input = try #require(item["input"] as? String)
            let storeName = try #require(item["store"] as? String)
            let store = try #require(stores[storeName])
            let registry = item["default_registry"] as? String ?? store["default_registry"] as? String ?? "docker.io"
            let entries = (store["models"] as? [[String: Any]] ?? []).map {
                SimReference.Entry(id: $0["id"] as? String ?? "", tags: $0["tags"] as? [String] ?? [])
            }
            let ids = entries.map(\.id)
            let kind = SimReference.kind(input, defaultRegistry: registry)
            #expect(kind.rawValue == item["kind"] as? String, "kind: \(name)")
            let valid = kind == .tag || kind == .digest || kind == .id
            #expect(valid == item["valid"] as? Bool, "valid: \(name)")
            #expect(
                SimReference.normalizeModelName(input, storeIDs: ids) == item["normalized_name"] as? String,
                "normalized_name: \(name)")
            #expect(
                SimReference.canonical(input, storeIDs: ids, defaultRegistry: registry)
                    == item["normalized"] as? String, "normalized: \(name)")
            #expect(
                SimReference.storeTag(input, defaultRegistry: registry) == item["store_tag"] as? String,
                "store_tag: \(name)")
            let resolved = SimReference.find(input, in: entries, defaultRegistry: registry).map { entries[$0].id }
            #expect(resolved == item["resolves_to"] as? String, "resolves_to: \(name)")
        }
    }

    @Test func idDetectionAndHuggingFacePrefixFollowTheVectors() throws {
        let file = try Self.vectors("model-references.json")
        for item in try Self.cases(file, "id_detection_cases") {
            let input = try #require(item["input"] as? String)
            let function = try #require(item["function"] as? String)
            let actual =
                function == "looksLikeID" ? SimReference.looksLikeID(input) : SimReference.looksLikeDigest(input)
            #expect(actual == item["expected"] as? Bool, "\(item["name"] ?? "?")")
        }
        for item in try Self.cases(file, "is_huggingface_cases") {
            let input = try #require(item["input"] as? String)
            #expect(SimReference.isHuggingFace(input) == item["is_huggingface"] as? Bool, "\(item["name"] ?? "?")")
        }
    }

    // MARK: runtime-flags-allowlist.json

    @Test func generatedAllowlistEqualsTheVectors() throws {
        let file = try Self.vectors("runtime-flags-allowlist.json")
        let backends = try #require(file["backends"] as? [String: [String]])
        #expect(Set(backends.keys) == Set(SimFlagAllowlist.allowedKeys.keys))
        for (backend, flags) in backends {
            #expect(SimFlagAllowlist.allowedKeys[backend] == Set(flags), "allowlist of \(backend)")
        }
        let without = try #require(file["backends_without_allowlist"] as? [String])
        #expect(SimFlagAllowlist.backendsWithoutAllowlist == Set(without))
        for backend in without { #expect(SimFlagAllowlist.allowedKeys[backend] == nil) }
        for flag in try #require(file["must_not_be_allowed"] as? [String]) {
            for (backend, allowed) in SimFlagAllowlist.allowedKeys {
                #expect(!allowed.contains(flag), "\(flag) must not be allowed for \(backend)")
            }
        }
        // Every backend the simulator serves by default has an allowlist or is known to have none.
        for backend in SimConfiguration.defaultBackends.keys {
            #expect(
                SimFlagAllowlist.allowedKeys[backend] != nil
                    || SimFlagAllowlist.backendsWithoutAllowlist.contains(backend))
        }
    }

    @Test func flagValidationFollowsTheVectors() throws {
        let file = try Self.vectors("runtime-flags-allowlist.json")
        let cases = try Self.cases(file, "cases")
        #expect(cases.count >= 30)
        for item in cases {
            let name = item["name"] as? String ?? "?"
            let backend = try #require(item["backend"] as? String)
            let flags = try #require(item["flags"] as? [String])
            let problem = SimFlagAllowlist.problem(flags: flags, backend: backend)
            if item["ok"] as? Bool == true {
                #expect(problem == nil, "\(name)")
            } else {
                #expect(problem == item["error_message"] as? String, "\(name)")
                if let contains = item["error_contains"] as? String {
                    #expect(problem?.contains(contains) == true, "\(name)")
                }
            }
        }
        for item in try Self.cases(file, "parse_flag_key_cases") {
            let flag = try #require(item["flag"] as? String)
            #expect(SimFlagAllowlist.flagKey(flag) == item["expected_key"] as? String, "\(item["name"] ?? "?")")
        }
        for item in try Self.cases(file, "path_safety_cases") {
            let flags = try #require(item["flags"] as? [String])
            let problem = SimFlagAllowlist.pathProblem(flags: flags)
            if item["ok"] as? Bool == true {
                #expect(problem == nil, "\(item["name"] ?? "?")")
            } else {
                #expect(problem == item["error_message"] as? String, "\(item["name"] ?? "?")")
            }
        }
    }
}
