import Foundation
import PyEmbed

extension ExecutionFiles {
    /// Writes `data` to `relativePath` inside the execution folder, atomically:
    /// a temporary file in the same folder, `fsync`, then a rename over the
    /// target. Missing folders on the way (e.g. `figures/`) are created.
    ///
    /// - Returns: The file's absolute path.
    /// - Throws: ``ExecutionFilesError/invalidPath(path:reason:)`` for an
    ///   absolute path or one with empty, `.` or `..` parts;
    ///   ``ExecutionFilesError/writeFailed(path:reason:)`` when writing fails
    ///   (the old file, if any, is then unchanged and no temporary file remains).
    @discardableResult
    public func write(_ data: Data, to relativePath: String) throws(ExecutionFilesError) -> String {
        let target = try absolutePath(relativePath)
        let directory = URL(fileURLWithPath: target).deletingLastPathComponent().path
        if directory != folderPath, !FileManager.default.fileExists(atPath: directory) {
            try AtomicFileWriter.makeDirectory(directory)
        }
        if let directorySyncs {
            try AtomicFileWriter.write(data, to: target, syncingDirectory: false)
            directorySyncs.add(directory)
        } else {
            try AtomicFileWriter.write(data, to: target)
        }
        return target
    }

    /// Writes `context.json`: the request's `capability_context_data` as strict
    /// JSON (`{}` when there is none), which the code and notebooks load as `context`.
    ///
    /// - Returns: The file's absolute path.
    @discardableResult
    public func writeContext(_ contextData: PythonValue?) throws(ExecutionFilesError) -> String {
        try write(Self.json(contextData ?? .dict(PythonDictionary()), for: contextFilePath), to: "context.json")
    }

    /// Writes `results.json`: the code's `results` as strict JSON (NaN and
    /// infinities become `null`; shapes as the reference's serializer, except
    /// that a key JSON cannot hold — a tuple, `bytes`, an object — is written as
    /// its `str()` text instead of failing the whole file).
    ///
    /// - Returns: The file's absolute path.
    @discardableResult
    public func writeResults(_ results: PythonValue) throws(ExecutionFilesError) -> String {
        try writeResults(json: resultsJSON(results))
    }

    /// The bytes ``writeResults(_:)`` writes for `results`: encode once, then
    /// write them with ``writeResults(json:)`` and reuse them (`pyexec --json`).
    public func resultsJSON(_ results: PythonValue) throws(ExecutionFilesError) -> Data {
        try Self.json(results, for: folderPath + "/results.json")
    }

    /// Writes already encoded results (``resultsJSON(_:)``) as `results.json`.
    ///
    /// - Returns: The file's absolute path.
    @discardableResult
    public func writeResults(json: Data) throws(ExecutionFilesError) -> String {
        try write(json, to: "results.json")
    }

    /// Writes `execution_metadata.json` with the reference's keys.
    ///
    /// - Returns: The file's absolute path.
    @discardableResult
    public func writeMetadata(_ metadata: ExecutionMetadata) throws(ExecutionFilesError) -> String {
        let data = metadata.json.data(prettyPrinted: true)
        return try write(data, to: "execution_metadata.json")
    }

    /// Saves a figure as `figures/figure_NN.png`, where `NN` is `index`, the
    /// figure's 1-based number, zero-padded to two digits (`figure_01.png` for
    /// the first figure, as the reference numbers them).
    ///
    /// - Returns: The file's absolute path.
    /// - Throws: ``ExecutionFilesError/invalidPath(path:reason:)`` for an index
    ///   below 1, ``ExecutionFilesError/encodingFailed(path:reason:)`` when the
    ///   bytes are not a PNG image.
    @discardableResult
    public func saveFigure(png: [UInt8], index: Int) throws(ExecutionFilesError) -> String {
        let relative = "figures/figure_" + (0..<10 ~= index ? "0" : "") + String(index) + ".png"
        guard index >= 1 else { throw .invalidPath(path: relative, reason: "figure numbers start at 1, got \(index)") }
        guard png.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) else {
            throw .encodingFailed(path: folderPath + "/" + relative, reason: "the bytes are not a PNG image")
        }
        return try write(Data(png), to: relative)
    }

    /// The absolute path of `relativePath` inside the execution folder, refusing
    /// anything that could point elsewhere.
    func absolutePath(_ relativePath: String) throws(ExecutionFilesError) -> String {
        guard !relativePath.isEmpty else { throw .invalidPath(path: relativePath, reason: "the path is empty") }
        guard !relativePath.hasPrefix("/") else {
            throw .invalidPath(path: relativePath, reason: "the path must be relative to the execution folder")
        }
        guard !relativePath.unicodeScalars.contains("\0") else {
            throw .invalidPath(path: relativePath, reason: "the path contains a NUL character")
        }
        let parts = relativePath.split(separator: "/", omittingEmptySubsequences: false)
        if let bad = parts.first(where: { $0.isEmpty || $0 == "." || $0 == ".." }) {
            throw .invalidPath(path: relativePath, reason: "the path has a part \"\(bad)\"; only plain names are allowed")
        }
        // Code runs with the folder as its working directory: a folder in it may have been replaced by a link elsewhere.
        var directory = folderPath
        for part in parts.dropLast() {
            directory += "/" + part
            var status = stat()
            if lstat(directory, &status) == 0 && (status.st_mode & S_IFMT) == S_IFLNK {
                throw .invalidPath(path: relativePath, reason: "\(directory) is a symbolic link; files are only written inside the execution folder")
            }
        }
        return folderPath + "/" + relativePath
    }

    /// `value` as pretty-printed strict JSON; keys JSON cannot hold become their `str()` text.
    static func json(_ value: PythonValue, for path: String) throws(ExecutionFilesError) -> Data {
        do {
            return try value.jsonData(prettyPrinted: true, policy: ReferenceJSONPolicy(keys: .text))
        } catch {
            throw .encodingFailed(path: path, reason: "\(error)")
        }
    }
}
