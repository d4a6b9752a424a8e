import CPythonShim

/// A zero-copy view of a numpy array's memory, exported through the buffer
/// protocol (PEP 3118).
///
/// The export holds a reference to the array, so its memory stays allocated
/// and numpy refuses to resize it in place (unless Python code passes
/// `refcheck=False`, which no view can guard against). The view may be read on
/// any thread, without the GIL, for as long as it is held. Dropping the last reference releases the export under
/// the GIL (later, if the dropping thread does not hold it). Python code that
/// writes to the array meanwhile is seen through the view.
public final class NDArrayView: @unchecked Sendable {
    /// The element type.
    public let dtype: NumpyDType
    /// The length of each dimension.
    public let shape: [Int]
    /// The distance in bytes between neighbours along each dimension (may be negative).
    public let strides: [Int]
    private let buffer: UnsafeMutablePointer<Py_buffer>

    /// Exports the buffer of the numpy array `object`.
    ///
    /// - Complexity: O(1) in the array's size.
    /// - Throws: a type mismatch for non-arrays, object arrays (their elements
    ///   are Python references) and non-native byte order.
    public convenience init(python object: BorrowedObject) throws(PythonConversionError) {
        let gil = object.gil
        guard (try? ObjectKind.of(object)) == .ndarray else { throw object.mismatch(expected: "numpy.ndarray") }
        let buffer = UnsafeMutablePointer<Py_buffer>.allocate(capacity: 1)
        // Fast path: native numbers describe themselves in the buffer's format.
        if PyObject_GetBuffer(object.pointer, buffer, PyBUF_RECORDS_RO) == 0 {
            if let dtype = NumpyDType(bufferFormat: buffer.pointee.format, itemSize: buffer.pointee.itemsize) {
                self.init(buffer: buffer, dtype: dtype)
                return
            }
            PyBuffer_Release(buffer)
        } else {
            PyErr_Clear()
        }
        buffer.deallocate()
        try self.init(describing: object, gil)
    }

    /// The slow path: datetimes, strings and byte-swapped arrays, described by numpy.
    private convenience init(describing object: BorrowedObject, _ gil: GIL) throws(PythonConversionError) {
        let answer = try NumpyHelpers.module.call("view", [object.owned()], gil)
        let (exportable, description, isNative) = try answer.borrow(gil).decodeTuple(PythonObject.self, DTypeDescription.self, Bool.self)
        let dtype = try description.dtype
        guard ![.object, .string, .record].contains(dtype.kind) else {
            throw .typeMismatch(
                expected: "numpy.ndarray of fixed-size numbers, times or strings (copy this one with NDArray)",
                actual: "numpy.ndarray of dtype \(dtype.name)", path: "")
        }
        guard isNative else {
            throw .typeMismatch(expected: "numpy.ndarray in native byte order (copy it with NDArray)", actual: "numpy.ndarray of dtype \(dtype.name), byte-swapped", path: "")
        }
        let buffer = UnsafeMutablePointer<Py_buffer>.allocate(capacity: 1)
        guard PyObject_GetBuffer(exportable.pointer, buffer, PyBUF_RECORDS_RO) == 0 else {
            buffer.deallocate()
            throw .pending(gil)
        }
        self.init(buffer: buffer, dtype: dtype)
    }

    private init(buffer: UnsafeMutablePointer<Py_buffer>, dtype: NumpyDType) {
        let dimensions = Int(buffer.pointee.ndim)
        self.buffer = buffer
        self.dtype = dtype
        self.shape = (0..<dimensions).map { buffer.pointee.shape[$0] }
        self.strides = (0..<dimensions).map { buffer.pointee.strides[$0] }
    }

    deinit {
        ReleasePool.shared.release(buffer: buffer)
    }

    /// The number of elements.
    public var count: Int { shape.reduce(1, *) }

    /// Whether the elements lie in row-major order with no gaps.
    public var isContiguous: Bool {
        var expected = dtype.itemSize
        for dimension in shape.indices.reversed() where shape[dimension] > 1 {
            if strides[dimension] != expected { return false }
            expected *= shape[dimension]
        }
        return true
    }

    /// Calls `body` with a typed pointer to the array's own memory.
    ///
    /// `body` does not throw (return a `Result` to carry a failure out).
    ///
    /// - Throws: ``PythonConversionError`` when `T` is not the array's element type, or the
    ///   array is not contiguous (use ``element(at:as:)`` or ``copy()`` for strided views).
    public func withUnsafeBufferPointer<T: NumpyBufferElement, R>(
        as type: T.Type, _ body: (UnsafeBufferPointer<T>) -> R
    ) throws(PythonConversionError) -> R {
        try check(T.self)
        guard isContiguous else {
            throw .typeMismatch(expected: "a contiguous array", actual: "a strided view (strides \(strides))", path: "")
        }
        if let base = buffer.pointee.buf, UInt(bitPattern: base) % UInt(MemoryLayout<T>.alignment) != 0 {
            throw .typeMismatch(expected: "memory aligned for \(T.self)", actual: "a misaligned buffer (use element(at:as:) or copy())", path: "")
        }
        return body(UnsafeBufferPointer(start: buffer.pointee.buf?.assumingMemoryBound(to: T.self), count: count))
    }

    /// The element at a multi-dimensional position, following the strides.
    ///
    /// - Complexity: O(*d*) for *d* dimensions.
    public func element<T: NumpyBufferElement>(at position: [Int], as type: T.Type) throws(PythonConversionError) -> T {
        try check(T.self)
        guard position.count == shape.count, zip(position, shape).allSatisfy({ $0 >= 0 && $0 < $1 }) else {
            throw .outOfRange(value: "\(position)", target: "an index into shape \(shape)", path: "")
        }
        let offset = zip(position, strides).reduce(0) { $0 + $1.0 * $1.1 }
        guard let base = buffer.pointee.buf else { throw .outOfRange(value: "\(position)", target: "an empty buffer", path: "") }
        return base.loadUnaligned(fromByteOffset: offset, as: T.self)
    }

    /// Copies the viewed elements into Swift storage, in row-major order.
    ///
    /// Needs no GIL. - Complexity: O(*n*).
    public func copy() throws(PythonConversionError) -> NDArray {
        let itemSize = dtype.itemSize
        var bytes = [UInt8](repeating: 0, count: count * itemSize)
        if count > 0, let base = buffer.pointee.buf {
            bytes.withUnsafeMutableBytes { destination in
                var position = [Int](repeating: 0, count: shape.count)
                for element in 0..<count {
                    let offset = zip(position, strides).reduce(0) { $0 + $1.0 * $1.1 }
                    destination.baseAddress!.advanced(by: element * itemSize).copyMemory(from: base.advanced(by: offset), byteCount: itemSize)
                    var dimension = shape.count - 1
                    while dimension >= 0 {
                        position[dimension] += 1
                        if position[dimension] < shape[dimension] { break }
                        position[dimension] = 0
                        dimension -= 1
                    }
                }
            }
        }
        let storage = bytes.withUnsafeBytes { raw in
            Result { () throws(PythonConversionError) in try NDArrayStorage(copying: raw, dtype: dtype) }
        }
        return NDArray(dtype: dtype, shape: shape, storage: try storage.get())
    }

    private func check<T: NumpyBufferElement>(_ type: T.Type) throws(PythonConversionError) {
        let wanted = T.numpyDType
        let matches = wanted.kind == dtype.kind && wanted.itemSize == dtype.itemSize
            || (T.self == Int64.self && (dtype.kind == .datetime || dtype.kind == .timedelta))
        guard matches else {
            throw .typeMismatch(expected: "numpy.ndarray of \(wanted.name)", actual: "numpy.ndarray of dtype \(dtype.name)", path: "")
        }
    }
}

extension NDArrayView: ConvertibleFromPython {}
