import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// pyexec's own standard output and error: duplicates of descriptors 1 and 2
/// taken at start-up, before any Python runs.
///
/// Generated code runs in this process and may close or replace descriptors 1
/// and 2 (`os.close(1)`, `os.dup2(...)`); pyexec's answer and status lines go to
/// the duplicates, so they still reach whoever started pyexec. A write to a
/// closed or broken stream is dropped: it never stops pyexec (`SIGPIPE` is ignored).
enum AnswerStreams {
    /// The duplicates; taken on first use, which ``setUp()`` makes happen early.
    private static let descriptors: (output: Int32, error: Int32) = {
        signal(SIGPIPE, SIG_IGN)
        return (duplicate(STDOUT_FILENO), duplicate(STDERR_FILENO))
    }()

    /// Takes the duplicates now. Call before anything starts Python.
    static func setUp() {
        _ = descriptors
    }

    /// Writes `text` to pyexec's standard output.
    static func output(_ text: String) {
        write(text, to: descriptors.output)
    }

    /// Writes UTF-8 `bytes` to pyexec's standard output.
    static func output(_ bytes: Data) {
        write(bytes: [UInt8](bytes), to: descriptors.output)
    }

    /// Writes `text` to pyexec's standard error.
    static func error(_ text: String) {
        write(text, to: descriptors.error)
    }

    /// A close-on-exec duplicate of `descriptor` above the low numbers code tends
    /// to reuse, or `-1` when there is nothing to duplicate (then writes are dropped).
    private static func duplicate(_ descriptor: Int32) -> Int32 {
        fcntl(descriptor, F_DUPFD_CLOEXEC, 64)
    }

    /// Writes every byte, retrying short and interrupted writes; stops at the first error.
    private static func write(_ text: String, to descriptor: Int32) {
        write(bytes: Array(text.utf8), to: descriptor)
    }

    private static func write(bytes all: [UInt8], to descriptor: Int32) {
        guard descriptor >= 0 else { return }
        var bytes = all[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { buffer in
                #if canImport(Glibc)
                Glibc.write(descriptor, buffer.baseAddress, buffer.count)
                #else
                Darwin.write(descriptor, buffer.baseAddress, buffer.count)
                #endif
            }
            if written < 0 {
                if errno == EINTR { continue }
                return
            }
            bytes = bytes.dropFirst(written)
        }
    }
}
