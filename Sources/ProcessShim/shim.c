#define _GNU_SOURCE
#include "ProcessShim.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <sched.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

ssize_t pshim_send_with_fds(int socket, const void *data, size_t length, const int *fds, int count) {
    if (count < 0 || count > PSHIM_MAX_FDS) { errno = EINVAL; return -1; }
    struct iovec io = { .iov_base = (void *)data, .iov_len = length };
    union { char buffer[CMSG_SPACE(sizeof(int) * PSHIM_MAX_FDS)]; struct cmsghdr align; } control;
    memset(&control, 0, sizeof(control));
    struct msghdr message = { .msg_iov = &io, .msg_iovlen = 1 };
    if (count > 0) {
        message.msg_control = control.buffer;
        message.msg_controllen = CMSG_SPACE(sizeof(int) * count);
        struct cmsghdr *header = CMSG_FIRSTHDR(&message);
        header->cmsg_level = SOL_SOCKET;
        header->cmsg_type = SCM_RIGHTS;
        header->cmsg_len = CMSG_LEN(sizeof(int) * count);
        memcpy(CMSG_DATA(header), fds, sizeof(int) * count);
    }
    ssize_t sent;
    do { sent = sendmsg(socket, &message, MSG_NOSIGNAL); } while (sent < 0 && errno == EINTR);
    return sent;
}

ssize_t pshim_receive_with_fds(int socket, void *data, size_t length, int *fds, int max, int *count) {
    *count = 0;
    struct iovec io = { .iov_base = data, .iov_len = length };
    union { char buffer[CMSG_SPACE(sizeof(int) * PSHIM_MAX_FDS)]; struct cmsghdr align; } control;
    struct msghdr message = { .msg_iov = &io, .msg_iovlen = 1, .msg_control = control.buffer, .msg_controllen = sizeof(control.buffer) };
    ssize_t received;
    do { received = recvmsg(socket, &message, MSG_CMSG_CLOEXEC); } while (received < 0 && errno == EINTR);
    if (received < 0) return -1;
    int overflow = (message.msg_flags & (MSG_TRUNC | MSG_CTRUNC)) != 0;
    for (struct cmsghdr *header = CMSG_FIRSTHDR(&message); header; header = CMSG_NXTHDR(&message, header)) {
        if (header->cmsg_level != SOL_SOCKET || header->cmsg_type != SCM_RIGHTS) continue;
        int n = (int)((header->cmsg_len - CMSG_LEN(0)) / sizeof(int));
        int *incoming = (int *)CMSG_DATA(header);
        for (int i = 0; i < n; i++) {
            if (*count < max && !overflow) fds[(*count)++] = incoming[i];
            else { close(incoming[i]); overflow = 1; }
        }
    }
    if (overflow) {
        for (int i = 0; i < *count; i++) close(fds[i]);
        *count = 0;
        errno = EMSGSIZE;
        return -1;
    }
    return received;
}

int pshim_seqpacket_pair(int fds[2]) {
    return socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, fds);
}

int pshim_memfd_create(const char *name) {
    return memfd_create(name, MFD_CLOEXEC | MFD_ALLOW_SEALING);
}

#define PSHIM_SEALS (F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE)

int pshim_seal(int fd) {
    return fcntl(fd, F_ADD_SEALS, PSHIM_SEALS | F_SEAL_SEAL);
}

int pshim_is_sealed(int fd) {
    int seals = fcntl(fd, F_GET_SEALS);
    if (seals < 0) return -1;
    return (seals & PSHIM_SEALS) == PSHIM_SEALS;
}

pid_t pshim_fork(void) { return fork(); }

int pshim_become_subreaper(void) { return prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0); }

int pshim_set_parent_death_signal(int signal) { return prctl(PR_SET_PDEATHSIG, signal, 0, 0, 0); }

int pshim_sigchld_fd(void) {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGCHLD);
    if (sigprocmask(SIG_BLOCK, &set, NULL) != 0) return -1;
    return signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
}

int pshim_drain_signal_fd(int fd) {
    struct signalfd_siginfo info;
    int count = 0;
    while (read(fd, &info, sizeof(info)) == (ssize_t)sizeof(info)) count++;
    return count;
}

void pshim_reset_signals(void) {
    sigset_t set;
    sigemptyset(&set);
    sigprocmask(SIG_SETMASK, &set, NULL);
    // Crash signals too: a handler inherited from the host runtime (a backtracer) could return from a raised SIGSEGV.
    int defaults[] = { SIGCHLD, SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGXCPU, SIGXFSZ,
                       SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP, SIGSYS };
    for (size_t i = 0; i < sizeof(defaults) / sizeof(defaults[0]); i++) signal(defaults[i], SIG_DFL);
}

pid_t pshim_reap(int *status, int64_t *cpu_microseconds, int64_t *max_rss_kib) {
    struct rusage usage;
    memset(&usage, 0, sizeof(usage));
    pid_t pid;
    do { pid = wait4(-1, status, WNOHANG, &usage); } while (pid < 0 && errno == EINTR);
    if (pid > 0) {
        *cpu_microseconds = (int64_t)usage.ru_utime.tv_sec * 1000000 + usage.ru_utime.tv_usec
                          + (int64_t)usage.ru_stime.tv_sec * 1000000 + usage.ru_stime.tv_usec;
        *max_rss_kib = usage.ru_maxrss;
    }
    return pid;
}

int pshim_exit_code(int status) { return WIFEXITED(status) ? WEXITSTATUS(status) : -1; }

int pshim_term_signal(int status) { return WIFSIGNALED(status) ? WTERMSIG(status) : 0; }

int pshim_limit(int resource, uint64_t soft, uint64_t hard_extra) {
    struct rlimit limit = { .rlim_cur = soft, .rlim_max = soft + hard_extra };
    return setrlimit(resource, &limit);
}

int pshim_spawn(const char *path, char *const argv[], char *const envp[], int control_fd, int stderr_fd, pid_t *pid) {
    posix_spawn_file_actions_t actions;
    int error = posix_spawn_file_actions_init(&actions);
    if (error) { errno = error; return -1; }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    // Not the host's standard output (under `pyexec mcp`, the protocol stream): runs get pipes of their own.
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, stderr_fd, 2);
    posix_spawn_file_actions_adddup2(&actions, control_fd, 3);
    // Nothing else of the host's: a descriptor it opened without close-on-exec would
    // otherwise stay open in the worker (and in a session, within reach of its code).
    posix_spawn_file_actions_addclosefrom_np(&actions, 4);
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    sigset_t none, defaults;
    sigemptyset(&none);
    sigemptyset(&defaults);
    sigaddset(&defaults, SIGPIPE);
    sigaddset(&defaults, SIGCHLD);
    posix_spawnattr_setsigmask(&attributes, &none);
    posix_spawnattr_setsigdefault(&attributes, &defaults);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP);
    posix_spawnattr_setpgroup(&attributes, 0);
    error = posix_spawn(pid, path, &actions, &attributes, argv, envp);
    posix_spawnattr_destroy(&attributes);
    posix_spawn_file_actions_destroy(&actions);
    if (error) { errno = error; return -1; }
    return 0;
}

int pshim_move_fd(int fd, int target) {
    if (fd == target) {
        int flags = fcntl(fd, F_GETFD);
        return flags < 0 ? -1 : fcntl(fd, F_SETFD, flags & ~FD_CLOEXEC);
    }
    if (dup2(fd, target) < 0) return -1;
    close(fd);
    return 0;
}

void pshim_close_from(int lowest, const int *keep, int keep_count) {
    DIR *directory = opendir("/proc/self/fd");
    if (!directory) return;
    int own = dirfd(directory);
    int found[4096];
    int n = 0;
    struct dirent *entry;
    while ((entry = readdir(directory)) && n < 4096) {
        int fd = atoi(entry->d_name);
        if (entry->d_name[0] < '0' || entry->d_name[0] > '9' || fd < lowest || fd == own) continue;
        int kept = 0;
        for (int i = 0; i < keep_count; i++) if (keep[i] == fd) kept = 1;
        if (!kept) found[n++] = fd;
    }
    closedir(directory);
    for (int i = 0; i < n; i++) close(found[i]);
}

int pshim_set_nonblocking(int fd, int on) {
    int flags = fcntl(fd, F_GETFL);
    if (flags < 0) return -1;
    return fcntl(fd, F_SETFL, on ? (flags | O_NONBLOCK) : (flags & ~O_NONBLOCK));
}

int pshim_thread_count(void) {
    DIR *directory = opendir("/proc/self/task");
    if (!directory) return -1;
    int count = 0;
    struct dirent *entry;
    while ((entry = readdir(directory))) if (entry->d_name[0] != '.') count++;
    closedir(directory);
    return count;
}

int pshim_wake_fd(void) { return eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC); }

int pshim_pipe(int fds[2]) { return pipe2(fds, O_CLOEXEC); }

int pshim_set_dumpable(int on) { return prctl(PR_SET_DUMPABLE, on ? 1 : 0, 0, 0, 0); }

int pshim_children(pid_t pid, pid_t *pids, int max) {
    char path[64];
    snprintf(path, sizeof(path), "/proc/%d/task/%d/children", (int)pid, (int)pid);
    FILE *file = fopen(path, "re");
    if (!file) return -1;
    int count = 0, child;
    while (count < max && fscanf(file, "%d", &child) == 1) pids[count++] = child;
    fclose(file);
    return count;
}

/// The text after `field` (such as "PPid:") on its line of /proc/`proc`/status, into
/// `line`; NULL when the process or the field is not there.
static const char *status_field(const char *proc, const char *field, char *line, int size) {
    char path[64];
    snprintf(path, sizeof(path), "/proc/%s/status", proc);
    FILE *status = fopen(path, "re");
    if (!status) return NULL;
    const char *found = NULL;
    size_t length = strlen(field);
    while (!found && fgets(line, size, status)) {
        if (strncmp(line, field, length) == 0) found = line + length;
    }
    fclose(status);
    return found;
}

/// The parent of `pid` (PPid of /proc/<pid>/status, in this process's view), 0 when unknown.
static pid_t parent_of(pid_t pid) {
    char proc[16], line[128];
    snprintf(proc, sizeof(proc), "%d", (int)pid);
    const char *value = status_field(proc, "PPid:", line, sizeof(line));
    return value ? (pid_t)strtol(value, NULL, 10) : 0;
}

/// A pidfd for `pid` if it is a live child of `parent`, opened before the check so
/// that a pid reused meanwhile is never signalled; -1 otherwise.
static int child_pidfd(pid_t parent, pid_t pid) {
    int pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
    if (pidfd < 0) return -1;
    struct pollfd ended = { .fd = pidfd, .events = POLLIN };
    if (poll(&ended, 1, 0) == 0 && parent_of(pid) == parent) return pidfd;
    close(pidfd);
    return -1;
}

int pshim_kill_children_of(pid_t parent) {
    pid_t pids[1024];
    struct pollfd ending[1024];
    int killed = 0;
    for (int round = 0; round < 64; round++) {
        // All of them first, then the waits: a thousand leftovers die at once, not one by one.
        int count = pshim_children(parent, pids, 1024), live = 0;
        for (int index = 0; index < count; index++) {
            int pidfd = child_pidfd(parent, pids[index]);
            if (pidfd < 0) continue;
            if (syscall(SYS_pidfd_send_signal, pidfd, SIGKILL, NULL, 0) != 0) { close(pidfd); continue; }
            ending[live++] = (struct pollfd){ .fd = pidfd, .events = POLLIN };
        }
        // Each ended one's children are reparented to `parent` by then, for the next round.
        for (int index = 0; index < live; index++) {
            while (poll(&ending[index], 1, 100) < 0 && errno == EINTR) {}
            close(ending[index].fd);
        }
        killed += live;
        if (live == 0) break;
    }
    return killed;
}

/// The first number in `path` (decimal, or hexadecimal with `hex`), into `value`; 0 on success.
static int read_number(const char *path, long *value, int hex) {
    FILE *file = fopen(path, "re");
    if (!file) return -1;
    int read = fscanf(file, hex ? "%lx" : "%ld", value);
    fclose(file);
    return read == 1 ? 0 : -1;
}

/// Whether /proc/self/`entry` and /proc/`other`/`entry` read the same; also when
/// either cannot be read (a setting this process may not see is not compared).
static int same_proc_entry(pid_t other, const char *entry) {
    char path[64], mine[512], theirs[512];
    snprintf(path, sizeof(path), "/proc/self/%s", entry);
    FILE *file = fopen(path, "re");
    if (!file) return 1;
    size_t my_length = fread(mine, 1, sizeof(mine), file);
    fclose(file);
    snprintf(path, sizeof(path), "/proc/%d/%s", (int)other, entry);
    if (!(file = fopen(path, "re"))) return 1;
    size_t their_length = fread(theirs, 1, sizeof(theirs), file);
    int unreadable = ferror(file);
    fclose(file);
    if (unreadable) return 1;
    return my_length == their_length && memcmp(mine, theirs, my_length) == 0;
}

/// The nice value of the autogroup in `path` ("/autogroup-N nice X"); 0 when unknown.
static long autogroup_nice(const char *path) {
    FILE *file = fopen(path, "re");
    if (!file) return 0;
    long group = 0, nice = 0;
    if (fscanf(file, "/autogroup-%ld nice %ld", &group, &nice) != 2) nice = 0;
    fclose(file);
    return nice;
}

int pshim_settings_match(pid_t other) {
    for (int resource = 0; resource < RLIMIT_NLIMITS; resource++) {
        struct rlimit mine, theirs;
        if (getrlimit(resource, &mine) != 0 || prlimit(other, resource, NULL, &theirs) != 0) return 0;
        if (mine.rlim_cur != theirs.rlim_cur || mine.rlim_max != theirs.rlim_max) return 0;
    }
    errno = 0;
    int my_nice = getpriority(PRIO_PROCESS, 0), their_nice = getpriority(PRIO_PROCESS, (id_t)other);
    if (errno != 0 || my_nice != their_nice) return 0;
    if (sched_getscheduler(0) != sched_getscheduler(other)) return 0;
    cpu_set_t my_cpus, their_cpus;
    if (sched_getaffinity(0, sizeof(my_cpus), &my_cpus) != 0 || sched_getaffinity(other, sizeof(their_cpus), &their_cpus) != 0) return 0;
    if (!CPU_EQUAL(&my_cpus, &their_cpus)) return 0;
    char path[64];
    long my_adjustment, their_adjustment;
    snprintf(path, sizeof(path), "/proc/%d/oom_score_adj", (int)other);
    if (read_number("/proc/self/oom_score_adj", &my_adjustment, 0) != 0 || read_number(path, &their_adjustment, 0) != 0) return 0;
    if (my_adjustment != their_adjustment) return 0;
    // I/O priority, and what root can change through /proc: timer slack, core dump filter, cgroups.
    if (syscall(SYS_ioprio_get, 1 /* IOPRIO_WHO_PROCESS */, 0) != syscall(SYS_ioprio_get, 1, (int)other)) return 0;
    const char *entries[] = { "timerslack_ns", "coredump_filter", "cgroup" };
    for (size_t index = 0; index < sizeof(entries) / sizeof(entries[0]); index++) {
        if (!same_proc_entry(other, entries[index])) return 0;
    }
    // A child's own session starts its own autogroup, at nice 0.
    snprintf(path, sizeof(path), "/proc/%d/autogroup", (int)other);
    return autogroup_nice(path) == 0;
}

int pshim_limit_count(void) { return RLIMIT_NLIMITS; }

int pshim_get_limit(int resource, uint64_t *soft, uint64_t *hard) {
    struct rlimit limit;
    if (getrlimit(resource, &limit) != 0) return -1;
    *soft = limit.rlim_cur;
    *hard = limit.rlim_max;
    return 0;
}

int pshim_set_limit(int resource, uint64_t soft, uint64_t hard) {
    struct rlimit limit = { .rlim_cur = soft, .rlim_max = hard };
    return setrlimit(resource, &limit);
}

int pshim_is_dumpable(void) { return prctl(PR_GET_DUMPABLE, 0, 0, 0, 0); }

static int write_file(const char *path, const char *text) {
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    size_t length = strlen(text);
    ssize_t written = write(fd, text, length);
    int saved = errno;
    close(fd);
    if (written != (ssize_t)length) { errno = written < 0 ? saved : EIO; return -1; }
    return 0;
}

int pshim_get_own_settings(long *oom_adjustment, long *timer_slack, long *coredump_filter) {
    if (read_number("/proc/self/oom_score_adj", oom_adjustment, 0) != 0) return -1;
    int slack = prctl(PR_GET_TIMERSLACK, 0, 0, 0, 0);
    if (slack < 0) return -1;
    *timer_slack = slack;
    return read_number("/proc/self/coredump_filter", coredump_filter, 1);
}

int pshim_restore_own_settings(long oom_adjustment, long timer_slack, long coredump_filter) {
    long oom_now, slack_now, filter_now;
    if (pshim_get_own_settings(&oom_now, &slack_now, &filter_now) != 0) return -1;
    // 0 would mean "the default slack", not 0 ns; the value read at start is never 0.
    if (slack_now != timer_slack && (timer_slack <= 0 || prctl(PR_SET_TIMERSLACK, (unsigned long)timer_slack, 0, 0, 0) != 0)) return -1;
    char text[24];
    if (oom_now != oom_adjustment) {
        snprintf(text, sizeof(text), "%ld", oom_adjustment);
        if (write_file("/proc/self/oom_score_adj", text) != 0) return -1;
    }
    if (filter_now != coredump_filter) {
        snprintf(text, sizeof(text), "0x%lx", coredump_filter);
        if (write_file("/proc/self/coredump_filter", text) != 0) return -1;
    }
    return 0;
}

int pshim_enter_pid_namespace(void) {
    uid_t uid = geteuid();
    gid_t gid = getegid();
    if (unshare(CLONE_NEWUSER | CLONE_NEWPID) != 0) return -1;
    char map[64];
    if (write_file("/proc/self/setgroups", "deny") != 0) return -1;
    snprintf(map, sizeof(map), "%u %u 1\n", (unsigned)uid, (unsigned)uid);
    if (write_file("/proc/self/uid_map", map) != 0) return -1;
    snprintf(map, sizeof(map), "%u %u 1\n", (unsigned)gid, (unsigned)gid);
    if (write_file("/proc/self/gid_map", map) != 0) return -1;
    return 0;
}

/// The `depth`-th field (1 = the host's) of the NSpid line of /proc/`proc`/status:
/// a process's pid in each PID namespace from /proc's (the host's) down to its own.
/// `depth` 0 asks for the number of fields. 0 when unknown.
static pid_t nspid_field(const char *proc, int depth) {
    char line[256];
    const char *cursor = status_field(proc, "NSpid:", line, sizeof(line));
    if (!cursor) return 0;
    pid_t found = 0;
    char *end;
    int index = 0;
    for (long value = strtol(cursor, &end, 10); end != cursor; value = strtol(cursor, &end, 10)) {
        index++;
        if (index == depth) found = (pid_t)value;
        cursor = end;
    }
    return depth == 0 ? index : found;
}

/// Kills every child of the namespace's init: each is a process whose run
/// ended (runs are subreapers, so only their own ends send orphans here).
/// A child is named by its pid in the init's namespace — the field at the init's
/// own depth, not the child's last one, which a run can make a nested namespace's.
static void kill_orphans(int depth) {
    FILE *children = fopen("/proc/thread-self/children", "re");
    if (!children) return;
    int host;
    char proc[16];
    while (fscanf(children, "%d", &host) == 1) {
        snprintf(proc, sizeof(proc), "%d", host);
        pid_t inner = nspid_field(proc, depth);
        if (inner > 1) kill(inner, SIGKILL);
    }
    fclose(children);
}

void pshim_serve_as_namespace_init(int lifeline) {
    // Its own session: no controlling terminal, no process group shared with the worker.
    setsid();
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGCHLD);
    sigprocmask(SIG_BLOCK, &set, NULL);
    int children = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
    if (children < 0) _exit(1);
    // How deep this namespace is: the init is pid 1 at the last field of its own NSpid.
    int depth = (int)nspid_field("thread-self", 0);
    if (depth < 2) _exit(1);
    struct pollfd fds[2] = { { .fd = lifeline, .events = POLLIN }, { .fd = children, .events = POLLIN } };
    for (;;) {
        if (poll(fds, 2, -1) < 0 && errno != EINTR) _exit(1);
        if (fds[0].revents) {
            char pokes[64];
            ssize_t got = read(lifeline, pokes, sizeof(pokes));
            if (got == 0 || (got < 0 && errno != EINTR && errno != EAGAIN)) _exit(0);
        }
        if (fds[1].revents) pshim_drain_signal_fd(children);
        // Killed orphans' own children come here next, with a SIGCHLD for their parent's end.
        kill_orphans(depth);
        while (waitpid(-1, NULL, WNOHANG) > 0) {}
    }
}

void pshim_end_as_child_ends(pid_t child, pid_t other) {
    int status = 0;
    while (waitpid(child, &status, 0) < 0 && errno == EINTR) {}
    kill(other, SIGKILL);
    while (waitpid(other, NULL, 0) < 0 && errno == EINTR) {}
    if (WIFSIGNALED(status)) {
        int signal_number = WTERMSIG(status);
        sigset_t all;
        sigfillset(&all);
        sigprocmask(SIG_UNBLOCK, &all, NULL);
        struct sigaction action;
        memset(&action, 0, sizeof(action));
        action.sa_handler = SIG_DFL;
        sigaction(signal_number, &action, NULL);
        kill(getpid(), signal_number);
        _exit(128 + signal_number);
    }
    _exit(WIFEXITED(status) ? WEXITSTATUS(status) : 1);
}
