import Foundation
import PyEmbed

/// Runs generated code on Jupyter kernels (`execution.execution_method: container`):
/// Jupyter Server, Jupyter Kernel Gateway or Enterprise Gateway, through the
/// REST API and the kernel channels WebSocket.
///
/// Unlike the reference's engine, each run starts from a clean namespace (no
/// `results` or figures left by an earlier run) unless it continues a named
/// session (``JupyterSessionKernels``: only variables carry over), a run past its timeout is
/// interrupted (`POST …/interrupt`) and its kernel restarted when it does not
/// stop within the grace period, a kernel that dies is reported and replaced,
/// what the code prints streams to the caller during the run, results come
/// back typed inside the message stream (no shared folder), and the kernels
/// the engine started are deleted at ``shutDown()``.
final class JupyterEngine: ExecutionEngine {
    private let endpoints: [ExecutionMode: JupyterEndpoint]
    private let pool = JupyterKernelPool()
    private let timeoutSeconds: Double
    private let graceSeconds: Double
    private let outputLimit: Int
    private let settingsJSON: String

    /// Module source installed in each kernel next to the channel-limits guard and the run-time API.
    static let kernelSource = String(decoding: PackageResources.pyexec_kernel_py, as: UTF8.self)

    /// Creates the engine for `configuration`'s modes.
    ///
    /// - Throws: ``PythonExecutorError/containerConfiguration(_:)`` when the
    ///   read-only mode has no server or a mode's settings are unusable.
    init(configuration: ExecutorConfiguration, settings: ChannelLimitsGuard.Settings) throws(PythonExecutorError) {
        var endpoints: [ExecutionMode: JupyterEndpoint] = [:]
        endpoints[.readOnly] = try JupyterEndpoint.resolve(.readOnly, in: configuration)
        if configuration.services.jupyter.container(for: .writeAccess) != nil {
            endpoints[.writeAccess] = try JupyterEndpoint.resolve(.writeAccess, in: configuration)
        }
        self.endpoints = endpoints
        timeoutSeconds = configuration.executionTimeoutSeconds
        graceSeconds = configuration.services.jupyter.interruptGraceSeconds
        outputLimit = configuration.execution.process.outputLimitBytes
        settingsJSON = settings.json
    }

    func run(_ code: String, context: PythonValue?, folder: String, attempt: Int) async throws(RunnerFailure) -> ExecutionOutcome {
        try await run(code, context: context, folder: folder, attempt: attempt, mode: .readOnly, output: nil)
    }

    func run(
        _ code: String, context: PythonValue?, folder: String, attempt: Int, mode: ExecutionMode, output: OutputHandler?
    ) async throws(RunnerFailure) -> ExecutionOutcome {
        try await run(code, context: context, folder: folder, attempt: attempt, mode: mode, output: output, session: nil, timeoutSeconds: timeoutSeconds)
    }

    /// The engine for one run's session and time limit.
    func adapted(to overrides: RunOverrides) -> any ExecutionEngine {
        var session: JupyterSessionKernels?
        if case let .kernel(kernels)? = overrides.session?.storage { session = kernels }
        return Adapted(engine: self, session: session, timeoutSeconds: overrides.timeoutSeconds ?? timeoutSeconds)
    }

    /// The session's kernels for a new named session on this engine's servers.
    func makeSession(named name: String) -> JupyterSessionKernels {
        JupyterSessionKernels(name: name, pool: pool)
    }

    /// Runs `code` on a kernel of `mode`'s server: in a fresh namespace, or in
    /// `session`'s namespace on the session's own kernel; `folder` is the host's
    /// execution folder, which the kernel does not see (no shared folder).
    func run(
        _ code: String, context: PythonValue?, folder: String, attempt: Int, mode: ExecutionMode, output: OutputHandler?,
        session: JupyterSessionKernels?, timeoutSeconds: Double
    ) async throws(RunnerFailure) -> ExecutionOutcome {
        guard let endpoint = endpoints[mode] else {
            throw RunnerFailure(error: .containerConfiguration(
                "execution mode '\(mode.rawValue)' has no Jupyter server: set services.jupyter.containers.write or list the mode in a container's execution_modes"))
        }
        let request: String
        do {
            request = try Self.request(code: code, context: context, settings: settingsJSON, session: session?.name)
        } catch {
            throw RunnerFailure(error: .workflow(message: "the context could not be sent to the kernel: \(error)", stage: .execution))
        }
        let kernel: JupyterKernel
        var lease: JupyterSessionKernels.Lease?
        do {
            if let session {
                let leased = try await session.lease(endpoint)
                lease = leased
                kernel = leased.kernel
            } else {
                kernel = try await pool.acquire(endpoint)
            }
            if !kernel.isPrepared { try await prepare(kernel) }
        } catch {
            if let session, let lease { await session.giveBack(lease, disposition: .replace) }
            throw RunnerFailure(error: error.executorError(attempt: attempt, folder: folder))
        }
        let watch = JupyterRunWatch(kernel: kernel, timeoutSeconds: timeoutSeconds, graceSeconds: graceSeconds, outputLimit: outputLimit, output: output)
        let ending = await watch.run(request)
        // In a task of its own: a cancelled run's kernel must still be deleted (requests of a cancelled task fail at once).
        await Task { [pool, lease] in
            if let session, let lease {
                await session.giveBack(lease, disposition: ending.disposition)
                return
            }
            switch ending.disposition {
            case .reuse: await pool.release(kernel)
            case .restart:
                do {
                    try await kernel.rest.restart(kernel.id)
                    kernel.isPrepared = false
                    await pool.release(kernel)
                } catch {
                    await pool.discard(kernel)
                }
            case .replace: await pool.discard(kernel)
            }
        }.value
        return try ending.outcome(attempt: attempt, folder: folder)
    }

    /// Installs the helper modules in a new (or restarted) kernel.
    private func prepare(_ kernel: JupyterKernel) async throws(JupyterFailure) {
        let code = ChannelLimitsGuard.installation(adding: [("pyexec_kernel", Self.kernelSource)]) + "\nsys.modules['pyexec_kernel'].prepare([\(PythonValue.string(ChannelLimitsGuard.violationType))])\n"
        let watch = JupyterRunWatch(kernel: kernel, timeoutSeconds: 60, graceSeconds: graceSeconds, outputLimit: outputLimit, output: nil)
        let ending = await watch.run(code)
        if let failure = ending.setupFailure {
            await pool.discard(kernel)
            throw failure
        }
        kernel.isPrepared = true
    }

    /// The cell that runs one execution: a call of `pyexec_kernel.run_encoded`
    /// with everything in one base64 argument.
    static func request(code: String, context: PythonValue?, settings: String, session: String? = nil) throws -> String {
        let arguments: [String: String] = [
            "code": code, "settings": settings, "filename": filename,
            "context": try (context ?? .dict(PythonDictionary())).jsonString(policy: ReferenceJSONPolicy()), "session": session ?? "",
        ]
        let json = try JSONEncoder().encode(arguments)
        return "__import__('pyexec_kernel').run_encoded('\(json.base64EncodedString())')"
    }

    /// Deletes every kernel this engine started.
    func shutDown() async {
        await pool.shutDown()
    }

    /// The ids of the kernels this engine started that are still alive (for tests and diagnostics).
    var kernelIDs: [String] {
        get async { await pool.kernelIDs }
    }
}
