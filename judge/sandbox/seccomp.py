"""The syscall filter every sandboxed process runs under (a deny list).

Namespaces, an unprivileged uid and no capabilities already stop most of
these calls; the filter is the second wall (a kernel bug in one of these
subsystems is a classic container escape) and makes the answer a plain
EPERM instead of depending on the host's configuration.

bwrap loads the filter (``--seccomp FD``) as the last step before exec, so
it binds the program and everything it starts. Syscalls of other
architectures (i386 ``int 0x80``, x32) hit libseccomp's bad-arch action: kill.
"""

from __future__ import annotations

import errno
import functools
import os
import socket
import tempfile

import pyseccomp as seccomp

# Denied outright with EPERM.
DENIED = (
    # debugging another process, reading or writing its memory
    "ptrace",
    "process_vm_readv",
    "process_vm_writev",
    "pidfd_getfd",
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
    "io_uring_setup",
    "io_uring_enter",
    "io_uring_register",
    "open_by_handle_at",
    # POSIX message queues: they live in the box's IPC namespace, which
    # outlives a run, and cannot be listed to be removed (no mqueue mount)
    "mq_open",
    # host-wide state
    "acct",
    "swapon",
    "swapoff",
    "settimeofday",
    "clock_settime",
    "clock_adjtime",
    "adjtimex",
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

# personality(): the query (0xffffffff) only. Other personas can switch off
# ASLR (ADDR_NO_RANDOMIZE) or change the syscall ABI. Also allowing PER_LINUX
# (0) would need two comparisons on one argument, which libseccomp refuses.
PERSONALITY_QUERY = 0xFFFFFFFF


def _deny(flt: seccomp.SyscallFilter, name: str, *args: seccomp.Arg, err: int = errno.EPERM) -> None:
    flt.add_rule(seccomp.ERRNO(err), name, *args)


def build_filter() -> seccomp.SyscallFilter:
    flt = seccomp.SyscallFilter(defaction=seccomp.ALLOW)
    for name in DENIED:
        _deny(flt, name)
    # Sockets: local (AF_UNIX) only; the network namespace has no route out
    # anyway, this also closes netlink, packet and other families' code.
    for name in ("socket", "socketpair"):
        _deny(flt, name, seccomp.Arg(0, seccomp.NE, socket.AF_UNIX))
    # Rules for one syscall are OR-ed: one rule per namespace flag.
    for flag in CLONE_NEW_FLAGS:
        _deny(flt, "clone", seccomp.Arg(0, seccomp.MASKED_EQ, flag, flag))
    # clone3 passes its flags in memory, which seccomp cannot inspect. ENOSYS
    # makes glibc (pthread_create, posix_spawn) fall back to clone().
    _deny(flt, "clone3", err=errno.ENOSYS)
    _deny(flt, "personality", seccomp.Arg(0, seccomp.NE, PERSONALITY_QUERY))
    return flt


@functools.cache
def filter_bpf() -> bytes:
    """The compiled BPF program, built once per process."""
    with tempfile.TemporaryFile() as file:
        build_filter().export_bpf(file)
        file.seek(0)
        return file.read()


def filter_fd() -> int:
    """A readable fd holding the BPF program, for bwrap's ``--seccomp FD``.

    A pipe: bwrap reads it to EOF and closes it; the program fits the pipe
    buffer (a few hundred bytes against 64 KiB), so writing cannot block.
    """
    data = filter_bpf()
    read_end, write_end = os.pipe()
    try:
        os.write(write_end, data)
    finally:
        os.close(write_end)
    return read_end
