#if canImport(Glibc)
import Glibc
#endif

extension Array {
    /// The elements whose bytes are `bytes` (whole elements only), copied with one `memcpy`.
    ///
    /// A large copy asks the kernel for huge pages first (`madvise(MADV_HUGEPAGE)`),
    /// so that filling fresh memory costs one page fault per 2 MiB instead of per
    /// 4 KiB — most of the cost of copying a large array into new memory.
    ///
    /// - Complexity: O(*n*) in the byte count.
    public init(copyingBytes bytes: UnsafeRawBufferPointer) {
        let count = bytes.count / MemoryLayout<Element>.stride
        self.init(unsafeUninitializedCapacity: count) { buffer, initialized in
            if count > 0, let from = bytes.baseAddress, let to = buffer.baseAddress {
                let byteCount = count * MemoryLayout<Element>.stride
                Self.preferHugePages(UnsafeMutableRawPointer(to), byteCount)
                UnsafeMutableRawPointer(to).copyMemory(from: from, byteCount: byteCount)
            }
            initialized = count
        }
    }

    private static func preferHugePages(_ start: UnsafeMutableRawPointer, _ byteCount: Int) {
        let huge = 2 << 20
        guard byteCount >= 2 * huge else { return }
        let first = (Int(bitPattern: start) + huge - 1) & ~(huge - 1)
        let end = (Int(bitPattern: start) + byteCount) & ~(huge - 1)
        guard end > first, let aligned = UnsafeMutableRawPointer(bitPattern: first) else { return }
        _ = madvise(aligned, end - first, MADV_HUGEPAGE)
    }
}
