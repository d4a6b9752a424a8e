import Foundation
import Synchronization

/// Folders whose entries still need flushing after atomic writes: each
/// written file's bytes are flushed before its rename (so no reader or crash
/// ever shows half a file), and each folder is then flushed once for all the
/// renames in it, instead of once per file.
final class DirectorySyncs: Sendable {
    private let pending = Mutex<[String]>([])

    /// Notes that `directory` has a rename to flush.
    func add(_ directory: String) {
        pending.withLock { if !$0.contains(directory) { $0.append(directory) } }
    }

    /// Flushes every noted folder once (best effort, as for single writes).
    func flush() {
        for directory in pending.withLock({ folders in defer { folders = [] }; return folders }) {
            AtomicFileWriter.syncDirectory(directory)
        }
    }
}

extension ExecutionFiles {
    /// These files, with writes that leave flushing their folder to the
    /// returned value's ``flushDirectories()`` (call it once the batch is written).
    public func batchingDirectorySyncs() -> ExecutionFiles {
        var files = self
        files.directorySyncs = DirectorySyncs()
        return files
    }

    /// Flushes the folders written since ``batchingDirectorySyncs()``; nothing without a batch.
    public func flushDirectories() {
        directorySyncs?.flush()
    }
}

extension DirectorySyncs {
    /// The folders waiting for a flush, in the order first written.
    var pendingFolders: [String] { pending.withLock { $0 } }
}
