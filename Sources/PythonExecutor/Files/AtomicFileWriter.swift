import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes files so that readers see the old content or the new, never a part:
/// the bytes go to a temporary file in the same folder, are flushed to disk,
/// and the temporary file is renamed over the target (atomic on POSIX).
enum AtomicFileWriter {
    /// Writes `data` to the absolute path `path`, replacing any file there.
    ///
    /// On failure the temporary file is removed and the old file, if any, is untouched.
    /// With `syncingDirectory` false the folder's entry is not flushed here: the
    /// caller flushes it later (``DirectorySyncs``), once for several files.
    static func write(_ data: Data, to path: String, syncingDirectory: Bool = true) throws(ExecutionFilesError) {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        let temporary = directory + "/." + url.lastPathComponent + "." + randomHex(8) + ".tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else { throw .writeFailed(path: path, reason: errnoText()) }
        var succeeded = false
        defer { if !succeeded { unlink(temporary) } }
        do {
            defer { close(descriptor) }
            try writeAll(data, to: descriptor, path: path)
            guard fsync(descriptor) == 0 else { throw ExecutionFilesError.writeFailed(path: path, reason: "fsync: " + errnoText()) }
        }
        guard rename(temporary, path) == 0 else { throw .writeFailed(path: path, reason: "rename: " + errnoText()) }
        succeeded = true
        if syncingDirectory { syncDirectory(directory) }
    }

    /// Writes every byte, retrying short writes and interrupted calls.
    private static func writeAll(_ data: Data, to descriptor: Int32, path: String) throws(ExecutionFilesError) {
        let failure: String? = data.withUnsafeBytes { buffer -> String? in
            guard let base = buffer.baseAddress else { return nil }
            var offset = 0
            while offset < buffer.count {
                let written = systemWrite(descriptor, base + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return errnoText()
                }
                offset += written
            }
            return nil
        }
        if let failure { throw .writeFailed(path: path, reason: failure) }
    }

    /// `write(2)`, named apart from the Swift methods called `write`.
    private static func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
        #if canImport(Glibc)
        return Glibc.write(descriptor, bytes, count)
        #else
        return Darwin.write(descriptor, bytes, count)
        #endif
    }

    /// Flushes the folder entry so the rename survives a crash; best effort,
    /// since some file systems refuse `fsync` on folders.
    static func syncDirectory(_ directory: String) {
        let descriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        _ = fsync(descriptor)
        close(descriptor)
    }

    /// Creates the absolute `path` and its missing parents (as `mkdir -p`),
    /// reporting the failing folder and the system's reason.
    static func makeDirectory(_ path: String) throws(ExecutionFilesError) {
        var current = ""
        for part in path.split(separator: "/") {
            current += "/" + part
            if mkdir(current, 0o777) == 0 { continue }
            let code = errno
            var info = stat()
            if code == EEXIST, stat(current, &info) == 0, info.st_mode & S_IFMT == S_IFDIR { continue }
            let reason = code == EEXIST ? "a file is in the way" : String(cString: strerror(code))
            throw .directoryNotCreated(path: current, reason: reason)
        }
    }

    /// The text of the current `errno`.
    static func errnoText() -> String {
        String(cString: strerror(errno))
    }

    /// `count` random lowercase hexadecimal digits.
    static func randomHex(_ count: Int) -> String {
        let hex = UUID().uuidString.lowercased().filter { $0 != "-" }
        return String(hex.prefix(count))
    }
}

extension AtomicFileWriter {
    /// Creates `path` holding `data`, all or nothing, only if no file is there:
    /// the bytes go to a temporary file that is flushed to disk, then hard-linked
    /// to `path` (`link(2)` never replaces a file, so of two racing callers exactly one wins).
    ///
    /// - Returns: `false` when `path` already existed (nothing was changed).
    /// - Throws: ``ExecutionFilesError/writeFailed(path:reason:)`` when the bytes
    ///   cannot be written (a full disk); `path` then does not exist.
    static func create(_ data: Data, at path: String) throws(ExecutionFilesError) -> Bool {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        let temporary = directory + "/." + url.lastPathComponent + "." + randomHex(8) + ".tmp"
        try write(data, to: temporary)
        defer { unlink(temporary) }
        guard link(temporary, path) == 0 else {
            if errno == EEXIST { return false }
            throw .writeFailed(path: path, reason: "link: " + errnoText())
        }
        return true
    }
}
