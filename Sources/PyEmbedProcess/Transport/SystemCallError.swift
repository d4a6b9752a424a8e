import ProcessShim
#if canImport(Glibc)
import Glibc
#endif

/// A system call that failed: which one, and the `errno` it set.
public struct SystemCallError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The call, as its C name (`fork`, `sendmsg`).
    public var call: String
    /// The `errno` value.
    public var code: Int32

    /// Creates the error for `call` from the current `errno`.
    init(_ call: String, code: Int32 = errno) {
        self.call = call
        self.code = code
    }

    /// `call: strerror(code)`.
    public var description: String {
        "\(call) failed: \(String(cString: strerror(code))) (errno \(code))"
    }
}

/// Thin wrappers over the descriptor calls the process tier makes, each
/// throwing ``SystemCallError`` with the C name.
enum Descriptors {
    /// `pipe2(O_CLOEXEC)`.
    static func pipe() throws(SystemCallError) -> (read: Int32, write: Int32) {
        var fds: [Int32] = [-1, -1]
        guard pshim_pipe(&fds) == 0 else { throw SystemCallError("pipe2") }
        return (fds[0], fds[1])
    }

    /// A `SOCK_SEQPACKET` Unix socket pair (`socketpair`), close-on-exec.
    static func packetPair() throws(SystemCallError) -> (Int32, Int32) {
        var fds: [Int32] = [-1, -1]
        guard pshim_seqpacket_pair(&fds) == 0 else { throw SystemCallError("socketpair") }
        return (fds[0], fds[1])
    }

    /// `close`, ignoring errors (the descriptor is gone either way on Linux).
    static func close(_ fd: Int32) {
        if fd >= 0 { _ = Glibc.close(fd) }
    }
}
