import Foundation
import PyEmbedProcess
import Testing

/// A session keeps its namespace across runs, in a process of its own, until reset or killed.
@Suite("worker session")
struct WorkerSessionTests {
    @Test func variablesPersistAcrossRunsUntilReset() async throws {
        let session = WorkerSession()
        defer { session.reset() }
        _ = try await session.run("import numpy as np\ntotal = 1\nseen = [1]")
        let second = try await session.run("total += 41\nseen.append(2)", options: WorkerRunOptions(variables: .named(["total", "seen"])))
        #expect(second["total"] == .int(42))
        #expect(second["seen"] == .list([.int(1), .int(2)]))
        let pid = try #require(session.processID)
        #expect(pid != getpid())
        session.reset()
        let fresh = try await session.run("present = 'total' in globals()")
        #expect(fresh["present"] == .bool(false))
        #expect(session.processID != pid)
    }

    @Test func eachRunHasItsOwnOutputAndErrors() async throws {
        let session = WorkerSession()
        defer { session.reset() }
        let first = try await session.run("print('one')\nx = 1")
        #expect(first.stdout == "one\n")
        let second = try await session.run("print('two')")
        #expect(second.stdout == "two\n")
        do {
            _ = try await session.run("print('three')\nundefined_name")
            Issue.record("no error")
        } catch {
            guard case let .exception(exception) = error else { Issue.record("got \(error)"); return }
            #expect(exception.typeName == "NameError")
            #expect(exception.stdout == "three\n")
        }
        // An exception does not end the session.
        #expect(try await session.run("y = x + 1")["y"] == .int(2))
    }

    @Test func aTimeoutKillsTheSessionAndTheNextRunStartsFresh() async throws {
        let session = WorkerSession()
        defer { session.reset() }
        _ = try await session.run("kept = 'before'")
        let error: WorkerError?
        do {
            _ = try await session.run("import time\ntime.sleep(30)", options: WorkerRunOptions(timeout: .milliseconds(500)))
            error = nil
        } catch let caught {
            error = caught
        }
        guard case let .timedOut(_, output)? = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(output.elapsed < .seconds(10), "ended \(output.elapsed) after the start, not at the 30 s sleep")
        let next = try await session.run("present = 'kept' in globals()")
        #expect(next["present"] == .bool(false))
    }

    @Test func aCrashEndsTheSessionNotTheHost() async throws {
        let session = WorkerSession()
        defer { session.reset() }
        do {
            _ = try await session.run("import faulthandler\nfaulthandler._sigsegv()")
            Issue.record("no error")
        } catch {
            guard case let .signalled(signal, _) = error else { Issue.record("got \(error)"); return }
            #expect(WorkerError.signalName(signal) == "SIGSEGV")
        }
        #expect(try await session.run("z = 3")["z"] == .int(3))
    }
}

extension WorkerSessionTests {
    @Test func resettingASessionKillsWhatItsRunsStarted() async throws {
        let session = WorkerSession()
        let run = try await session.run(hostPIDFunction + "import subprocess\nchild = subprocess.Popen(['sleep', '600'])\npid = host_pid(child.pid)")
        let pid = try #require(run["pid"]?.intValue)
        session.reset()
        #expect(await processIsGone(pid_t(pid)), "process \(pid) started in the session outlived its reset")
    }
}

extension WorkerSessionTests {
    @Test func forgedControlMessagesEndTheSession() async throws {
        let session = WorkerSession()
        defer { session.reset() }
        _ = try await session.run("x = 1")
        let pid = try #require(session.processID)
        let code = """
        import os, struct, socket, time
        for fd in range(3, 64):
            try:
                s = socket.socket(fileno=os.dup(fd))
            except OSError:
                continue
            for i in range(1, 3000):
                try:
                    s.send(bytes([5]) + struct.pack('<QIQQ', i, 0, 0, 0))
                except OSError:
                    break
        while True:
            time.sleep(0.01)
        """
        do {
            _ = try await session.run(code, options: WorkerRunOptions(timeout: .seconds(5)))
            Issue.record("a run that never ends succeeded")
        } catch {}
        #expect(await processIsGone(pid), "the session \(pid) went on after its run was over")
    }
}

extension WorkerSessionTests {
    @Test func theHostsOpenDescriptorsDoNotReachTheSession() async throws {
        // A descriptor the host opened without close-on-exec, as any library may.
        let path = temporaryPath("pyembed-host-file")
        let descriptor = open(path, O_WRONLY | O_CREAT, 0o600)
        #expect(descriptor >= 0)
        defer { close(descriptor); unlink(path) }
        let session = WorkerSession()
        defer { session.reset() }
        let run = try await session.run("""
            import os
            targets = []
            for fd in os.listdir('/proc/self/fd'):
                try:
                    targets.append(os.readlink(f'/proc/self/fd/{fd}'))
                except OSError:
                    pass
            """)
        guard case let .list(targets)? = run["targets"] else { Issue.record("no targets"); return }
        #expect(!targets.isEmpty)
        #expect(!targets.contains(.string(path)), "the session holds the host's \(path)")
    }
}
