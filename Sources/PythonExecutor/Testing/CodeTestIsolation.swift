/// Where the cases of a batch run.
public enum CodeTestIsolation: Sendable, Hashable {
    /// In the host's own interpreter, each case in a fresh namespace; process-wide
    /// state a case changes is put back (see `Documentation/ThreadModel.md`). Fastest;
    /// for trusted code.
    case inProcess
    /// Each case in a fresh sub-interpreter (its own modules and builtins); numpy
    /// and what is built on it are refused there.
    case subinterpreter
    /// Each case in a child forked from a warm worker process (`PyEmbedProcess`):
    /// killed at its deadline, crashes contained.
    case process
    /// Each case in its own `python3` process started from `executable`: the usual
    /// harness, kept as the baseline verdicts and timings are compared with.
    case pythonSubprocess(executable: String)

    /// The names `pyexec test --isolation` accepts.
    public init?(name: String) {
        switch name {
        case "in-process": self = .inProcess
        case "subinterpreter": self = .subinterpreter
        case "process": self = .process
        default: return nil
        }
    }
}
