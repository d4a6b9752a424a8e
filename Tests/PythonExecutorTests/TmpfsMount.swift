import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A small tmpfs mounted in a temporary folder, for full-disk tests (they run as root here and in CI).
final class TmpfsMount {
    let path: String

    /// Mounts a tmpfs of `kilobytes`; a failed mount is an error saying why, never a skipped test.
    init(kilobytes: Int) throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("pyexec-tmpfs-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let result = try Self.command("/bin/mount", ["-t", "tmpfs", "-o", "size=\(kilobytes)k", "tmpfs", path])
        guard result.status == 0 else {
            try? FileManager.default.removeItem(atPath: path)
            throw MountError(message: "mounting a tmpfs at \(path) failed (status \(result.status): \(result.output)); the full-disk tests need root and tmpfs")
        }
    }

    /// Fills the file system: a file grows until the next write fails.
    func fill() {
        let descriptor = open(path + "/filler", O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { return }
        defer { close(descriptor) }
        for size in [1 << 16, 1 << 10, 1] {
            let chunk = [UInt8](repeating: 0x55, count: size)
            while chunk.withUnsafeBytes({ write(descriptor, $0.baseAddress, size) }) > 0 {}
        }
    }

    /// Frees the space ``fill()`` took.
    func free() {
        unlink(path + "/filler")
    }

    /// Unmounts and removes the folder.
    func unmount() {
        _ = try? Self.command("/bin/umount", [path])
        rmdir(path)
    }

    private static func command(_ tool: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }
}

/// A tmpfs that could not be mounted.
struct MountError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
