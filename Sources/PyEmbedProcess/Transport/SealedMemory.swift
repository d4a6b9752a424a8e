import ProcessShim
#if canImport(Glibc)
import Glibc
#endif

/// Encoded values in sealed memory files: how jobs and results cross the
/// process boundary without being copied through a pipe.
///
/// The writer encodes straight into a `memfd`, unmaps it and seals it against
/// shrinking, growing and writing; the reader refuses a file that is not
/// sealed, so the sender cannot change or truncate the bytes while they are
/// decoded (truncation would otherwise crash the reader with `SIGBUS`).
enum SealedMemory {
    /// A new sealed memory file holding the wire encoding of `value`.
    static func make(_ value: PythonValue, name: String) throws(SystemCallError) -> Int32 {
        let size = WireFormat.encodedSize(of: value)
        let fd = pshim_memfd_create(name)
        guard fd >= 0 else { throw SystemCallError("memfd_create") }
        do throws(SystemCallError) {
            guard ftruncate(fd, off_t(size)) == 0 else { throw SystemCallError("ftruncate") }
            if size > 0 {
                guard let base = mmap(nil, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, fd, 0), base != MAP_FAILED else {
                    throw SystemCallError("mmap")
                }
                _ = WireFormat.encode(value, into: UnsafeMutableRawBufferPointer(start: base, count: size))
                munmap(base, size)
            }
            guard pshim_seal(fd) == 0 else { throw SystemCallError("fcntl(F_ADD_SEALS)") }
            return fd
        } catch {
            Descriptors.close(fd)
            throw error
        }
    }

    /// Why a received file could not be read.
    enum ReadError: Error {
        case system(SystemCallError)
        case unsealed
        case tooLarge(Int)
        case format(WireFormatError)
    }

    /// Decodes the value in the sealed memory file `fd` (which stays open).
    static func read(_ fd: Int32, limits: WireLimits) throws(ReadError) -> PythonValue {
        guard pshim_is_sealed(fd) == 1 else { throw .unsealed }
        var status = stat()
        guard fstat(fd, &status) == 0 else { throw .system(SystemCallError("fstat")) }
        let size = Int(status.st_size)
        guard size <= limits.maxMessageBytes else { throw .tooLarge(size) }
        guard size > 0 else {
            do { return try WireFormat.decode(UnsafeRawBufferPointer(start: nil, count: 0), limits: limits) } catch { throw .format(error) }
        }
        guard let base = mmap(nil, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0), base != MAP_FAILED else {
            throw .system(SystemCallError("mmap"))
        }
        defer { munmap(base, size) }
        do { return try WireFormat.decode(UnsafeRawBufferPointer(start: base, count: size), limits: limits) } catch { throw .format(error) }
    }
}
