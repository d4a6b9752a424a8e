import CPythonShim
import Synchronization

/// Python references (and exported buffers) dropped by Swift on a thread that
/// does not hold the GIL.
///
/// Decrementing a reference count without the GIL corrupts the interpreter, and
/// taking the GIL inside `deinit` can deadlock (the holder may be waiting on the
/// dropping thread). So such references wait here and are released by the next
/// thread that acquires the GIL through PyEmbed.
final class ReleasePool: Sendable {
    static let shared = ReleasePool()

    /// A reference or an exported buffer in transit between threads; only ever
    /// released under the GIL.
    private enum Pending: @unchecked Sendable {
        case object(UnsafeMutablePointer<PyObject>)
        case buffer(UnsafeMutablePointer<Py_buffer>)

        func release() {
            switch self {
            case let .object(object):
                pyshim_decref(object)
            case let .buffer(buffer):
                PyBuffer_Release(buffer)
                buffer.deallocate()
            }
        }
    }

    private let pending = Mutex<[Pending]>([])
    private let count = Atomic<Int>(0)

    /// Releases `object` now if the GIL is held, else defers it.
    func release(_ object: UnsafeMutablePointer<PyObject>) {
        release(.object(object))
    }

    /// Releases a heap-allocated, exported buffer (`PyBuffer_Release`) and frees
    /// its memory, now if the GIL is held, else later.
    func release(buffer: UnsafeMutablePointer<Py_buffer>) {
        release(.buffer(buffer))
    }

    private func release(_ entry: Pending) {
        if GIL.isHeld {
            entry.release()
            return
        }
        pending.withLock { $0.append(entry) }
        count.add(1, ordering: .releasing)
    }

    /// Number of references waiting for the GIL.
    var pendingCount: Int { count.load(ordering: .acquiring) }

    /// Releases every deferred reference. Call only with the GIL held.
    func drain() {
        guard count.load(ordering: .acquiring) > 0 else { return }
        let objects = pending.withLock { list -> [Pending] in
            let taken = list
            list.removeAll()
            return taken
        }
        count.subtract(objects.count, ordering: .releasing)
        for entry in objects { entry.release() }
    }
}
