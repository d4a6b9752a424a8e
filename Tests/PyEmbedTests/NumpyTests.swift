@testable import PyEmbed
import CPythonShim
import Foundation
import Testing

/// Converts `expected` (built by `setup`) to an `NDArray`, then back to numpy,
/// and checks in Python that dtype, shape and every element survived.
private func roundTrips(_ setup: String) throws -> NDArray {
    try python().withGIL { gil in
        let output = try gil.run("import numpy as np\n" + setup)
        let array = try output.value("expected", as: NDArray.self, gil)
        let check = try gil.run("""
        import numpy as np
        ok = (value.dtype == expected.dtype.newbyteorder('=') and value.shape == expected.shape
              and (np.array_equal(value, expected, equal_nan=value.dtype.kind in 'fc')
                   if value.dtype.kind not in 'Mm' else np.array_equal(value.view('i8'), expected.view('i8'))))
        """, inputs: ["value": array, "expected": output.variable("expected", gil)!.owned()])
        #expect(try check.value("ok", as: Bool.self, gil), "round trip of \(setup)")
        return array
    }
}

@Suite("numpy arrays and scalars")
struct NumpyTests {
    @Test(arguments: ["bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
                      "float16", "float32", "float64", "complex64", "complex128"])
    func everyNumericDtypeRoundTrips(_ dtype: String) throws {
        let array = try roundTrips("expected = (np.arange(12).reshape(3, 4) * 7 - 20).astype('\(dtype)')")
        #expect(array.dtype.name == dtype)
        #expect(array.shape == [3, 4])
        #expect(array.count == 12)
    }

    @Test func elementsComeOutInRowMajorOrderWithExactValues() throws {
        let array = try roundTrips("expected = np.array([[1.5, -2.0, np.nan], [np.inf, 0.1, -0.0]])")
        let values = try array.elements(as: Double.self)
        #expect(values[0] == 1.5 && values[1] == -2 && values[2].isNaN && values[3] == .infinity && values[4] == 0.1)
        #expect(values[5].sign == .minus)
        let big = try roundTrips("expected = np.array([2**63 - 1, -2**63], dtype=np.int64)")
        #expect(try big.elements(as: Int64.self) == [.max, .min])
        let unsigned = try roundTrips("expected = np.array([2**64 - 1], dtype=np.uint64)")
        #expect(try unsigned.elements(as: UInt64.self) == [.max])
        let half = try roundTrips("expected = np.array([0.5, 65504, 6e-8, -np.inf], dtype=np.float16)")
        #expect(try half.elements(as: Float.self) == [0.5, 65504, Float(Float16Bits.smallestSubnormal), -.infinity])
    }

    @Test(arguments: [
        "base[::2, ::-1]", "base.T", "np.asfortranarray(base)", "base[:, 1]", "base[1:, ::3]",
        "base.astype('>f8')", "base.astype('>i4')[::-1]", "np.broadcast_to(base[0], (3, 6))",
    ])
    func stridedFortranAndSwappedArraysCopyInLogicalOrder(_ expression: String) throws {
        let array = try roundTrips("base = np.arange(18, dtype=np.float64).reshape(3, 6)\nexpected = \(expression)")
        let logical = try python().withGIL { gil in
            try gil.run("import numpy as np\nbase = np.arange(18, dtype=np.float64).reshape(3, 6)\nx = np.asarray(\(expression), dtype=np.float64).ravel(order='C').tolist()")
                .value("x", as: [Double].self, gil)
        }
        let converted: [Double] = try (try? array.elements(as: Double.self)) ?? array.elements(as: Int32.self).map { Double($0) }
        #expect(converted == logical)
    }

    @Test func zeroSizeAndZeroDimensionalArrays() throws {
        let empty = try roundTrips("expected = np.zeros((0, 3), dtype=np.int32)")
        #expect(empty.shape == [0, 3] && empty.count == 0)
        #expect(try empty.elements(as: Int32.self) == [])
        let scalar = try roundTrips("expected = np.array(2.5)")
        #expect(scalar.shape == [] && scalar.count == 1)
        #expect(try scalar.elements(as: Double.self) == [2.5])
    }

    @Test func datetimesAndTimedeltasKeepTicksUnitAndNaT() throws {
        let times = try roundTrips("expected = np.array(['2024-03-01T12:00:00.000000001', 'NaT', '1969-12-31'], dtype='datetime64[ns]')")
        #expect(times.dtype.kind == .datetime && times.dtype.unit == "ns" && times.dtype.name == "datetime64[ns]")
        guard case let .datetime64(ticks) = times.storage else { Issue.record("storage"); return }
        #expect(ticks == [1_709_294_400_000_000_001, Int64.min, -86_400_000_000_000])
        let spans = try roundTrips("expected = np.array([90, -1], dtype='timedelta64[s]')")
        #expect(spans.dtype.unit == "s")
        #expect(spans.storage == .timedelta64([90, -1]))
        _ = try roundTrips("expected = np.array(['2024-01', '2025-06'], dtype='datetime64[M]')")
    }

    @Test func fixedWidthStringsAndBytes() throws {
        let text = try roundTrips("expected = np.array([['a', 'héllo'], ['日本', '']])")
        #expect(text.storage == .unicode(["a", "héllo", "日本", ""]))
        #expect(text.dtype.kind == .unicode && text.dtype.name == "U5")
        let bytes = try roundTrips(#"expected = np.array([b'ab', b'\x00c', b''], dtype='S3')"#)
        #expect(bytes.storage == .bytes([[97, 98], [0, 99], []]))
    }

    @Test func objectArraysConvertElementByElement() throws {
        let value = try evaluate("import numpy as np\nx = np.array([1, 'two', None, [3.5]], dtype=object).reshape(2, 2)")
        guard case let .array(array) = value else { Issue.record("expected array, got \(value)"); return }
        #expect(array.shape == [2, 2])
        #expect(array.storage == .object([.int(1), .string("two"), .none, .list([.float(3.5)])]))
        do {
            _ = try evaluate("import numpy as np\nx = np.empty(1, dtype=object)\nx[0] = x")
            Issue.record("no error for a self-containing object array")
        } catch let PyEmbedError.conversion(.cycle(path)) {
            #expect(path.hasPrefix("x"))
        }
    }

    @Test func numpyScalarsBecomeSwiftScalars() throws {
        #expect(try evaluate("import numpy as np\nx = np.float64(1.5)") == .float(1.5))
        #expect(try evaluate("import numpy as np\nx = np.float32(0.25)") == .float(0.25))
        #expect(try evaluate("import numpy as np\nx = np.int32(-7)") == .int(-7))
        #expect(try evaluate("import numpy as np\nx = np.uint64(2**64 - 1)") == .int(PythonInteger("18446744073709551615")!))
        #expect(try evaluate("import numpy as np\nx = np.bool_(False)") == .bool(false))
        #expect(try evaluate("import numpy as np\nx = np.complex64(1 - 2j)") == .complex(real: 1, imaginary: -2))
        #expect(try evaluate("import numpy as np\nx = np.str_('s')") == .string("s"))
        #expect(try evaluate("import numpy as np\nx = np.longdouble(0.5)") == .float(0.5))
        #expect(try evaluate("import numpy as np\nx = np.datetime64('2020-01-02', 'D')") ==
            .numpyTime(NumpyTime(kind: .datetime, ticks: 18263, unit: "D")))
        #expect(try evaluate("import numpy as np\nx = np.timedelta64('NaT', 'ms')") == .numpyTime(NumpyTime(kind: .timedelta, ticks: nil, unit: "ms")))
        #expect(try pythonAgrees(NumpyTime(kind: .datetime, ticks: 5, unit: "s"), "import numpy as np\nok = value == np.datetime64(5, 's')"))
        #expect(try pythonAgrees(NumpyTime(kind: .timedelta, ticks: nil, unit: "s"), "import numpy as np\nok = np.isnat(value)"))
        #expect(try evaluate("import numpy as np\nx = np.int64(3)", as: Int.self) == 3)
    }

    @Test func typedAccessNeverReinterprets() throws {
        let array = try evaluate("import numpy as np\nx = np.ones(3)", as: NDArray.self)
        #expect(throws: PythonConversionError.self) { try array.elements(as: Int64.self) }
        #expect(throws: PythonConversionError.self) { try array.elements(as: Float.self) }
        #expect(throws: PyEmbedError.self) { try evaluate("x = [1.0]", as: NDArray.self) }
    }

    @Test func swiftArraysBecomeNumpyArrays() throws {
        let matrix = NDArray([1.0, 2, 3, 4, 5, 6], shape: [2, 3])
        #expect(try pythonAgrees(matrix, "import numpy as np\nok = value.dtype == np.float64 and value.shape == (2, 3) and value[1, 2] == 6 and value.flags.writeable"))
        #expect(try pythonAgrees(NDArray([true, false]), "import numpy as np\nok = value.dtype == np.bool_ and value.tolist() == [True, False]"))
        #expect(try pythonAgrees(NDArray([Int32(-1), 7]), "import numpy as np\nok = value.dtype == np.int32 and value.tolist() == [-1, 7]"))
        #expect(try pythonAgrees(NDArray(["ab", "ç"]), "import numpy as np\nok = value.dtype == np.dtype('U2') and value.tolist() == ['ab', 'ç']"))
        let times = NDArray(dtype: NumpyDType(kind: .datetime, itemSize: 8, name: "datetime64[s]", unit: "s"), shape: [2], storage: .datetime64([0, .min]))
        #expect(try pythonAgrees(times, "import numpy as np\nok = value.dtype == np.dtype('datetime64[s]') and value[0] == np.datetime64(0, 's') and np.isnat(value[1])"))
        let wrong = NDArray([1.0, 2, 3], shape: [2, 2])
        #expect(throws: PyEmbedError.self) { try pythonAgrees(wrong, "ok = True") }
    }
}

/// The smallest positive float16, 2^-24.
private enum Float16Bits {
    static let smallestSubnormal = 5.960464477539063e-08
}

@Suite("Zero-copy numpy views")
struct NumpyViewTests {
    @Test func viewSharesMemoryWithTheArray() throws {
        let runtime = try python()
        let (view, namespace) = try runtime.withGIL { gil in
            let output = try gil.run("import numpy as np\na = np.arange(10, dtype=np.float64)", options: RunOptions(namespace: .named("view-test")))
            return (try output.value("a", as: NDArrayView.self, gil), output.namespace)
        }
        #expect(view.shape == [10] && view.isContiguous && view.dtype.name == "float64")
        #expect(try view.withUnsafeBufferPointer(as: Double.self) { $0.reduce(0, +) } == 45)
        _ = try runtime.withGIL { gil in try gil.run("a[3] = 100.0\ndel a", options: RunOptions(namespace: .named("view-test"))) }
        _ = namespace
        // No GIL held here: the memory is pinned by the export.
        #expect(try view.element(at: [3], as: Double.self) == 100)
        #expect(throws: PythonConversionError.self) { try view.withUnsafeBufferPointer(as: Int64.self) { $0.count } }
        #expect(throws: PythonConversionError.self) { try view.element(at: [10], as: Double.self) }
        runtime.resetNamespace("view-test")
    }

    @Test func stridedViewsReadThroughStrides() throws {
        let runtime = try python()
        let (view, expected) = try runtime.withGIL { gil in
            let output = try gil.run("import numpy as np\nbase = np.arange(24, dtype=np.int64).reshape(4, 6)\na = base[::2, ::-3]\nflat = a.ravel().tolist()")
            return (try output.value("a", as: NDArrayView.self, gil), try output.value("flat", as: [Int64].self, gil))
        }
        #expect(view.shape == [2, 2] && !view.isContiguous)
        #expect(try view.element(at: [1, 0], as: Int64.self) == expected[2])
        #expect(try view.copy().elements(as: Int64.self) == expected)
        #expect(throws: (any Error).self) { try view.withUnsafeBufferPointer(as: Int64.self) { $0.count } }
    }

    @Test func viewsOfDatetimesObjectsAndSwappedArrays() throws {
        let runtime = try python()
        try runtime.withGIL { gil in
            let times = try gil.run("import numpy as np\na = np.array(['2020-01-01', 'NaT'], dtype='datetime64[D]')").value("a", as: NDArrayView.self, gil)
            #expect(times.dtype.kind == .datetime)
            #expect(try times.element(at: [0], as: Int64.self) == 18262)
            #expect(throws: PyEmbedError.self) { try gil.run("import numpy as np\na = np.array([None])").value("a", as: NDArrayView.self, gil) }
            #expect(throws: PyEmbedError.self) { try gil.run("import numpy as np\na = np.ones(2, dtype='>f8')").value("a", as: NDArrayView.self, gil) }
            #expect(throws: PyEmbedError.self) { try gil.run("a = [1.0]").value("a", as: NDArrayView.self, gil) }
        }
    }

    @Test func droppingAViewWithoutTheGILReleasesTheExportLater() throws {
        let runtime = try python()
        let (view, probe) = try runtime.withGIL { gil in
            let output = try gil.run("import numpy as np, weakref\na = np.zeros(4)\nprobe = weakref.ref(a)")
            let view = try output.value("a", as: NDArrayView.self, gil)
            _ = PyDict_DelItemString(output.namespace.pointer, "a")
            return (view, try output.value("probe", as: PythonObject.self, gil))
        }
        let alive = { try runtime.withGIL { gil in try probe.borrow(gil).call().borrow(gil).isNone == false } }
        #expect(try alive(), "the export keeps the array alive after Python dropped it")
        #expect(try view.element(at: [2], as: Double.self) == 0)
        let box = ViewBox(view)
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            #expect(!GIL.isHeld)
            box.view = nil
            done.signal()
        }
        _ = consume view
        thread.start()
        done.wait()
        #expect(try alive() == false, "the export was released once the GIL was taken again")
    }
}

private final class ViewBox: @unchecked Sendable {
    var view: NDArrayView?
    init(_ view: NDArrayView) { self.view = view }
}
