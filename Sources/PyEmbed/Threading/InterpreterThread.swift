import Foundation
import Synchronization

/// The dedicated operating-system thread on which CPython was initialised, and a
/// serial executor that runs Swift jobs on it.
///
/// `PythonInterpreter` (an actor) uses this executor, so every `await` on the
/// interpreter hops onto this one thread. Work is run in submission order.
/// After running its jobs the thread spins for a few microseconds before it
/// sleeps: a caller that awaits call after call then finds it awake, which
/// saves a kernel wake-up per call.
final class InterpreterThread: SerialExecutor, @unchecked Sendable {
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []
    private var isSleeping = false
    private let queued = Atomic<Int>(0)
    private var thread: Thread?
    private static let spin = Duration.microseconds(50)

    /// Starts the thread and runs `setUp` on it before any job.
    ///
    /// Blocks until `setUp` returned, so its effects (the interpreter start-up)
    /// are visible to the caller.
    init(name: String, stackSize: Int = 16 << 20, setUp: @escaping @Sendable () -> Void) {
        let started = DispatchSemaphore(value: 0)
        // Strong: the thread serves for the life of the process (and must not trap
        // reading `self` if start-up failed and the caller dropped its reference).
        let thread = Thread { [self] in
            setUp()
            started.signal()
            self.serve()
        }
        thread.name = name
        thread.stackSize = stackSize
        self.thread = thread
        thread.start()
        started.wait()
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        jobs.append(job)
        queued.add(1, ordering: .releasing)
        if isSleeping { condition.signal() }
        condition.unlock()
    }

    /// Whether the caller is running on the interpreter thread.
    var isCurrent: Bool { Thread.current === thread }

    func checkIsolated() {
        precondition(isCurrent, "expected to run on the Python interpreter thread")
    }

    private func serve() {
        let executor = asUnownedSerialExecutor()
        let clock = ContinuousClock()
        while true {
            let deadline = clock.now + Self.spin
            while queued.load(ordering: .acquiring) == 0 && clock.now < deadline {}
            condition.lock()
            while jobs.isEmpty {
                isSleeping = true
                condition.wait()
                isSleeping = false
            }
            let pendingJobs = jobs
            jobs.removeAll(keepingCapacity: true)
            queued.subtract(pendingJobs.count, ordering: .relaxed)
            condition.unlock()
            for job in pendingJobs { job.runSynchronously(on: executor) }
        }
    }
}
