"""The local backend's form of the syscall policy (seccomp_policy): a BPF program.

bwrap loads the filter (``--seccomp FD``) as the last step before exec, so
it binds the program and everything it starts. Syscalls of other
architectures (i386 ``int 0x80``, x32) hit libseccomp's bad-arch action: kill.
"""

from __future__ import annotations

import functools
import os
import tempfile

import pyseccomp as seccomp

from judge.sandbox.seccomp_policy import DEFAULT_ERRNO, RULES, Arg

_OPS = {"EQ": seccomp.EQ, "NE": seccomp.NE, "MASKED_EQ": seccomp.MASKED_EQ}


def _arg(arg: Arg) -> seccomp.Arg:
    if arg.op == "MASKED_EQ":
        return seccomp.Arg(arg.index, seccomp.MASKED_EQ, arg.value, arg.datum)
    return seccomp.Arg(arg.index, _OPS[arg.op], arg.value)


def _native(name: str) -> bool:
    """A syscall of this architecture (libseccomp numbers others' below zero)."""
    return seccomp.resolve_syscall(seccomp.Arch.NATIVE, name) >= 0


def build_filter() -> seccomp.SyscallFilter:
    flt = seccomp.SyscallFilter(defaction=seccomp.ERRNO(DEFAULT_ERRNO))
    for rule in RULES:
        if rule.errno == DEFAULT_ERRNO:
            continue  # the default already (libseccomp refuses a rule that repeats it)
        action = seccomp.ALLOW if rule.errno is None else seccomp.ERRNO(rule.errno)
        args = [_arg(arg) for arg in rule.args]
        for name in rule.names:
            if _native(name):
                flt.add_rule(action, name, *args)
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
    buffer (a few kilobytes against 64 KiB), so writing cannot block.
    """
    data = filter_bpf()
    read_end, write_end = os.pipe()
    try:
        os.write(write_end, data)
    finally:
        os.close(write_end)
    return read_end
