"""The syscall policy every sandboxed program runs under, as data.

One definition, compiled per backend: ``seccomp.py`` turns it into the BPF
program bwrap loads (local backend), ``docker_profile()`` into the seccomp
profile the containers start with (docker backend). Neither backend adds or
drops a rule of its own, so the two cannot drift apart again.

An allow list, as Docker's default profile is: ``ALLOWED`` is the part of
that profile's list a container without capabilities gets (x86_64), minus
what we deny on top (``DENIED``). Any other syscall, a new one included,
fails with EPERM, as under Docker's default (whose ``defaultErrnoRet`` our
engine's runc ignores, so ENOSYS there is not to be had); clone3 alone
answers ENOSYS, for glibc's fallback to clone. What
Docker allows only with a capability (mount, unshare, setns, bpf, ptrace,
clone with namespace flags...) is never allowed here: the policy is never
weaker than Docker's default.

Namespaces, an unprivileged uid and no capabilities already stop most of the
denied calls; the filter is the second wall (a kernel bug in one of these
subsystems is a classic container escape) and makes the answer a plain EPERM
instead of depending on the host's configuration.
"""

from __future__ import annotations

import errno
import json
from dataclasses import dataclass

# Docker's default allow list (what needs no capability), x86_64 names.
ALLOWED = tuple(
    """
    accept accept4 access alarm arch_prctl bind brk capget capset chdir chmod chown
    clock_getres clock_gettime clock_nanosleep close close_range connect copy_file_range
    creat dup dup2 dup3 epoll_create epoll_create1 epoll_ctl epoll_pwait epoll_pwait2
    epoll_wait eventfd eventfd2 execve execveat exit exit_group faccessat faccessat2
    fadvise64 fallocate fanotify_mark fchdir fchmod fchmodat fchown fchownat fcntl
    fdatasync fgetxattr flistxattr flock fork fremovexattr fsetxattr fstat fstatfs fsync
    ftruncate futex futex_waitv futimesat getcpu getcwd getdents getdents64 getegid
    geteuid getgid getgroups getitimer getpeername getpgid getpgrp getpid getppid
    getpriority getrandom getresgid getresuid getrlimit get_robust_list getrusage getsid
    getsockname getsockopt get_thread_area gettid gettimeofday getuid getxattr
    inotify_add_watch inotify_init inotify_init1 inotify_rm_watch io_cancel ioctl
    io_destroy io_getevents io_pgetevents ioprio_get ioprio_set io_setup io_submit kill
    landlock_add_rule landlock_create_ruleset landlock_restrict_self lchown lgetxattr
    link linkat listen listxattr llistxattr lremovexattr lseek lsetxattr lstat madvise
    membarrier memfd_create memfd_secret mincore mkdir mkdirat mknod mknodat mlock mlock2
    mlockall mmap mprotect mq_getsetattr mq_notify mq_timedreceive mq_timedsend mq_unlink
    mremap msgctl msgget msgrcv msgsnd msync munlock munlockall munmap name_to_handle_at
    nanosleep newfstatat open openat openat2 pause pidfd_open pidfd_send_signal pipe
    pipe2 pkey_alloc pkey_free pkey_mprotect poll ppoll prctl pread64 preadv preadv2
    prlimit64 process_mrelease pselect6 pwrite64 pwritev pwritev2 read readahead readlink
    readlinkat readv recvfrom recvmmsg recvmsg remap_file_pages removexattr rename
    renameat renameat2 restart_syscall rmdir rseq rt_sigaction rt_sigpending
    rt_sigprocmask rt_sigqueueinfo rt_sigreturn rt_sigsuspend rt_sigtimedwait
    rt_tgsigqueueinfo sched_getaffinity sched_getattr sched_getparam
    sched_get_priority_max sched_get_priority_min sched_getscheduler
    sched_rr_get_interval sched_setaffinity sched_setattr sched_setparam
    sched_setscheduler sched_yield seccomp select semctl semget semop semtimedop sendfile
    sendmmsg sendmsg sendto setfsgid setfsuid setgid setgroups setitimer setpgid
    setpriority setregid setresgid setresuid setreuid setrlimit set_robust_list setsid
    setsockopt set_thread_area set_tid_address setuid setxattr shmat shmctl shmdt shmget
    shutdown sigaltstack signalfd signalfd4 splice stat statfs statx symlink symlinkat
    sync sync_file_range syncfs sysinfo tee tgkill time timer_create timer_delete
    timer_getoverrun timer_gettime timer_settime timerfd_create timerfd_gettime
    timerfd_settime times tkill truncate umask uname unlink unlinkat utime utimensat
    utimes vfork vmsplice wait4 waitid write writev
    """.split()  # noqa: SIM905 (a list of names, compact)
)

# Denied with EPERM (Docker allows the first group; the rest it allows with a
# capability only, or never).
DENIED = (
    # Docker allows these: host-wide clock, io_uring's large attack surface,
    # POSIX message queues (they live in the box's IPC namespace, which
    # outlives a run, and cannot be listed to be removed: no mqueue mount)
    "adjtimex",
    "clock_adjtime",
    "io_uring_setup",
    "io_uring_enter",
    "io_uring_register",
    "mq_open",
    # debugging another process, reading or writing its memory
    "ptrace",
    "process_vm_readv",
    "process_vm_writev",
    "pidfd_getfd",
    "kcmp",
    "process_madvise",
    # mounts and root changes (the new mount API too)
    "mount",
    "umount2",
    "pivot_root",
    "chroot",
    "move_mount",
    "open_tree",
    "fsopen",
    "fsconfig",
    "fsmount",
    "fspick",
    "mount_setattr",
    # namespaces
    "unshare",
    "setns",
    # kernel modules, reboot, kexec
    "init_module",
    "finit_module",
    "delete_module",
    "reboot",
    "kexec_load",
    "kexec_file_load",
    # keyrings
    "keyctl",
    "add_key",
    "request_key",
    # large kernel attack surfaces a program never needs
    "bpf",
    "perf_event_open",
    "userfaultfd",
    "open_by_handle_at",
    "fanotify_init",
    "modify_ldt",
    # NUMA placement (Docker: CAP_SYS_NICE only)
    "get_mempolicy",
    "set_mempolicy",
    "mbind",
    # host-wide state
    "acct",
    "swapon",
    "swapoff",
    "settimeofday",
    "clock_settime",
    "iopl",
    "ioperm",
    "syslog",
    "quotactl",
    "sethostname",
    "setdomainname",
    "vhangup",
    "uselib",
)

# clone() flags that create a namespace. CLONE_NEWTIME (0x80) shares bits with
# clone()'s exit-signal byte, so it can only come through clone3/unshare.
CLONE_NEW_FLAGS = (
    0x00020000,  # CLONE_NEWNS
    0x02000000,  # CLONE_NEWCGROUP
    0x04000000,  # CLONE_NEWUTS
    0x08000000,  # CLONE_NEWIPC
    0x10000000,  # CLONE_NEWUSER
    0x20000000,  # CLONE_NEWPID
    0x40000000,  # CLONE_NEWNET
)
CLONE_NEW_MASK = sum(CLONE_NEW_FLAGS)  # 0x7E020000, Docker's mask too

AF_UNIX = 1

# personality(): the query (0xffffffff) only. Other personas can switch off
# ASLR (ADDR_NO_RANDOMIZE) or change the syscall ABI.
PERSONALITY_QUERY = 0xFFFFFFFF

# A syscall on no list (DENIED names theirs for the record, and for the reader).
DEFAULT_ERRNO = errno.EPERM


@dataclass(frozen=True)
class Arg:
    """A comparison of argument ``index``: ``op`` is "EQ", "NE" or "MASKED_EQ"
    (``arg & value == datum``)."""

    index: int
    op: str
    value: int
    datum: int = 0


@dataclass(frozen=True)
class Rule:
    """``names`` are allowed (``errno`` None) or fail with ``errno`` when every
    ``args`` comparison holds; rules for one syscall are OR-ed."""

    names: tuple[str, ...]
    errno: int | None = None
    args: tuple[Arg, ...] = ()


def _only_when(name: str, allowed: Arg, denied: Arg) -> list[Rule]:
    return [Rule((name,), None, (allowed,)), Rule((name,), errno.EPERM, (denied,))]


RULES: tuple[Rule, ...] = (
    Rule(ALLOWED),
    Rule(DENIED, errno.EPERM),
    # clone(): threads and processes, never a new namespace. One deny rule
    # per flag (rules are OR-ed, and there is no masked "not equal").
    Rule(("clone",), None, (Arg(0, "MASKED_EQ", CLONE_NEW_MASK, 0),)),
    *(Rule(("clone",), errno.EPERM, (Arg(0, "MASKED_EQ", flag, flag),)) for flag in CLONE_NEW_FLAGS),
    # clone3 passes its flags in memory, which seccomp cannot inspect. ENOSYS
    # makes glibc (pthread_create, posix_spawn) fall back to clone().
    Rule(("clone3",), errno.ENOSYS),
    # Sockets: local (AF_UNIX) only; the network namespace has no route out
    # anyway, this also closes netlink, packet and other families' code.
    *_only_when("socket", Arg(0, "EQ", AF_UNIX), Arg(0, "NE", AF_UNIX)),
    *_only_when("socketpair", Arg(0, "EQ", AF_UNIX), Arg(0, "NE", AF_UNIX)),
    *_only_when("personality", Arg(0, "EQ", PERSONALITY_QUERY), Arg(0, "NE", PERSONALITY_QUERY)),
)


def docker_profile() -> str:
    """The policy as a Docker seccomp profile (JSON, for ``--security-opt seccomp=``)."""
    syscalls = []
    for rule in RULES:
        entry: dict[str, object] = {"names": list(rule.names)}
        if rule.errno is None:
            entry["action"] = "SCMP_ACT_ALLOW"
        else:
            entry.update(action="SCMP_ACT_ERRNO", errnoRet=rule.errno)
        if rule.args:
            entry["args"] = [
                {"index": a.index, "value": a.value, "valueTwo": a.datum, "op": f"SCMP_CMP_{a.op}"}
                for a in rule.args
            ]
        syscalls.append(entry)
    profile = {
        "defaultAction": "SCMP_ACT_ERRNO",
        "defaultErrnoRet": DEFAULT_ERRNO,
        "architectures": ["SCMP_ARCH_X86_64"],
        "syscalls": syscalls,
    }
    return json.dumps(profile, separators=(",", ":"))
