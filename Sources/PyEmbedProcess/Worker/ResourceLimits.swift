import ProcessShim

/// The worker's resource limits as they were when it started. Another process
/// of the user can change them from outside (`prlimit`), so they are put back
/// before every fork and in every run's process before its job.
struct ResourceLimits {
    private let limits: [(resource: Int32, soft: UInt64, hard: UInt64)]

    /// The calling process's limits now.
    init() {
        var limits: [(Int32, UInt64, UInt64)] = []
        for resource in 0..<pshim_limit_count() {
            var soft: UInt64 = 0, hard: UInt64 = 0
            if pshim_get_limit(resource, &soft, &hard) == 0 { limits.append((resource, soft, hard)) }
        }
        self.limits = limits
    }

    /// Puts back every limit that changed; returns the resources that could not be
    /// put back (a lowered hard limit cannot be raised again without privilege).
    func restore() -> [Int32] {
        var failed: [Int32] = []
        for (resource, soft, hard) in limits {
            var currentSoft: UInt64 = 0, currentHard: UInt64 = 0
            guard pshim_get_limit(resource, &currentSoft, &currentHard) == 0,
                  currentSoft != soft || currentHard != hard else { continue }
            if pshim_set_limit(resource, soft, hard) != 0 { failed.append(resource) }
        }
        return failed
    }
}
