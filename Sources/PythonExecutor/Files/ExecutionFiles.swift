import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Every file operation of one execution, in the reference's layout:
///
/// ```
/// <agent_data_dir>/executed_scripts/YYYY-MM/execution_YYYYMMDD_HHMMSS_<name>_<8 hex>/
///     attempts/NN_<stage>_<HHMMSS>.ipynb
///     context.json  results.json  execution_metadata.json
///     figures/figure_NN.png
///     notebook.ipynb
/// ```
///
/// Every file is written atomically (temporary file in the same folder,
/// `fsync`, rename), so no reader ever sees half a file.
public struct ExecutionFiles: Sendable {
    /// Where the folders go and how links look.
    public let configuration: FileLayoutConfiguration
    /// `<agent_data_dir>/executed_scripts`, absolute, symbolic links resolved.
    public let scriptsDirectory: String
    /// The context as recorded; ``context`` adds `context.json` once it exists.
    var recordedContext: PythonExecutionContext
    /// When set, writes leave their folder's flush to it (``batchingDirectorySyncs()``).
    var directorySyncs: DirectorySyncs?

    /// The execution's folders and notebooks; `contextFilePath` is set once `context.json` exists.
    public var context: PythonExecutionContext {
        var context = recordedContext
        if context.contextFilePath == nil, FileManager.default.fileExists(atPath: contextFilePath) {
            context.contextFilePath = contextFilePath
        }
        return context
    }

    /// The execution folder (absolute).
    public var folderPath: String { recordedContext.folderPath }

    /// Where `context.json` is (or will be).
    var contextFilePath: String { folderPath + "/context.json" }

    /// Creates a new execution folder and its `attempts/` folder.
    ///
    /// - Parameters:
    ///   - name: The request's `execution_folder_name`; characters other than
    ///     letters, digits, `_`, `-` and `.` become `_` so that the name can
    ///     neither nest folders nor leave `executed_scripts/`.
    ///   - now: The time in the folder's names (local time).
    /// - Throws: ``ExecutionFilesError/directoryNotCreated(path:reason:)`` when a
    ///   folder cannot be made (base not writable, a file in the way, …).
    public static func create(
        name: String, configuration: FileLayoutConfiguration, now: Date = Date()
    ) throws(ExecutionFilesError) -> ExecutionFiles {
        let stamp = LocalTimestamp(now)
        try AtomicFileWriter.makeDirectory(absoluteScriptsDirectory(configuration) + "/" + stamp.monthFolder)
        let scripts = resolvedScriptsDirectory(configuration)
        let month = scripts + "/" + stamp.monthFolder
        let prefix = "execution_\(stamp.folderStamp)_\(folderNameComponent(name))_"
        var created: String?
        for _ in 0..<8 where created == nil {
            let folder = month + "/" + prefix + AtomicFileWriter.randomHex(8)
            if mkdir(folder, 0o777) == 0 {
                created = folder
            } else if errno != EEXIST {
                throw .directoryNotCreated(path: folder, reason: AtomicFileWriter.errnoText())
            }
        }
        guard let folder = created else {
            throw .directoryNotCreated(path: month + "/" + prefix + "…", reason: "no unused folder name found")
        }
        let attempts = folder + "/attempts"
        guard mkdir(attempts, 0o777) == 0 else {
            throw .directoryNotCreated(path: attempts, reason: AtomicFileWriter.errnoText())
        }
        var files = ExecutionFiles(
            existing: PythonExecutionContext(folderPath: folder, folderURL: "", attemptsFolder: attempts),
            configuration: configuration
        )
        files.recordedContext.folderURL = files.link(for: folder)
        return files
    }

    /// Re-opens the files of an execution created earlier, possibly by another
    /// process (a run resumed after approval).
    public init(existing context: PythonExecutionContext, configuration: FileLayoutConfiguration) {
        self.configuration = configuration
        self.scriptsDirectory = Self.resolvedScriptsDirectory(configuration)
        self.recordedContext = context
    }

    /// A link to `path` (absolute, or relative to the execution folder):
    /// `http://localhost:<port>/lab/tree/executed_scripts/<relative>` when a
    /// Jupyter port is configured and the path is under `executed_scripts/`,
    /// else a `file://` URI.
    public func link(for path: String) -> String {
        let absolute = path.hasPrefix("/") ? path : folderPath + "/" + path
        let standardized = URL(fileURLWithPath: absolute, isDirectory: false).standardizedFileURL.path
        if let port = configuration.jupyterPort, standardized.hasPrefix(scriptsDirectory + "/") {
            let relative = String(standardized.dropFirst(scriptsDirectory.count + 1))
            let encoded = relative.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? relative
            return "http://localhost:\(port)/lab/tree/executed_scripts/\(encoded)"
        }
        return URL(fileURLWithPath: standardized, isDirectory: false).absoluteString
    }

    /// `<agent_data_dir>/executed_scripts`, absolute.
    static func absoluteScriptsDirectory(_ configuration: FileLayoutConfiguration) -> String {
        URL(fileURLWithPath: configuration.agentDataDirectory, isDirectory: true)
            .appendingPathComponent("executed_scripts", isDirectory: true).standardizedFileURL.path
    }

    /// `<agent_data_dir>/executed_scripts`, absolute, with symbolic links resolved
    /// (as the reference's `Path.resolve()`), so that links relativise correctly.
    static func resolvedScriptsDirectory(_ configuration: FileLayoutConfiguration) -> String {
        let absolute = absoluteScriptsDirectory(configuration)
        guard let resolved = realpath(absolute, nil) else { return absolute }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// The name as it may appear in a folder name: letters, digits, `_`, `-`,
    /// `.`; anything else becomes `_`; at most 64 characters; never empty.
    static func folderNameComponent(_ name: String) -> String {
        let mapped = String(name.unicodeScalars.map { scalar -> Character in
            let allowed = scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || "_-.".unicodeScalars.contains(scalar))
            return allowed ? Character(scalar) : "_"
        })
        let trimmed = mapped.drop { $0 == "." }.prefix(64)
        return trimmed.isEmpty ? "python_executor" : String(trimmed)
    }
}
