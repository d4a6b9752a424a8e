/// Whether a worker puts its runs in a PID namespace of their own (see ``WorkerConfiguration/pidNamespace``).
public enum PIDNamespacePolicy: String, Sendable, Hashable, CaseIterable {
    /// When the kernel allows it, else runs share the host's PID namespace.
    case automatic
    /// Always: a worker that cannot enter one does not start.
    case required
    /// Never.
    case off
}
