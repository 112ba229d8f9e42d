import ComposeModel
import ModelBindSupport

/// `extends:`: a service starts from another service (in the same project or in `file:`) and
/// its own settings are merged on top with the usual rules, so service `models` are unioned.
/// Only the service is taken from `file:`, never that file's top-level models (as Compose).
extension LoadSession {
    /// `document` with every service's `extends` resolved.
    mutating func resolveExtends(_ document: ComposeNode, lookup: @escaping @Sendable (String) -> String?)
        -> ComposeNode
    {
        guard let services = document["services"]?.entries,
            services.contains(where: { $0.value["extends"] != nil })
        else { return document }
        var resolvedServices = services
        for (position, service) in services.enumerated() where service.value["extends"] != nil {
            if let resolved = resolveService(service.key, in: services, fileKey: "", lookup: lookup, stack: []) {
                resolvedServices[position].value = resolved
            }
        }
        var result = document
        if let servicesNode = document["services"] {
            result.setEntry("services", ComposeNode(.mapping(resolvedServices), at: servicesNode.location))
        }
        return result
    }

    private mutating func resolveService(
        _ name: String,
        in services: [ComposeEntry],
        fileKey: String,
        lookup: @escaping @Sendable (String) -> String?,
        stack: [String]
    ) -> ComposeNode? {
        guard let service = services.first(where: { $0.key == name })?.value else { return nil }
        guard let extends = service["extends"] else { return service }
        let key = fileKey + "#" + name
        guard !stack.contains(key) else {
            diagnostics.append(
                Diagnostic(
                    Rule.composition,
                    "extends cycle: service \"\(name)\" extends itself through \(stack.count) step(s)",
                    hint: "Break the chain of `extends`.",
                    at: extends.location
                )
            )
            fatal = true
            return nil
        }
        var baseName: String?
        var baseFile: String?
        if let short = extends.string {
            baseName = short
        } else if let entries = extends.entries {
            baseName = extends["service"]?.string
            baseFile = extends["file"]?.string
            for entry in entries where !["service", "file"].contains(entry.key) {
                structureError(
                    "unknown key `\(entry.key)` in `extends`", hint: "`extends` takes `service` and `file`.",
                    at: entry.keyLocation)
            }
        }
        guard let baseName else {
            structureError(
                "`extends` needs a service name", hint: "Write `extends: other` or `extends: {service: other}`.",
                at: extends.location)
            return nil
        }
        var baseServices = services
        var baseFileKey = fileKey
        if let baseFile {
            let referring =
                absolutePaths[extends.location.file]
                ?? PathUtilities.absolute(extends.location.file, base: currentDirectory)
            let absolute = PathUtilities.absolute(baseFile, base: PathUtilities.directory(of: referring))
            guard
                let loaded = loadFile(
                    display: display(of: absolute),
                    absolute: absolute,
                    workingDirectory: PathUtilities.directory(of: absolute),
                    lookup: lookup,
                    environment: [:],
                    includeStack: [],
                    reference: extends.location
                )
            else { return nil }
            baseServices = loaded["services"]?.entries ?? []
            baseFileKey = absolute
        }
        guard baseServices.contains(where: { $0.key == baseName }) else {
            diagnostics.append(
                Diagnostic(
                    Rule.composition,
                    "service \"\(name)\" extends \"\(baseName)\", which is not defined\(baseFile.map { " in \($0)" } ?? "")",
                    hint: "Name a service that exists.",
                    at: extends.location
                )
            )
            fatal = true
            return nil
        }
        guard
            var base = resolveService(
                baseName, in: baseServices, fileKey: baseFileKey, lookup: lookup, stack: stack + [key])
        else { return nil }
        base.removeEntry("extends")
        var own = service
        own.removeEntry("extends")
        return ComposeMerge.merge(base, own, path: ["services", name])
    }
}
