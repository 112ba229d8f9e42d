import ComposeModel
import ModelBindSupport
import YAML

/// The state of one `ProjectLoader.analyze` call: findings so far and what was read.
struct LoadSession {
    let loader: ProjectLoader
    var diagnostics: [Diagnostic] = []
    /// Display path → absolute path of every file read (for `extends: file:` relative to its file).
    var absolutePaths: [String: String] = [:]
    /// Unset variables already warned about.
    private var warnedUnset: Set<String> = []
    /// Whether a file could not be read or parsed (the project cannot be built then).
    var fatal = false
    /// Whether any file read so far used `!reset` / `!override` (otherwise there is nothing to strip).
    var sawMergeTags = false

    init(loader: ProjectLoader) {
        self.loader = loader
    }

    var currentDirectory: String { loader.source.currentDirectory }

    mutating func run(_ options: LoadOptions) -> ComposeProject? {
        let cwd = currentDirectory
        let firstFile = options.files.first { $0 != "-" }
        var projectDirectory =
            options.projectDirectory.map { PathUtilities.absolute($0, base: cwd) }
            ?? (options.files.first == "-"
                ? nil : firstFile.map { PathUtilities.directory(of: PathUtilities.absolute($0, base: cwd)) })
            ?? cwd
        var environment = loadEnvironment(options.envFiles, projectDirectory: projectDirectory)

        // Which files: -f, else COMPOSE_FILE, else discovery (upwards from the directory).
        var files: [(display: String, absolute: String?)] = []
        if !options.files.isEmpty {
            files = options.files.map { $0 == "-" ? ("-", nil) : ($0, PathUtilities.absolute($0, base: cwd)) }
        } else if let composeFile = environment["COMPOSE_FILE"], !composeFile.isEmpty {
            let separator = environment["COMPOSE_PATH_SEPARATOR"].flatMap { $0.isEmpty ? nil : $0 } ?? ":"
            files = composeFile.components(separatedBy: separator).filter { !$0.isEmpty }.map {
                ($0, PathUtilities.absolute($0, base: projectDirectory))
            }
            if options.projectDirectory == nil, let first = files.first?.absolute {
                projectDirectory = PathUtilities.directory(of: first)
            }
        } else if let found = ComposeFileDiscovery.discover(from: projectDirectory, isFile: loader.source.isFile) {
            files = found.files.map { (display(of: $0), $0) }
            if found.directory != projectDirectory, options.projectDirectory == nil {
                projectDirectory = found.directory
                if options.envFiles.isEmpty {
                    environment = loadEnvironment([], projectDirectory: projectDirectory)
                }
            }
            for ignored in found.ignored {
                diagnostics.append(
                    .warning(
                        Rule.file.code,
                        "found several compose files; ignoring \(display(of: ignored))",
                        hint: "Remove the extra file or name the ones to use with -f.",
                        at: nil
                    )
                )
            }
        } else {
            diagnostics.append(
                .error(
                    Rule.file.code,
                    "no compose file found in \(projectDirectory) or any parent directory",
                    hint: "Create compose.yaml, or name the file with -f (or COMPOSE_FILE).",
                    at: nil
                )
            )
            return nil
        }

        let lookupEnvironment = environment
        let lookup: @Sendable (String) -> String? = { lookupEnvironment[$0] }
        var merged: ComposeNode?
        for file in files {
            guard
                let node = loadFile(
                    display: file.display,
                    absolute: file.absolute,
                    workingDirectory: projectDirectory,
                    lookup: lookup,
                    environment: environment,
                    includeStack: []
                )
            else { continue }
            merged = merged.map { ComposeMerge.merge($0, node) } ?? node
        }
        guard !fatal, var document = merged else { return nil }

        document = resolveExtends(document, lookup: lookup)
        if sawMergeTags { document = Self.stripMergeTags(document) }

        var builder = ProjectBuilder(
            document: document,
            options: options,
            environment: environment,
            projectDirectory: projectDirectory,
            files: files.map(\.display)
        )
        let project = builder.build()
        diagnostics += builder.diagnostics
        return project
    }

    /// A path as the user would like to read it: relative to the current directory when inside it.
    func display(of absolute: String) -> String {
        let prefix = currentDirectory.hasSuffix("/") ? currentDirectory : currentDirectory + "/"
        return absolute.hasPrefix(prefix) ? String(absolute.dropFirst(prefix.count)) : absolute
    }

    // MARK: - Environment

    /// The `.env` (or `--env-file`) values overlaid by the process environment.
    mutating func loadEnvironment(_ envFiles: [String], projectDirectory: String) -> [String: String] {
        let paths: [(display: String, absolute: String)]
        if envFiles.isEmpty {
            let candidate = PathUtilities.join(projectDirectory, ".env")
            paths = loader.source.isFile(candidate) ? [(display(of: candidate), candidate)] : []
        } else {
            paths = envFiles.map { ($0, PathUtilities.absolute($0, base: currentDirectory)) }
        }
        var values = readEnvFiles(paths, base: loader.environment)
        for (key, value) in loader.environment { values[key] = value }
        return values
    }

    /// Values of env files read in order; expansion consults `base` first, then values read so far.
    mutating func readEnvFiles(
        _ paths: [(display: String, absolute: String)],
        base: [String: String],
        reference: SourceLocation? = nil
    ) -> [String: String] {
        var values: [String: String] = [:]
        for path in paths {
            let bytes: [UInt8]
            do {
                bytes = try loader.source.read(path.absolute, displayPath: path.display, reference: reference)
            } catch {
                diagnostics += error.diagnostics
                fatal = true
                continue
            }
            let text = String(decoding: bytes, as: UTF8.self)
            let known = values
            do {
                let parsed = try DotEnv.environment(fromFiles: [text]) { base[$0] ?? known[$0] }
                for (key, value) in parsed { values[key] = value }
            } catch {
                diagnostics.append(
                    .error(
                        Rule.file.code,
                        "invalid env file: \(error.message)",
                        hint: "Env files hold NAME=value lines; quote values with spaces or special characters.",
                        at: SourceLocation(file: path.display, line: error.line, column: error.column ?? 1)
                    )
                )
                fatal = true
            }
        }
        return values
    }

    // MARK: - Files

    /// Reads, parses and interpolates one compose file, with its `include`s applied.
    mutating func loadFile(
        display: String,
        absolute: String?,
        workingDirectory: String,
        lookup: @escaping @Sendable (String) -> String?,
        environment: [String: String],
        includeStack: [String],
        reference: SourceLocation? = nil
    ) -> ComposeNode? {
        guard
            let document = readDocument(
                display: display, absolute: absolute, reference: reference, lookup: lookup)
        else {
            fatal = true
            return nil
        }
        guard !document.roots.isEmpty else {
            diagnostics.append(
                .error(
                    Rule.structure.code,
                    "the compose file is empty",
                    hint: "A compose file is a mapping with at least `services:`.",
                    at: SourceLocation(file: display, line: 1, column: 1)
                )
            )
            fatal = true
            return nil
        }
        var parser = ComposeFileParser(lookup: lookup)
        var node: ComposeNode?
        for root in document.roots {
            let converted = parser.node(document, root, file: display)
            guard converted.entries != nil else {
                diagnostics.append(
                    .error(
                        Rule.structure.code,
                        "the top level of a compose file must be a mapping, not \(converted.typeDescription)",
                        hint: "Start the file with keys such as `services:` and `models:`.",
                        at: converted.location
                    )
                )
                fatal = true
                return nil
            }
            node = node.map { ComposeMerge.merge($0, converted) } ?? converted
        }
        diagnostics += parser.errors
        if !parser.errors.isEmpty { fatal = true }
        if parser.sawMergeTags { sawMergeTags = true }
        for (name, location) in parser.unsetVariables where warnedUnset.insert(name).inserted {
            diagnostics.append(
                Diagnostic(
                    Rule.unsetVariable,
                    "the \"\(name)\" variable is not set; defaulting to a blank string",
                    hint: "Set \(name) in the environment or in .env, or give a default: ${\(name):-value}.",
                    at: location
                )
            )
        }
        guard var result = node else { return nil }
        if let include = result.entry("include") {
            result.removeEntry("include")
            result = applyInclude(
                include,
                into: result,
                workingDirectory: workingDirectory,
                environment: environment,
                includeStack: includeStack + [absolute ?? "-"]
            )
        }
        return result
    }

    /// Reads and parses one file; the file's bytes are released when this returns, before the
    /// document is converted (on large files they are a good part of the peak memory). With
    /// `.bindings`, the services of files up to ``streamedConversionMaxBytes`` are converted while
    /// the file is read, and returned with the document.
    private mutating func readDocument(
        display: String, absolute: String?, reference: SourceLocation?,
        lookup: @escaping @Sendable (String) -> String?
    ) -> YAMLDocument? {
        let bytes: [UInt8]
        do {
            if let absolute {
                absolutePaths[display] = absolute
                bytes = try loader.source.read(absolute, displayPath: display, reference: reference)
            } else {
                bytes = try readStandardInput()
            }
        } catch {
            diagnostics += error.diagnostics
            return nil
        }
        do {
            return try YAMLReader.read(bytes, path: display, limits: loader.yamlLimits)
        } catch {
            diagnostics.append(Self.diagnostic(for: error))
            return nil
        }
    }

    private func readStandardInput() throws(DiagnosticError) -> [UInt8] {
        do {
            let bytes = try loader.source.readStandardInput()
            guard bytes.count <= loader.source.maxFileBytes else {
                throw DiagnosticError(
                    .error(
                        Rule.file.code,
                        "standard input is larger than the \(loader.source.maxFileBytes >> 20) MiB limit")
                )
            }
            return bytes
        } catch let error as DiagnosticError {
            throw error
        } catch {
            throw DiagnosticError(.error(Rule.file.code, "cannot read standard input: \(error)"))
        }
    }

    /// A YAML error as a finding at its position.
    static func diagnostic(for error: YAMLError) -> Diagnostic {
        let hint: String =
            switch error.kind {
            case .syntax: "Fix the YAML syntax here (indent with spaces, not tabs; close quotes and brackets)."
            case .invalidUTF8: "Save the file as UTF-8."
            case .duplicateKey: "Remove one of the two keys, or merge their contents."
            case .unknownAlias: "Define the anchor (&name) before using the alias (*name)."
            case .aliasExpansion: "Aliases expand to too much data; this looks like a 'billion laughs' file."
            case .depth: "Reduce the nesting depth."
            case .size: "The input is over modelbind's size limit; check that this is the right file."
            case .merge: "A `<<` merge key takes a mapping or a list of mappings."
            }
        return .error(
            Rule.yamlSyntax.code,
            error.message,
            hint: hint,
            at: SourceLocation(file: error.path, line: error.mark.line, column: error.mark.column)
        )
    }

    /// Removes what is left of `!reset` (entries with nothing to reset) and the tags themselves.
    static func stripMergeTags(_ node: ComposeNode) -> ComposeNode {
        var node = node
        if node.tag == "!reset" || node.tag == "!override" { node.tag = nil }
        switch node.content {
        case .scalar:
            return node
        case .sequence(let items):
            node.content = .sequence(items.filter { $0.tag != "!reset" }.map(stripMergeTags))
        case .mapping(let entries):
            node.content = .mapping(
                entries.filter { $0.value.tag != "!reset" }.map { entry in
                    ComposeEntry(key: entry.key, keyLocation: entry.keyLocation, value: stripMergeTags(entry.value))
                }
            )
        }
        return node
    }
}
