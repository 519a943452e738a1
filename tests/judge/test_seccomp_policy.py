"""The syscall policy (judge/sandbox/seccomp_policy.py), on both backends.

A C program, compiled in the box, tries what the policy denies (namespaces
through clone, clone3 and unshare; other socket families; personas; mounts,
ptrace, bpf...) and what a runtime needs (threads, fork, local sockets); every
backend must answer the same. Then a normal submission still gets AC.
"""

from __future__ import annotations

import json
import platform
from pathlib import Path

import pyseccomp
import pytest

from judge.languages import get_language
from judge.sandbox import seccomp_policy
from judge.sandbox.base import Limits, MiB, Outcome, SandboxBackend
from judge.sandbox.docker.pool import seccomp_profile
from judge.sandbox.local.seccomp import filter_bpf
from judge.sandbox.seccomp_policy import CLONE_NEW_MASK, RULES
from judge.steps import compile_step
from judge.testdata import LocalTestdata
from tests.judge.test_abuse import aplusb, assert_still_judges

__all__ = ["aplusb"]  # the fixture, shared


def allowed_names() -> set[str]:
    """Every syscall some rule of the policy allows (under conditions or not)."""
    return {name for rule in RULES if rule.errno is None for name in rule.names}


PROBE = r"""
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static void report(const char *name, long ret) {
    if (ret >= 0) { printf("%s ok\n", name); return; }
    const char *e = errno == EPERM ? "EPERM" : errno == ENOSYS ? "ENOSYS" : strerror(errno);
    printf("%s %s\n", name, e);
}

/* A raw clone with no new stack: the child runs on a copy, as after fork. */
static long raw_clone(unsigned long flags) {
    long pid = syscall(SYS_clone, flags | SIGCHLD, 0, 0, 0, 0);
    if (pid == 0) _exit(0);
    if (pid > 0) waitpid((pid_t)pid, NULL, 0);
    return pid;
}

struct clone_args_v0 { uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls; };

static long raw_clone3(unsigned long flags) {
    struct clone_args_v0 args = {.flags = flags, .exit_signal = SIGCHLD};
    long pid = syscall(435 /* clone3 */, &args, sizeof args);
    if (pid == 0) _exit(0);
    if (pid > 0) waitpid((pid_t)pid, NULL, 0);
    return pid;
}

static void *thread_main(void *arg) { return arg; }

int main(void) {
    static const struct { const char *name; unsigned long flag; } ns[] = {
        {"NEWNS", 0x00020000}, {"NEWCGROUP", 0x02000000}, {"NEWUTS", 0x04000000},
        {"NEWIPC", 0x08000000}, {"NEWUSER", 0x10000000}, {"NEWPID", 0x20000000},
        {"NEWNET", 0x40000000},
    };
    char name[64];
    for (unsigned i = 0; i < sizeof ns / sizeof ns[0]; i++) {
        snprintf(name, sizeof name, "clone-%s", ns[i].name);
        report(name, raw_clone(ns[i].flag));
        snprintf(name, sizeof name, "clone3-%s", ns[i].name);
        report(name, raw_clone3(ns[i].flag));
        snprintf(name, sizeof name, "unshare-%s", ns[i].name);
        report(name, unshare((int)ns[i].flag));
    }
    report("clone-plain", raw_clone(0));
    report("clone3-plain", raw_clone3(0));
    pthread_t thread;
    int err = pthread_create(&thread, NULL, thread_main, NULL);
    if (err == 0) pthread_join(thread, NULL);
    errno = err;
    report("pthread", err == 0 ? 0 : -1);
    pid_t child = fork();
    if (child == 0) _exit(0);
    if (child > 0) waitpid(child, NULL, 0);
    report("fork", child);
    report("socket-unix", socket(AF_UNIX, SOCK_STREAM, 0));
    int pair[2];
    report("socketpair-unix", socketpair(AF_UNIX, SOCK_STREAM, 0, pair));
    report("socket-inet", socket(AF_INET, SOCK_STREAM, 0));
    report("socket-inet6", socket(AF_INET6, SOCK_DGRAM, 0));
    report("socket-netlink", socket(AF_NETLINK, SOCK_RAW, 0));
    report("socket-packet", socket(AF_PACKET, SOCK_RAW, 0));
    report("socket-vsock", socket(AF_VSOCK, SOCK_STREAM, 0));
    report("socket-alg", socket(AF_ALG, SOCK_SEQPACKET, 0));
    /* The upper half of the domain: the kernel reads an int, the filter all 64 bits. */
    report("socket-inet-high", syscall(SYS_socket, 0x100000000UL | AF_INET, SOCK_STREAM, 0));
    report("personality-query", personality(0xffffffff));
    report("personality-no-aslr", personality(ADDR_NO_RANDOMIZE));
    report("personality-linux32", personality(PER_LINUX32));
    report("personality-high", syscall(SYS_personality, 0x100000000UL | ADDR_NO_RANDOMIZE));
    report("ptrace", syscall(SYS_ptrace, 0 /* PTRACE_TRACEME */, 0, 0, 0));
    report("mount", syscall(SYS_mount, "none", "/tmp", "tmpfs", 0, 0));
    report("bpf", syscall(SYS_bpf, 0, 0, 0));
    report("io_uring_setup", syscall(SYS_io_uring_setup, 1, 0));
    report("keyctl", syscall(SYS_keyctl, 0, 0, 0, 0, 0));
    report("userfaultfd", syscall(SYS_userfaultfd, 0));
    report("kcmp", syscall(SYS_kcmp, getpid(), getpid(), 0, 0, 0));
    report("mbind", syscall(SYS_mbind, 0, 0, 0, 0, 0, 0));
    report("lookup_dcookie", syscall(212 /* lookup_dcookie: on no list */, 0, 0, 0));
    return 0;
}
"""

NAMESPACES = ("NEWNS", "NEWCGROUP", "NEWUTS", "NEWIPC", "NEWUSER", "NEWPID", "NEWNET")
EXPECTED = {
    **{f"clone-{ns}": "EPERM" for ns in NAMESPACES},
    **{f"clone3-{ns}": "ENOSYS" for ns in NAMESPACES},
    **{f"unshare-{ns}": "EPERM" for ns in NAMESPACES},
    "clone-plain": "ok",
    "clone3-plain": "ENOSYS",  # its flags are in memory: never inspected, always refused
    "pthread": "ok",  # glibc falls back from clone3 to clone
    "fork": "ok",
    "socket-unix": "ok",
    "socketpair-unix": "ok",
    **{
        f"socket-{family}": "EPERM"
        for family in ("inet", "inet6", "netlink", "packet", "vsock", "alg", "inet-high")
    },
    "personality-query": "ok",
    "personality-no-aslr": "EPERM",
    "personality-linux32": "EPERM",
    "personality-high": "EPERM",
    **{
        name: "EPERM"
        for name in ("ptrace", "mount", "bpf", "io_uring_setup", "keyctl", "userfaultfd", "kcmp", "mbind")
    },
    "lookup_dcookie": "EPERM",
}
LIMITS = Limits(cpu_time=2.0, wall_time=10.0, memory_bytes=256 * MiB)


def run_probe(backend: SandboxBackend, tmp_path: Path) -> dict[str, str]:
    language = get_language("c")
    layout = language.layout_of(PROBE)
    stdout = tmp_path / "probe.out"
    with backend.create_box("c") as box:
        compiled = compile_step(box, language, layout)
        assert compiled.ok, compiled.message
        result = box.run(
            language.get_run_argv(LIMITS, layout), LIMITS, stdout=stdout, stderr=tmp_path / "probe.err"
        )
    out = stdout.read_text()
    assert result.outcome is Outcome.OK, (result, out, (tmp_path / "probe.err").read_text())
    return dict(line.split(" ", 1) for line in out.splitlines())


def test_the_policy_holds_on_every_backend(
    any_backend: SandboxBackend, aplusb: LocalTestdata, tmp_path: Path
) -> None:
    assert run_probe(any_backend, tmp_path) == EXPECTED
    assert_still_judges(any_backend, aplusb)


# What Docker's default profile allows only with a capability the boxes never
# have (mount, namespaces, ptrace...), or never: no rule of ours allows it.
DOCKER_REFUSES = [
    "acct",
    "add_key",
    "bpf",
    "chroot",
    "clock_settime",
    "clone3",
    "create_module",
    "delete_module",
    "fanotify_init",
    "finit_module",
    "fsconfig",
    "fsmount",
    "fsopen",
    "fspick",
    "get_kernel_syms",
    "get_mempolicy",
    "init_module",
    "ioperm",
    "iopl",
    "kcmp",
    "kexec_file_load",
    "kexec_load",
    "keyctl",
    "lookup_dcookie",
    "mbind",
    "mount",
    "mount_setattr",
    "move_mount",
    "nfsservctl",
    "open_by_handle_at",
    "open_tree",
    "perf_event_open",
    "pidfd_getfd",
    "pivot_root",
    "process_madvise",
    "process_vm_readv",
    "process_vm_writev",
    "ptrace",
    "query_module",
    "quotactl",
    "quotactl_fd",
    "reboot",
    "request_key",
    "set_mempolicy",
    "setdomainname",
    "sethostname",
    "setns",
    "settimeofday",
    "swapoff",
    "swapon",
    "_sysctl",
    "sysfs",
    "syslog",
    "umount2",
    "unshare",
    "uselib",
    "userfaultfd",
    "ustat",
    "vhangup",
]


def test_never_weaker_than_dockers_default_profile() -> None:
    assert set(DOCKER_REFUSES) & allowed_names() == set()
    # clone: allowed only without a namespace flag (Docker's mask: 0x7E020000).
    clone_allows = [r for r in seccomp_policy.RULES if "clone" in r.names and r.errno is None]
    assert [rule.args for rule in clone_allows] == [(seccomp_policy.Arg(0, "MASKED_EQ", CLONE_NEW_MASK, 0),)]
    assert CLONE_NEW_MASK & 0x7E020000 == 0x7E020000
    profile = json.loads(seccomp_profile())
    assert (profile["defaultAction"], profile["defaultErrnoRet"]) == (
        "SCMP_ACT_ERRNO",
        seccomp_policy.DEFAULT_ERRNO,
    )


@pytest.mark.skipif(platform.machine() != "x86_64", reason="the policy names x86_64 syscalls")
def test_every_name_is_a_syscall() -> None:
    names = {name for rule in seccomp_policy.RULES for name in rule.names}
    assert [n for n in sorted(names) if pyseccomp.resolve_syscall(pyseccomp.Arch.NATIVE, n) < 0] == []
    assert not set(seccomp_policy.ALLOWED) & set(seccomp_policy.DENIED)


def test_the_docker_profile_compiles_to_the_local_filter(tmp_path: Path) -> None:
    """Read back as libseccomp rules, Docker's profile is the local BPF program, byte for byte."""
    profile = json.loads(seccomp_profile())
    ops = {
        "SCMP_CMP_EQ": pyseccomp.EQ,
        "SCMP_CMP_NE": pyseccomp.NE,
        "SCMP_CMP_MASKED_EQ": pyseccomp.MASKED_EQ,
    }
    flt = pyseccomp.SyscallFilter(defaction=pyseccomp.ERRNO(profile["defaultErrnoRet"]))
    for entry in profile["syscalls"]:
        action = (
            pyseccomp.ALLOW if entry["action"] == "SCMP_ACT_ALLOW" else pyseccomp.ERRNO(entry["errnoRet"])
        )
        args = []
        for arg in entry.get("args", []):
            values = (arg["value"], arg["valueTwo"]) if arg["op"] == "SCMP_CMP_MASKED_EQ" else (arg["value"],)
            args.append(pyseccomp.Arg(arg["index"], ops[arg["op"]], *values))
        if entry["action"] != "SCMP_ACT_ALLOW" and entry["errnoRet"] == profile["defaultErrnoRet"]:
            continue  # runc skips a rule that repeats the default, as libseccomp must
        for name in entry["names"]:
            flt.add_rule(action, name, *args)
    with open(tmp_path / "docker.bpf", "w+b") as file:
        flt.export_bpf(file)
        file.seek(0)
        assert file.read() == filter_bpf()
