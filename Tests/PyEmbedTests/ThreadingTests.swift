@testable import PyEmbed
import CPythonShim
import Foundation
import Testing

@Suite("Thread model: the interpreter thread, the GIL and references dropped anywhere")
struct ThreadingTests {
    @Test func thousandsOfConcurrentTasksCreateConvertAndDrop() async throws {
        let runtime = try python()
        let tasks = 1200
        let sums = try await withThrowingTaskGroup(of: (Int, Int).self) { group in
            for index in 0..<tasks {
                group.addTask {
                    switch index % 3 {
                    case 0:
                        // Async path: hop onto the interpreter thread.
                        let sum = try await runtime.interpreter.run("x = [i * \(index) for i in range(50)]") { (output, gil) throws(PyEmbedError) in
                            try output.value("x", as: [Int].self, gil).reduce(0, +)
                        }
                        return (index, sum)
                    case 1:
                        // Synchronous path on a cooperative thread; the object outlives the GIL scope.
                        let object = try runtime.withGIL { gil in
                            try (0..<50).map { $0 * index }.pythonObject(gil)
                        }
                        let values = try runtime.withGIL { gil in try object.decode([Int].self, gil) }
                        return (index, values.reduce(0, +))
                    default:
                        // An owned object dropped on whatever thread finishes the task, without the GIL.
                        let object = try await runtime.interpreter.withGIL { gil in
                            try PythonValue.list((0..<50).map { .int(PythonInteger($0 * index)) }).pythonObject(gil)
                        }
                        let value = try runtime.withGIL { gil in try object.decode(PythonValue.self, gil) }
                        guard case let .list(items) = value else { return (index, -1) }
                        return (index, items.reduce(0) { $0 + ($1.intValue ?? -1_000_000) })
                    }
                }
            }
            var sums: [Int: Int] = [:]
            for try await (index, sum) in group { sums[index] = sum }
            return sums
        }
        #expect(sums.count == tasks)
        for (index, sum) in sums { #expect(sum == index * (0..<50).reduce(0, +), "task \(index)") }
    }

    @Test func referencesDroppedWithoutTheGILAreReleasedLater() throws {
        let runtime = try python()
        let (object, probe) = try runtime.withGIL { gil in
            let output = try gil.run("import weakref\nclass Thing: pass\nthing = Thing()\nprobe = weakref.ref(thing)")
            let object = try output.value("thing", as: PythonObject.self, gil)
            _ = PyDict_DelItemString(output.namespace.pointer, "thing")
            return (object, try output.value("probe", as: PythonObject.self, gil))
        }
        // Drop the only reference on a plain thread that never holds the GIL.
        let holder = Holder(object)
        let dropped = DispatchSemaphore(value: 0)
        let thread = Thread {
            #expect(!GIL.isHeld)
            holder.object = nil
            #expect(ReleasePool.shared.pendingCount > 0)
            dropped.signal()
        }
        _ = consume object
        thread.start()
        dropped.wait()
        let alive = try runtime.withGIL { gil in
            try probe.borrow(gil).call().borrow(gil).isNone == false
        }
        #expect(alive == false, "the deferred release ran when the GIL was next taken")
    }

    @Test func asyncCallsRunOnTheInterpreterThread() async throws {
        let runtime = try python()
        let name = try await runtime.interpreter.run("import threading\nx = threading.current_thread() is threading.main_thread()") { (output, gil) throws(PyEmbedError) in
            try output.value("x", as: Bool.self, gil)
        }
        #expect(name, "Python was initialised on the interpreter thread (threading is imported there), which runs every async call")
        let other = try await Task.detached {
            try runtime.withGIL { gil in
                try gil.run("import threading\nx = threading.current_thread() is threading.main_thread()").value("x", as: Bool.self, gil)
            }
        }.value
        #expect(other == false, "a synchronous call runs on the caller's own thread")
    }

    @Test func pythonThreadsRunWhileSwiftWaits() async throws {
        let runtime = try python()
        let result = try await runtime.interpreter.run("""
        import threading
        results = []
        def work(n):
            results.append(sum(range(n)))
        threads = [threading.Thread(target=work, args=(10_000 * i,)) for i in range(1, 5)]
        for t in threads: t.start()
        for t in threads: t.join()
        x = sorted(results)
        """) { (output, gil) throws(PyEmbedError) in try output.value("x", as: [Int].self, gil) }
        #expect(result == (1...4).map { (0..<(10_000 * $0)).reduce(0, +) })
    }
}

/// Carries a reference to another thread so that thread can drop it.
private final class Holder: @unchecked Sendable {
    var object: PythonObject?
    init(_ object: PythonObject) { self.object = object }
}
