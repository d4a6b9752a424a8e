/// The kernels one engine started: idle ones are reused by later runs on the
/// same endpoint (each run still starts from a clean namespace), runs at the
/// same time get separate kernels, and ``shutDown()`` deletes every kernel
/// this pool started.
actor JupyterKernelPool {
    private var idle: [JupyterEndpoint: [JupyterKernel]] = [:]
    private var started: [String: JupyterKernel] = [:]
    private var isShutDown = false
    private var deletions: [String: Task<Void, Never>] = [:]

    /// An idle kernel for `endpoint`, or a new one.
    func acquire(_ endpoint: JupyterEndpoint) async throws(JupyterFailure) -> JupyterKernel {
        while let kernel = idle[endpoint]?.popLast() {
            if !kernel.channel.isClosed { return kernel }
            await discard(kernel)
        }
        let rest = JupyterREST(endpoint: endpoint)
        let model = try await rest.startKernel()
        let channel: JupyterChannel
        do {
            channel = try await JupyterChannel.connect(endpoint, kernelID: model.id)
        } catch {
            try? await rest.deleteKernel(model.id)
            throw error
        }
        let kernel = JupyterKernel(id: model.id, endpoint: endpoint, channel: channel)
        started[kernel.id] = kernel
        if isShutDown {
            await discard(kernel)
            throw .protocolViolation("the Jupyter engine was shut down")
        }
        return kernel
    }

    /// Gives a kernel back for later runs.
    func release(_ kernel: JupyterKernel) async {
        guard !isShutDown, started[kernel.id] != nil, !kernel.channel.isClosed else {
            await discard(kernel)
            return
        }
        idle[kernel.endpoint, default: []].append(kernel)
    }

    /// Closes a kernel's channels and deletes it on its server (once, however often it is asked).
    func discard(_ kernel: JupyterKernel) async {
        started[kernel.id] = nil
        idle[kernel.endpoint]?.removeAll { $0 === kernel }
        // In a task of its own: a kernel must be deleted even when the run that asked was cancelled.
        let deletion = deletions[kernel.id] ?? Task {
            await kernel.channel.close()
            try? await kernel.rest.deleteKernel(kernel.id)
        }
        deletions[kernel.id] = deletion
        await deletion.value
        deletions[kernel.id] = nil
    }

    /// Deletes `kernels` without waiting (``shutDown()`` waits for it).
    nonisolated func discardLater(_ kernels: [JupyterKernel]) {
        Task {
            for kernel in kernels { await discard(kernel) }
        }
    }

    /// Deletes every kernel this pool started, and waits for deletions under way; later acquisitions fail.
    func shutDown() async {
        isShutDown = true
        for kernel in Array(started.values) { await discard(kernel) }
        for deletion in Array(deletions.values) { await deletion.value }
        idle = [:]
    }

    /// The ids of the kernels this pool started that are still alive.
    var kernelIDs: [String] { Array(started.keys) }
}
