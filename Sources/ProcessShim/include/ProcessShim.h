// C helpers for the process tier that Swift cannot express directly: descriptor
// passing (SCM_RIGHTS control messages), sealed memory files, process control
// and the wait-status macros. Each helper wraps one system idiom and reports
// failure as -1 with errno set, as the calls it wraps do.
#ifndef PROCESSSHIM_H
#define PROCESSSHIM_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/// The most descriptors one message carries.
#define PSHIM_MAX_FDS 8

/// sendmsg(2) of `length` bytes with `count` descriptors attached (SCM_RIGHTS).
ssize_t pshim_send_with_fds(int socket, const void *data, size_t length, const int *fds, int count);

/// recvmsg(2) of one message into `data`; received descriptors (close-on-exec)
/// go to `fds` and their number to `*count`. Descriptors beyond `max`, or a
/// message cut short, are closed and reported as -1 with errno EMSGSIZE.
ssize_t pshim_receive_with_fds(int socket, void *data, size_t length, int *fds, int max, int *count);

/// A SOCK_SEQPACKET Unix socket pair, close-on-exec.
int pshim_seqpacket_pair(int fds[2]);

/// memfd_create(2) with close-on-exec and sealing allowed.
int pshim_memfd_create(const char *name);

/// Seals a memory file against shrinking, growing and writing (F_ADD_SEALS).
int pshim_seal(int fd);

/// 1 when the memory file cannot shrink, grow or be written any more, 0 when
/// it can, -1 when it is not a sealable file.
int pshim_is_sealed(int fd);

/// fork(2).
pid_t pshim_fork(void);

/// prctl(PR_SET_CHILD_SUBREAPER, 1): orphans of this process's children come back to it.
int pshim_become_subreaper(void);

/// prctl(PR_SET_PDEATHSIG, signal): the calling process gets `signal` when its parent dies.
int pshim_set_parent_death_signal(int signal);

/// Blocks SIGCHLD and returns a signalfd(2) (non-blocking, close-on-exec) that reports it.
int pshim_sigchld_fd(void);

/// Drains a signalfd made by pshim_sigchld_fd; returns how many signals were read.
int pshim_drain_signal_fd(int fd);

/// Unblocks every signal and restores the default action of the job-control,
/// pipe and crash signals (what a fresh program expects; a crash handler the
/// parent's runtime installed must not swallow a run's SIGSEGV).
void pshim_reset_signals(void);

/// wait4(-1, …, WNOHANG): the next ended child, its status and resource use
/// (user + system CPU microseconds, maximum resident set in KiB). 0 when none has ended.
pid_t pshim_reap(int *status, int64_t *cpu_microseconds, int64_t *max_rss_kib);

/// The exit code for a normal exit, else -1 (WIFEXITED / WEXITSTATUS).
int pshim_exit_code(int status);

/// The signal that ended the process, else 0 (WIFSIGNALED / WTERMSIG).
int pshim_term_signal(int status);

/// setrlimit(2) with equal soft and hard limits; `hard_extra` is added to the hard limit.
int pshim_limit(int resource, uint64_t soft, uint64_t hard_extra);

/// posix_spawn(2) of `path` with `argv` and `envp`, whose standard input and
/// output are /dev/null, standard error is `stderr_fd`, descriptor 3 is `control_fd`
/// and every other descriptor is closed.
int pshim_spawn(const char *path, char *const argv[], char *const envp[], int control_fd, int stderr_fd, pid_t *pid);

/// Moves `fd` onto `target` (dup2), closing `fd` afterwards when they differ.
int pshim_move_fd(int fd, int target);

/// Closes every descriptor from `lowest` up, except the `keep_count` in `keep`.
void pshim_close_from(int lowest, const int *keep, int keep_count);

/// Sets or clears O_NONBLOCK.
int pshim_set_nonblocking(int fd, int on);

/// pipe2(2) with O_CLOEXEC.
int pshim_pipe(int fds[2]);

/// An eventfd(2), non-blocking and close-on-exec, for waking a poll loop.
int pshim_wake_fd(void);

/// The number of resource limits (RLIMIT_NLIMITS).
int pshim_limit_count(void);

/// getrlimit(2): the soft and hard limit of `resource`.
int pshim_get_limit(int resource, uint64_t *soft, uint64_t *hard);

/// setrlimit(2) with exactly these soft and hard limits.
int pshim_set_limit(int resource, uint64_t soft, uint64_t hard);

/// prctl(PR_SET_DUMPABLE, on): a process that is not dumpable cannot be
/// attached to, nor its memory and descriptors opened through /proc, by other
/// processes of the same (non-root) user.
int pshim_set_dumpable(int on);

/// prctl(PR_GET_DUMPABLE): 1 when the calling process is dumpable, 0 when not.
int pshim_is_dumpable(void);

/// The children of (single-threaded) process `pid`, from
/// /proc/<pid>/task/<pid>/children: up to `max` pids into `pids`; returns how
/// many, or -1 when the kernel does not list them.
int pshim_children(pid_t pid, pid_t *pids, int max);

/// 1 when process `other` (a child) has the caller's resource limits, nice
/// value, scheduling policy, CPU affinity, OOM score adjustment and I/O
/// priority, and (where this process may read them) its timer slack, core dump
/// filter and cgroups, and a fresh autogroup (nice 0); 0 when any differs or a
/// required one cannot be read. Another process of the same user, or root, can
/// change all of these from outside.
int pshim_settings_match(pid_t other);

/// The caller's OOM score adjustment (`/proc/self/oom_score_adj`), timer
/// slack in nanoseconds (`PR_GET_TIMERSLACK`) and core dump filter
/// (`/proc/self/coredump_filter`); 0 on success.
int pshim_get_own_settings(long *oom_adjustment, long *timer_slack, long *coredump_filter);

/// Puts the caller's OOM score adjustment, timer slack and core dump filter back
/// to these values where they differ (root can change them through `/proc`);
/// 0 when all now match, -1 when one could not be put back.
int pshim_restore_own_settings(long oom_adjustment, long timer_slack, long coredump_filter);

/// Kills every live child of `parent` (a process this one can see, such as a
/// namespace's init), round after round until none is left (at most 64 rounds):
/// each through a pidfd after checking that its parent is still `parent`. A round
/// kills all it finds first, then waits (up to 100 ms each) for their ends, so that
/// their own children are reparented and found by the next round. Needs nothing
/// from `parent`. Returns how many it killed.
int pshim_kill_children_of(pid_t parent);

/// unshare(CLONE_NEWUSER | CLONE_NEWPID) with the caller's user and group
/// mapped to themselves (setgroups denied, as an unprivileged map requires):
/// the caller's next children start a PID namespace of their own, the first
/// of them as its init. Must be called while single-threaded.
int pshim_enter_pid_namespace(void);

/// The body of a PID namespace's init, in a session of its own: kills and
/// reaps whatever is reparented to it, when a child of it ends and whenever
/// the parent writes a byte to `lifeline` (a pipe's read end whose write end
/// the parent holds); exits when `lifeline` reaches end of file. Never returns.
void pshim_serve_as_namespace_init(int lifeline) __attribute__((noreturn));

/// Waits for `child`, kills `other` (SIGKILL) and reaps it, then ends the
/// calling process the way `child` ended: the same exit code, or the same
/// signal. Never returns.
void pshim_end_as_child_ends(pid_t child, pid_t other) __attribute__((noreturn));

/// The number of threads of the calling process (from /proc/self/task), or -1.
int pshim_thread_count(void);

#endif
