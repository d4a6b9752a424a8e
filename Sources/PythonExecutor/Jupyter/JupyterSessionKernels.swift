import Synchronization

/// The kernels of one named session (`execution_method: container`): one per
/// server the session's runs went to, kept between runs so the session's
/// variables stay in the kernel, and used by one run at a time.
///
/// A run of the session starts with its earlier runs' variables but without
/// their `results` or figures. ``reset()`` takes the kernels out of the session
/// and deletes them on their servers; a run that holds one at that moment
/// gives it back to be deleted.
final class JupyterSessionKernels: Sendable {
    /// The session's name (the kernel keeps its namespace under it).
    let name: String
    private let pool: JupyterKernelPool

    private struct State {
        var kernels: [JupyterEndpoint: JupyterKernel] = [:]
        var isBusy = false
        /// The kernel the run holding the turn leased, if any.
        var leased: JupyterKernel?
        var waiters: [CheckedContinuation<Void, Never>] = []
        /// Raised by each reset: a kernel leased before it is deleted when given back.
        var generation = 0
    }

    private let state = Mutex(State())

    init(name: String, pool: JupyterKernelPool) {
        self.name = name
        self.pool = pool
    }

    /// A kernel that a run holds until ``giveBack(_:lease:disposition:)``.
    struct Lease: Sendable {
        let kernel: JupyterKernel
        let generation: Int
    }

    /// Waits until no other run of the session holds a kernel, then returns the
    /// session's kernel on `endpoint`, started (or taken idle from the pool) when it has none.
    func lease(_ endpoint: JupyterEndpoint) async throws(JupyterFailure) -> Lease {
        await waitForTurn()
        let (kept, generation) = state.withLock { ($0.kernels[endpoint], $0.generation) }
        if let kept, !kept.channel.isClosed {
            state.withLock { $0.leased = kept }
            return Lease(kernel: kept, generation: generation)
        }
        do {
            let kernel = try await pool.acquire(endpoint)
            let current = state.withLock { state in
                if state.generation == generation { state.kernels[endpoint] = kernel }
                state.leased = kernel
                return state.generation
            }
            return Lease(kernel: kernel, generation: current == generation ? generation : -1)
        } catch {
            endTurn()
            throw error
        }
    }

    /// Ends a run's hold: the kernel stays in the session when it is usable,
    /// is restarted (losing the session's variables) when it still ran the code,
    /// and is deleted when it died or the session was reset meanwhile.
    func giveBack(_ lease: Lease, disposition: JupyterRunWatch.Ending.Disposition) async {
        let kernel = lease.kernel
        let isCurrent = state.withLock { $0.generation == lease.generation }
        switch disposition {
        case .reuse where isCurrent:
            break
        case .restart where isCurrent:
            do {
                try await kernel.rest.restart(kernel.id)
                kernel.isPrepared = false
            } catch {
                forget(kernel)
                await pool.discard(kernel)
            }
        default:
            forget(kernel)
            await pool.discard(kernel)
        }
        endTurn()
    }

    /// Forgets every variable of the session: its kernels leave the session at
    /// once (the next run starts a new kernel) and are deleted on their servers.
    func reset() {
        let kernels = state.withLock { state in
            state.generation += 1
            // A kernel in use is deleted when its run gives it back.
            let idle = state.kernels.values.filter { $0 !== state.leased }
            state.kernels = [:]
            return idle
        }
        guard !kernels.isEmpty else { return }
        pool.discardLater(kernels)
    }

    /// The ids of the session's kernels (for tests and diagnostics).
    var kernelIDs: [String] {
        state.withLock { $0.kernels.values.map(\.id) }
    }

    private func forget(_ kernel: JupyterKernel) {
        state.withLock { state in
            if state.kernels[kernel.endpoint] === kernel { state.kernels[kernel.endpoint] = nil }
        }
    }

    private func waitForTurn() async {
        await withCheckedContinuation { (waiter: CheckedContinuation<Void, Never>) in
            let now = state.withLock { state in
                if state.isBusy {
                    state.waiters.append(waiter)
                    return false
                }
                state.isBusy = true
                return true
            }
            if now { waiter.resume() }
        }
    }

    private func endTurn() {
        let next = state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.leased = nil
            if state.waiters.isEmpty {
                state.isBusy = false
                return nil
            }
            return state.waiters.removeFirst()
        }
        next?.resume()
    }
}
