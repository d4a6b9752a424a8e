import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension ExecutionFiles {
    /// Re-opens the execution folder `folder` of a paused run, deriving every
    /// path from the folder itself: `attempts/`, `context.json`, links.
    ///
    /// Nothing stored in the folder is trusted for paths: of the recorded
    /// attempt notebooks only the plain file names inside `attempts/` are kept;
    /// a recorded name with a folder part or `..` is dropped.
    ///
    /// - Parameters:
    ///   - folder: the execution folder, resolved (``canonicalFolder(_:)``).
    ///   - recordedAttempts: the attempt notebooks the paused run recorded.
    public static func reopen(
        folder: String, recordedAttempts: [NotebookAttempt], configuration: FileLayoutConfiguration
    ) -> ExecutionFiles {
        var files = ExecutionFiles(
            existing: PythonExecutionContext(folderPath: folder, folderURL: "", attemptsFolder: folder + "/attempts"),
            configuration: configuration)
        files.recordedContext.folderURL = files.link(for: folder)
        for var attempt in recordedAttempts {
            let name = (attempt.notebookPath as NSString).lastPathComponent
            guard !name.isEmpty, name != ".", name != "..", !name.contains("/"), attempt.notebookPath.hasSuffix("/" + name) else { continue }
            attempt.notebookPath = files.recordedContext.attemptsFolder + "/" + name
            attempt.notebookLink = files.link(for: attempt.notebookPath)
            files.recordedContext.notebookAttempts.append(attempt)
        }
        return files
    }

    /// `folder` made absolute with symbolic links resolved, or `nil` when it is not a folder.
    public static func canonicalFolder(_ folder: String) -> String? {
        guard let resolved = realpath(folder, nil) else { return nil }
        defer { free(resolved) }
        let path = String(cString: resolved)
        var isFolder: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) && isFolder.boolValue ? path : nil
    }
}
