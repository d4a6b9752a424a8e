import Crypto
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The per-user secret that seals pending approvals, kept outside every execution folder.
///
/// Location: `PYEXEC_APPROVAL_KEY_FILE` when set, else
/// `$XDG_CONFIG_HOME/pyexec/approval.key`, else `~/.config/pyexec/approval.key`.
/// It is 32 random bytes, created on first use with mode 0600 (its folder 0700);
/// a key file that others can read or write is refused.
struct ApprovalKey {
    /// The environment variable that overrides the key's location.
    static let environmentVariable = "PYEXEC_APPROVAL_KEY_FILE"

    /// The key's file.
    let path: String
    /// The secret.
    let key: SymmetricKey

    /// Where the key lives, from the environment.
    static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let path = environment[environmentVariable], !path.isEmpty { return path }
        if let config = environment["XDG_CONFIG_HOME"], config.hasPrefix("/") { return config + "/pyexec/approval.key" }
        return NSHomeDirectory() + "/.config/pyexec/approval.key"
    }

    /// Reads the key at `path`, creating it first when there is none.
    static func load(path: String = defaultPath()) throws(ApprovalError) -> ApprovalKey {
        if let key = try readKey(path) { return ApprovalKey(path: path, key: key) }
        try createKey(path)
        guard let key = try readKey(path) else { throw .keyUnavailable(path: path, reason: "it vanished right after it was created") }
        return ApprovalKey(path: path, key: key)
    }

    /// The key at `path`, or `nil` when there is no file.
    private static func readKey(_ path: String) throws(ApprovalError) -> SymmetricKey? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        if descriptor < 0 {
            if errno == ENOENT { return nil }
            throw .keyUnavailable(path: path, reason: String(cString: strerror(errno)))
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            throw .keyUnavailable(path: path, reason: "it is not a regular file")
        }
        guard info.st_mode & 0o077 == 0 else {
            throw .keyUnavailable(path: path, reason: "other users may read or change it (mode \(String(info.st_mode & 0o777, radix: 8))); chmod 600 it")
        }
        var bytes = [UInt8](repeating: 0, count: 64)
        let count = read(descriptor, &bytes, bytes.count)
        guard count == 32 else { throw .keyUnavailable(path: path, reason: "it must hold exactly 32 bytes, it holds \(max(count, 0)) or more") }
        return SymmetricKey(data: bytes.prefix(32))
    }

    /// Writes a fresh random key to `path` (0600), unless another process just did.
    private static func createKey(_ path: String) throws(ApprovalError) {
        let folder = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw .keyUnavailable(path: path, reason: "its folder cannot be made: \(error.localizedDescription)")
        }
        let temporary = path + "." + AtomicFileWriter.randomHex(8) + ".tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw .keyUnavailable(path: path, reason: String(cString: strerror(errno))) }
        defer { unlink(temporary) }
        let secret = SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }
        let written = secret.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        let synced = fsync(descriptor) == 0
        close(descriptor)
        guard written == secret.count, synced else { throw .keyUnavailable(path: path, reason: "it could not be written: " + String(cString: strerror(errno))) }
        // link(2) never replaces: when two processes race, the first key wins and both use it.
        guard link(temporary, path) == 0 || errno == EEXIST else {
            throw .keyUnavailable(path: path, reason: String(cString: strerror(errno)))
        }
    }
}
