import CPythonShim
import Foundation
@testable import PyEmbed
import Testing

/// Runs `code` on the interpreter thread (Python's main thread, where signal handlers can be set).
private func runOnInterpreter(_ code: String) async throws -> RunOutput {
    try await python().interpreter.run(code)
}

/// What one run changes process-wide is put back when it ends, and PyEmbed's own
/// Python (compiled-code cache, helpers) cannot be swapped by the code it runs.
@Suite("Runs do not carry state into later runs")
struct RunIsolationTests {
    @Test func aCodeObjectStoredUnderAnotherSourcesKeyNeverRuns() throws {
        let approved = "x = 'approved ' + 'code'"
        #expect(try evaluate(approved, as: String.self) == "approved code")
        let poison = """
        import gc, sys
        evil = compile("x = 'attacker code'", "<generated>", "exec")
        caches = [getattr(sys.modules.get("_pyembed"), "code_cache", None)]
        caches += [o for o in gc.get_objects() if isinstance(o, dict)]
        for cache in caches:
            if isinstance(cache, dict):
                for key in list(cache):
                    if isinstance(key, tuple) and len(key) == 2 and key[0] == approved:
                        cache[key] = evil
        """
        _ = try python().withGIL { gil in try gil.run(poison, inputs: ["approved": approved]) }
        #expect(try evaluate(approved, as: String.self) == "approved code")
    }

    @Test func replacingAHelpersFunctionsDoesNotChangeLaterConversions() throws {
        let date = "import datetime\nx = datetime.datetime(2024, 5, 6, 7, 8, 9, tzinfo=datetime.timezone.utc)"
        let before = try evaluate(date)
        let tamper = """
        import gc
        for namespace in [o for o in gc.get_objects() if isinstance(o, dict) and "datetime_parts" in o]:
            namespace["zone_parts"] = lambda *arguments: None
            namespace["datetime_parts"].__code__ = (lambda value: (1999, 1, 1, 0, 0, 0, 0, 0, None)).__code__
            namespace["date_parts"].__defaults__ = (1,)
        """
        _ = try python().withGIL { gil in try gil.run(tamper) }
        #expect(try evaluate(date) == before)
    }

    @Test func replacedStandardStreamsArePutBack() throws {
        let stdin = try evaluate("import sys\nx = id(sys.stdin)", as: Int.self)
        _ = try python().withGIL { gil in
            try gil.run("import io, sys\nsys.stdout = io.StringIO()\nsys.stderr = io.StringIO()\nsys.stdin = io.StringIO('typed')")
        }
        let next = try python().withGIL { gil in
            try gil.run("import sys\nprint('out')\nprint('err', file=sys.stderr)\nx = id(sys.stdin)")
        }
        #expect(next.stdout == "out\n")
        #expect(next.stderr == "err\n")
        #expect(try python().withGIL { gil in try next.value("x", as: Int.self, gil) } == stdin)
    }

    @Test func theRecursionLimitIsPutBack() throws {
        let limit = try evaluate("import sys\nx = sys.getrecursionlimit()", as: Int.self)
        _ = try python().withGIL { gil in try gil.run("import sys\nsys.setrecursionlimit(\(limit + 1234))") }
        #expect(try evaluate("import sys\nx = sys.getrecursionlimit()", as: Int.self) == limit)
    }

    @Test func signalHandlersSetByARunAreRemoved() async throws {
        let before = try await runOnInterpreter("import signal\nx = repr(signal.getsignal(signal.SIGTERM))")
        var previous = sigaction()
        sigaction(SIGTERM, nil, &previous)
        _ = try await runOnInterpreter("import signal\nsignal.signal(signal.SIGTERM, lambda *arguments: print('kept alive'))")
        let after = try await runOnInterpreter("import signal\nx = repr(signal.getsignal(signal.SIGTERM))")
        var current = sigaction()
        sigaction(SIGTERM, nil, &current)
        let (was, now) = try python().withGIL { gil in
            (try before.value("x", as: String.self, gil), try after.value("x", as: String.self, gil))
        }
        #expect(now == was)
        #expect(unsafeBitCast(current.__sigaction_handler.sa_handler, to: Int.self) == unsafeBitCast(previous.__sigaction_handler.sa_handler, to: Int.self))
    }

    @Test func theWorkingDirectoryIsPutBack() throws {
        let directory = FileManager.default.currentDirectoryPath
        _ = try python().withGIL { gil in try gil.run("import os\nos.chdir('/')") }
        #expect(try evaluate("import os\nx = os.getcwd()", as: String.self) == directory)
        #expect(FileManager.default.currentDirectoryPath == directory)
    }

    @Test func environmentChangesArePutBack() throws {
        _ = try python().withGIL { gil in try gil.run("import os\nos.environ['PYEMBED_ISOLATION_PROBE'] = 'set by a run'") }
        #expect(try evaluate("import os\nx = os.environ.get('PYEMBED_ISOLATION_PROBE')") == .none)
        #expect(getenv("PYEMBED_ISOLATION_PROBE") == nil)
    }

    @Test func reboundBuiltinsArePutBack() throws {
        _ = try python().withGIL { gil in
            try gil.run("import builtins\nbuiltins.len = lambda value: 42\nbuiltins.pyembed_isolation_probe = 1")
        }
        #expect(try evaluate("x = len([1, 2])", as: Int.self) == 2)
        #expect(try evaluate("import builtins\nx = hasattr(builtins, 'pyembed_isolation_probe')", as: Bool.self) == false)
    }

    @Test func theInterruptExceptionCannotBeMadeCatchable() throws {
        _ = try? python().withGIL { gil in
            try gil.run("""
            import gc
            for cls in [o for o in gc.get_objects() if isinstance(o, type) and o.__name__ == "PyEmbedInterrupt"]:
                try:
                    cls.__bases__ = (Exception,)
                except TypeError:
                    pass
            """)
        }
        let interrupt = SupportModule.installed.interruptType
        let catchable = try python().withGIL { gil in
            try interrupt.borrow(gil).attribute("__mro__").decode([PythonObject].self, gil).count != 3
        }
        #expect(!catchable, "PyEmbedInterrupt's bases are still (BaseException, object)")
    }

    @Test func aRunCannotAddAnAuditHook() throws {
        let hooked = try python().withGIL { gil in
            try gil.run("import sys\nseen = []\nsys.addaudithook(lambda event, arguments: seen.append(event))")
        }
        #expect(hooked.stderr.contains("audit hook"), "the run is told: \(hooked.stderr)")
        _ = try python().withGIL { gil in try gil.run("import os\nopen(os.devnull).close()") }
        #expect(try python().withGIL { gil in try hooked.value("seen", as: [String].self, gil) } == [])
    }
}
