import ComposeModel
import ModelBindSupport
import YAML

/// The state of one `ProjectLoader.analyze` call: findings so far, and what was read.
///
/// Loading follows compose-go's `loadYamlModel`: each file's documents are read into the flat YAML
/// store, checked and interpolated (``DocumentScan``), their `extends` resolved and their
/// `include`s imported, then merged one after the other (``TreeMerge``). A single file that needs
/// none of that is used as read, its interpolated values beside it.
struct LoadSession {
    let loader: ProjectLoader
    var diagnostics: [Diagnostic] = []
    /// Whether a file could not be read, parsed or interpolated (no project can be built then).
    var fatal = false
    /// Unset variables already warned about.
    private var warnedUnset: Set<String> = []
    /// Display path → absolute path of every file read (for `extends: file:` relative to its file).
    var absolutePaths: [String: String] = [:]
    /// Display path → the directory relative paths in that file resolve against.
    var directories: [String: String] = [:]
    /// The hint for a top-level compose file that is missing when COMPOSE_FILE named it: where it
    /// was set and what its paths are relative to.
    var composeFileHint: String?

    init(loader: ProjectLoader) {
        self.loader = loader
    }

    var currentDirectory: String { loader.source.currentDirectory }

    /// A loaded piece of the project: a tree with its sources, ready to merge.
    struct Piece {
        var sources: [TreeSource]
        var root: TreeNode
        /// Whether merging it into nothing would change it (merge tags to strip, values to put in place
        /// from another source).
        var needsCleaning: Bool
        /// Its nulls where Compose's schema wants a value (errors when the piece comes first).
        var nullFindings: [Diagnostic] = []
    }

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
            // Relative to the current directory, as compose-go makes them absolute, even with
            // --project-directory (whose .env may have set COMPOSE_FILE).
            files = composeFile.split(separator: separator).filter { !$0.isEmpty }.map {
                (String($0), PathUtilities.absolute(String($0), base: cwd))
            }
            if options.projectDirectory == nil, let first = files.first?.absolute {
                projectDirectory = PathUtilities.directory(of: first)
            }
            // Relative to the current directory even with --project-directory, which surprises
            // people whose .env sets COMPOSE_FILE: the hint says so.
            let origin = loader.environment["COMPOSE_FILE"] == nil ? "the .env file" : "the environment"
            composeFileHint =
                "COMPOSE_FILE (set in \(origin)) names it; Compose resolves COMPOSE_FILE against the current "
                + "directory \(currentDirectory), not the project directory. Fix the path or run from another directory."
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
                        Rule.file.code, "found several compose files; ignoring \(display(of: ignored))",
                        hint: "Remove the extra file or name the ones to use with -f.", at: nil))
            }
        } else {
            diagnostics.append(
                .error(
                    Rule.file.code, "no compose file found in \(projectDirectory) or any parent directory",
                    hint: "Create compose.yaml, or name the file with -f (or COMPOSE_FILE).", at: nil))
            return nil
        }

        guard
            let document = loadModel(
                files, workingDirectory: projectDirectory, environment: environment, includeStack: [],
                portable: true)
        else { return nil }
        var builder = ProjectBuilder(
            document: document, options: options, environment: environment, projectDirectory: projectDirectory,
            files: files.map(\.display), directories: directories, fileExists: loader.source.isFile)
        let project = builder.build()
        diagnostics += builder.diagnostics
        return project
    }

    /// compose-go's `loadYamlModel`: every file's pieces merged in order, as one document.
    mutating func loadModel(
        _ files: [(display: String, absolute: String?)], workingDirectory: String, environment: [String: String],
        includeStack: [String], portable: Bool, reference: SourceLocation? = nil
    ) -> ComposeDocument? {
        var pieces: [Piece] = []
        for file in files {
            pieces += loadFile(
                display: file.display, absolute: file.absolute, workingDirectory: workingDirectory,
                environment: environment, includeStack: includeStack, portable: portable, reference: reference)
        }
        guard !fatal else { return nil }
        // compose-go validates the first file as it is; later files' nulls keep what precedes them
        // (ProjectBuilder checks what remains null after merging).
        diagnostics += pieces.first?.nullFindings ?? []
        // One piece that merging would not change is the document as it stands.
        if pieces.count == 1, let piece = pieces.first, !piece.needsCleaning, piece.sources.count == 1 {
            let source = piece.sources[0]
            return ComposeDocument(store: source.store, root: piece.root.node, substitutions: source.substitutions)
        }
        var merged: (document: YAMLDocument, root: YAMLNodeID)?
        for piece in pieces {
            var sources = piece.sources
            var base: TreeNode?
            if let merged {
                sources.append(TreeSource(store: merged.document))
                base = TreeNode(source: sources.count - 1, node: merged.root)
            }
            let result = TreeMerge.merged(base, piece.root, sources: sources)
            diagnostics += result.diagnostics
            guard let root = result.document.roots.first else { continue }
            merged = (result.document, root)
        }
        guard let merged else { return nil }
        return ComposeDocument(store: merged.document, root: merged.root)
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

    /// Values of env files read in order into one map (compose-go `GetEnvFromFile`): a `${VAR}`
    /// looks in `base` first, then in every value read so far, earlier lines of its own file included.
    mutating func readEnvFiles(
        _ paths: [(display: String, absolute: String)], base: [String: String], reference: SourceLocation? = nil
    ) -> [String: String] {
        var texts: [String] = []
        var read: [(display: String, absolute: String)] = []
        for path in paths {
            do {
                let bytes = try loader.source.read(path.absolute, displayPath: path.display, reference: reference)
                texts.append(String(decoding: bytes, as: UTF8.self))
                read.append(path)
            } catch {
                diagnostics += error.diagnostics
                fatal = true
            }
        }
        do {
            return try DotEnv.environment(fromFiles: texts) { base[$0] }
        } catch {
            let file = error.fileIndex.map { read[$0].display } ?? read.first?.display ?? ".env"
            diagnostics.append(
                .error(
                    Rule.file.code, "invalid env file: \(error.message)",
                    hint: "Env files hold NAME=value lines; quote values with spaces or special characters.",
                    at: SourceLocation(file: file, line: error.line, column: error.column ?? 1)))
            fatal = true
            return [:]
        }
    }

    // MARK: - Files

    /// Reads one compose file: each of its documents scanned, with `extends` resolved and `include`s
    /// imported. `portable`: whether its `${...}` mean the same under the project's environment.
    mutating func loadFile(
        display: String, absolute: String?, workingDirectory: String, environment: [String: String],
        includeStack: [String], portable: Bool, reference: SourceLocation? = nil
    ) -> [Piece] {
        directories[display] = workingDirectory
        let scanned = scanFile(display: display, absolute: absolute, environment: environment, reference: reference)
        var pieces: [Piece] = []
        for document in scanned {
            var piece = Piece(
                sources: [
                    TreeSource(
                        store: document.store, substitutions: document.substitutions, writtenTextIsPortable: portable)
                ],
                root: TreeNode(source: 0, node: document.root),
                needsCleaning: document.hasMergeTags || !portable, nullFindings: document.nullFindings)
            piece = resolveExtends(piece, file: display, environment: environment)
            piece = applyInclude(
                piece, workingDirectory: workingDirectory, environment: environment,
                includeStack: includeStack + [absolute ?? "-"])
            pieces.append(piece)
        }
        return pieces
    }

    /// Reads, parses and scans one file: one ``ScannedDocument`` per YAML document, or none when
    /// the file cannot be used (the problem is reported).
    mutating func scanFile(
        display: String, absolute: String?, environment: [String: String], reference: SourceLocation?
    ) -> [ScannedDocument] {
        guard let store = readDocument(display: display, absolute: absolute, reference: reference) else {
            fatal = true
            return []
        }
        guard !store.roots.isEmpty else {
            diagnostics.append(
                .error(
                    Rule.structure.code, "the compose file is empty",
                    hint: "A compose file is a mapping with at least `services:`.",
                    at: SourceLocation(file: display, line: 1, column: 1)))
            fatal = true
            return []
        }
        let frozen = environment
        var scan = DocumentScan(lookup: { frozen[$0] })
        var documents: [ScannedDocument] = []
        for root in store.roots {
            guard store.kind(of: root) == .mapping else {
                let document = ComposeDocument(store: store, root: root)
                diagnostics.append(
                    .error(
                        Rule.structure.code,
                        "the top level of a compose file must be a mapping, not \(document.typeDescription(of: root))",
                        hint: "Start the file with keys such as `services:` and `models:`.",
                        at: document.location(of: root)))
                fatal = true
                return []
            }
            documents.append(scan.scan(store, root: root))
        }
        diagnostics += scan.errors
        if !scan.errors.isEmpty { fatal = true }
        for (name, location) in scan.unsetVariables where warnedUnset.insert(name).inserted {
            diagnostics.append(
                Diagnostic(
                    Rule.unsetVariable, "the \"\(name)\" variable is not set; defaulting to a blank string",
                    hint: "Set \(name) in the environment or in .env, or give a default: ${\(name):-value}.",
                    at: location))
        }
        return documents
    }

    /// Reads and parses one file; its bytes are released when this returns.
    private mutating func readDocument(display: String, absolute: String?, reference: SourceLocation?)
        -> YAMLDocument?
    {
        let bytes: [UInt8]
        do {
            if let absolute {
                absolutePaths[display] = absolute
                bytes = try loader.source.read(
                    absolute, displayPath: display, reference: reference,
                    missingHint: reference == nil ? composeFileHint : nil)
            } else {
                bytes = try readStandardInput()
            }
        } catch {
            diagnostics += error.diagnostics
            return nil
        }
        if let found = FileSource.notTextReason(bytes) {
            diagnostics.append(
                .error(
                    Rule.yamlSyntax.code, "\(display) is not a text file (\(found.reason))",
                    hint: "A compose file is YAML text in UTF-8; check that -f (or COMPOSE_FILE) names the right file.",
                    at: .of(byte: found.offset, in: bytes, file: display)))
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
                        "standard input is larger than the \(loader.source.maxFileBytes >> 20) MiB limit"
                    ))
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
        var hint: String =
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
        if let began = error.contextMark {
            let line = error.contextLine.map { " (`" + PercentEncoding.trim($0) + "`)" } ?? ""
            hint =
                "What libyaml was reading began at \(error.path):\(began.line):\(began.column)\(line); close it "
                + "(a bracket, brace or quote), or fix the lines between."
        }
        return .error(
            Rule.yamlSyntax.code, error.message, hint: hint,
            at: SourceLocation(file: error.path, line: error.mark.line, column: error.mark.column))
    }

    mutating func structureError(_ message: String, hint: String? = nil, at location: SourceLocation) {
        diagnostics.append(Diagnostic(Rule.structure, message, hint: hint, at: location))
        fatal = true
    }

    mutating func compositionError(_ message: String, hint: String, at location: SourceLocation?) {
        diagnostics.append(Diagnostic(Rule.composition, message, hint: hint, at: location))
        fatal = true
    }
}

extension LoadSession.Piece {
    /// The piece's tree as a document to read (its root source, interpolated values seen).
    var rootDocument: ComposeDocument {
        let source = sources[root.source]
        return ComposeDocument(store: source.store, root: root.node, substitutions: source.substitutions)
    }
}
