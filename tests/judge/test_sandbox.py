"""The local sandbox, for real: every test runs programs in a bubblewrap box.

Programs are the system interpreter (/usr/bin/python3, visible in the box)
and g++. Each test has its own box, so its own uid and cgroup: the tests run
in parallel under xdist without seeing each other.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from judge.sandbox import BOX_DIR, Limits, MiB, Outcome, RunResult, get_backend
from judge.sandbox.cgroups import CgroupV2
from judge.sandbox.local.backend import LocalBackend, LocalBox

PYTHON = "/usr/bin/python3"
LIMITS = Limits(cpu_time=3.0, memory_bytes=256 * MiB)


@pytest.fixture(scope="module")
def backend() -> LocalBackend:
    backend = get_backend("local")
    backend.check()  # a host that cannot sandbox fails here, loudly
    assert isinstance(backend, LocalBackend)
    return backend


@pytest.fixture
def box(backend: LocalBackend) -> Iterator[LocalBox]:
    with backend.create_box("py3") as box:
        yield box


class Run:
    """Runs a program in a box; stdout and stderr land in host files of tmp_path."""

    def __init__(self, box: LocalBox, tmp_path: Path) -> None:
        self.box, self.tmp = box, tmp_path
        self.stdout, self.stderr = tmp_path / "stdout", tmp_path / "stderr"

    def __call__(self, argv: list[str], limits: Limits = LIMITS, stdin: bytes | None = None) -> RunResult:
        stdin_path = None
        if stdin is not None:
            stdin_path = self.tmp / "stdin"
            stdin_path.write_bytes(stdin)
        return self.box.run(argv, limits, stdin=stdin_path, stdout=self.stdout, stderr=self.stderr)

    def python(self, code: str, limits: Limits = LIMITS, stdin: bytes | None = None) -> RunResult:
        return self([PYTHON, "-c", textwrap.dedent(code)], limits, stdin)

    @property
    def out(self) -> str:
        return self.stdout.read_text()


@pytest.fixture
def run(box: LocalBox, tmp_path: Path) -> Run:
    return Run(box, tmp_path)


def uid_processes(uid: int) -> list[int]:
    """Host pids whose real uid is ``uid``, zombies aside (dead, waiting for
    whichever init adopted them to reap them)."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            status = Path(f"/proc/{entry}/status").read_text()
        except OSError:  # exited while we looked
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        if int(fields["Uid"].split()[0]) == uid and not fields["State"].strip().startswith("Z"):
            found.append(int(entry))
    return found


def run_processes(box: LocalBox) -> list[int]:
    """Host pids of the box's uid but the box's own (bwrap and its init): a run's."""
    return sorted(set(uid_processes(box.uid)) - set(box.init_pids()))


# -- outcomes ---------------------------------------------------------------


def test_hello_world(run: Run) -> None:
    result = run.python("print('hello, world')")
    assert result.outcome is Outcome.OK, result
    assert run.out == "hello, world\n"
    assert result.exit_code is None and result.signal is None
    assert 0 < result.cpu_time < 1 and 0 < result.wall_time < 2 and result.memory_bytes > MiB


def test_stdin_is_the_host_file(run: Run) -> None:
    result = run.python("a, b = map(int, input().split()); print(a + b)", stdin=b"1 2\n")
    assert result.outcome is Outcome.OK, result
    assert run.out == "3\n"


def test_nonzero_exit(run: Run) -> None:
    result = run.python("import sys; sys.exit(3)")
    assert result.outcome is Outcome.NONZERO_EXIT
    assert result.exit_code == 3


@pytest.mark.parametrize(
    ("code", "signum"),
    [
        ("import os, signal; os.kill(os.getpid(), signal.SIGSEGV)", signal.SIGSEGV),
        ("import os; os.abort()", signal.SIGABRT),
    ],
)
def test_killed_by_signal(run: Run, code: str, signum: int) -> None:
    result = run.python(code)
    assert result.outcome is Outcome.SIGNALED
    assert result.signal == signum


def test_exit_128_plus_n_is_an_exit_not_a_signal(run: Run) -> None:
    # bwrap alone reports SIGSEGV as 139 too; the box's pid 1 tells them apart.
    result = run.python("import sys; sys.exit(139)")
    assert (result.outcome, result.exit_code, result.signal) == (Outcome.NONZERO_EXIT, 139, None)


def test_the_init_report_is_out_of_the_programs_reach(run: Run) -> None:
    # A forged "exited 0" report would turn any run into a clean one.
    result = run.python("""
        import os
        for fd in range(3, 64):
            try:
                os.write(fd, b"exit 0")
                print("wrote fd", fd, flush=True)
            except OSError:
                pass
        try:
            print(os.listdir("/proc/1/fd"), flush=True)
        except OSError as exc:
            print("pid 1 fds:", type(exc).__name__, flush=True)
        os.kill(os.getpid(), 9)
    """)
    assert result.outcome is Outcome.SIGNALED and result.signal == signal.SIGKILL, run.out
    assert run.out == "pid 1 fds: PermissionError\n"


def test_threads_work(run: Run) -> None:
    # glibc creates threads with clone3, which the filter answers ENOSYS: it must fall back to clone.
    result = run.python(
        "import threading; t = threading.Thread(target=print, args=('t',)); t.start(); t.join()"
    )
    assert result.outcome is Outcome.OK, run.stderr.read_text()
    assert run.out == "t\n"


def test_a_program_busy_for_a_moment_still_runs(run: Run, box: LocalBox) -> None:
    # Just written by the host, the binary may be held open for writing for a
    # moment by a child another judge thread forked (until it execs): exec
    # then fails with ETXTBSY. The box's init retries instead of failing the run.
    box.write_file("prog", Path("/usr/bin/true").read_bytes(), executable=True)
    writer = os.open(box.workdir / "prog", os.O_WRONLY)
    threading.Timer(0.05, os.close, [writer]).start()
    result = run([f"{BOX_DIR}/prog"])
    assert result.outcome is Outcome.OK, result


def test_a_missing_command_is_a_sandbox_error(run: Run) -> None:
    result = run(["/usr/bin/no-such-program"])
    assert result.outcome is Outcome.SANDBOX_ERROR
    assert "no-such-program" in result.error


# -- time ---------------------------------------------------------------------


# argv: PROCS SECONDS. PROCS processes each burn SECONDS of CPU.
BURN_TREE = """
import os, sys, time
procs, seconds = int(sys.argv[1]), float(sys.argv[2])
children = []
for _ in range(procs - 1):
    pid = os.fork()
    if pid == 0:
        break
    children.append(pid)
while time.process_time() < seconds:
    pass
for pid in children:
    os.waitpid(pid, 0)
"""


@pytest.mark.parametrize(("procs", "seconds"), [(1, 1.0), (2, 0.5)])
def test_cpu_time_is_the_whole_trees(run: Run, procs: int, seconds: float) -> None:
    result = run([PYTHON, "-c", BURN_TREE, str(procs), str(seconds)])
    assert result.outcome is Outcome.OK
    # The loop's second plus the interpreter's start (~20 ms).
    assert result.cpu_time == pytest.approx(1.0, abs=0.1)


def test_building_the_box_is_not_charged_to_the_program(run: Run) -> None:
    # bwrap's namespaces and mounts cost ~8 ms of CPU, built once a box;
    # only what follows the program's exec counts (true itself: ~1 ms).
    results = [run(["true"]) for _ in range(5)]
    assert all(r.outcome is Outcome.OK for r in results)
    assert min(r.cpu_time for r in results) < 0.005, results


def test_time_limit(run: Run) -> None:
    # A generous wall limit: on a loaded host the CPU limit must still come first.
    result = run.python("while True: pass", Limits(cpu_time=1.0, wall_time=30.0, memory_bytes=256 * MiB))
    assert result.outcome is Outcome.TIME_LIMIT
    # Ended close to the limit: the supervisor waits for the CPU budget left,
    # not on a coarse tick. Measured in CPU time, which a loaded host cannot blur
    # (wall time can: other jobs share the cores).
    assert 1.0 <= result.cpu_time < 1.05


def test_wall_time_limit(run: Run) -> None:
    result = run(["sleep", "100"], Limits(cpu_time=1.0, wall_time=0.5, memory_bytes=64 * MiB))
    assert result.outcome is Outcome.WALL_TIME_LIMIT
    assert 0.5 <= result.wall_time < 1.5  # ends on the limit; the slack is for a loaded host
    assert result.cpu_time < 0.1


# -- memory and output ----------------------------------------------------


# argv: PROCS MIB. PROCS processes, alive at once, each touch MIB mebibytes.
TOUCH_TREE = """
import os, sys, time
procs, mib = int(sys.argv[1]), int(sys.argv[2])
children = []
for _ in range(procs - 1):
    pid = os.fork()
    if pid == 0:
        break
    children.append(pid)
hog = bytearray(mib << 20)
for i in range(0, len(hog), 4096):
    hog[i] = 1
time.sleep(0.3)  # all of them resident at once
for pid in children:
    os.waitpid(pid, 0)
"""


@pytest.mark.parametrize(("procs", "mib"), [(1, 100), (2, 50)])
def test_peak_memory_is_the_whole_trees_resident_memory(run: Run, procs: int, mib: int) -> None:
    idle = run([PYTHON, "-c", TOUCH_TREE, str(procs), "0"])
    result = run([PYTHON, "-c", TOUCH_TREE, str(procs), str(mib)])
    assert (idle.outcome, result.outcome) == (Outcome.OK, Outcome.OK), run.stderr.read_text()
    # 100 MiB touched in all, on top of what the same tree holds idle.
    assert 90 * MiB <= result.memory_bytes - idle.memory_bytes <= 110 * MiB


def test_memory_limit(run: Run) -> None:
    result = run.python("x = 'x' * (1 << 30)")
    assert result.outcome is Outcome.MEMORY_LIMIT
    assert result.memory_bytes <= LIMITS.memory_bytes


@pytest.mark.parametrize(
    "argv",
    [
        # Python ignores SIGXFSZ: its write fails with EFBIG and it exits 1.
        [PYTHON, "-c", "import sys\nwhile True: sys.stdout.write('x' * 65536)"],
        # yes is killed by SIGXFSZ.
        ["yes"],
        # Past the limit, then spinning into the CPU limit (as a JVM may): still OLE.
        [
            PYTHON,
            "-c",
            "import sys\ntry:\n    while True: sys.stdout.write('x' * 65536)\nexcept OSError:\n    pass\nwhile True: pass",
        ],
    ],
    ids=["efbig-exit", "sigxfsz", "then-spins"],
)
def test_output_limit(run: Run, argv: list[str]) -> None:
    limits = Limits(cpu_time=3.0, memory_bytes=64 * MiB, output_bytes=MiB)
    result = run(argv, limits)
    assert result.outcome is Outcome.OUTPUT_LIMIT
    assert run.stdout.stat().st_size <= MiB + 1


def test_output_exactly_at_the_limit_is_fine(run: Run) -> None:
    result = run.python("import sys; sys.stdout.write('x' * 1000)", Limits(1.0, 64 * MiB, output_bytes=1000))
    assert result.outcome is Outcome.OK


# -- processes ------------------------------------------------------------


def test_fork_bomb_is_contained(backend: LocalBackend, tmp_path: Path) -> None:
    bomb = """
        import os
        while True:
            try:
                os.fork()
            except OSError:
                pass
    """
    limits = Limits(cpu_time=1.0, wall_time=3.0, memory_bytes=256 * MiB, processes=16)
    with backend.create_box("py3") as box:
        result = Run(box, tmp_path).python(bomb, limits)
        assert result.outcome in (Outcome.TIME_LIMIT, Outcome.WALL_TIME_LIMIT)
        own = box.init_pids()
        assert own and run_processes(box) == []
    # Closed: the box's own processes are gone too (its uid may already serve another box).
    assert set(own) & set(uid_processes(box.uid)) == set()
    with backend.create_box("py3") as box:
        assert Run(box, tmp_path).python("print('ok')").outcome is Outcome.OK


def test_background_processes_do_not_survive_the_run(run: Run, box: LocalBox) -> None:
    result = run.python("""
        import os, subprocess
        subprocess.Popen(["setsid", "sleep", "1000"])
        if os.fork() == 0:  # a double fork, re-parented to the box's init
            if os.fork() == 0:
                os.execvp("sleep", ["sleep", "1000"])
            os._exit(0)
        os.wait()
    """)
    assert result.outcome is Outcome.OK, run.stderr.read_text()
    assert run_processes(box) == []


def test_kill_everything_inside_hurts_no_one_outside(run: Run) -> None:
    bystander = subprocess.Popen(["sleep", "30"])
    try:
        result = run.python("""
            import os, signal, subprocess
            child = subprocess.Popen(["sleep", "30"])
            os.kill(-1, signal.SIGKILL)
            print("child", child.wait(), "caller alive")
        """)
        assert result.outcome is Outcome.OK, run.stderr.read_text()
        # Everything in the box dies but pid 1 and the caller (exempt from kill(-1)).
        assert run.out == "child -9 caller alive\n"
        assert bystander.poll() is None
    finally:
        bystander.kill()
        bystander.wait()


def test_the_run_has_its_rlimits(run: Run) -> None:
    limits = Limits(cpu_time=1.5, memory_bytes=128 * MiB, output_bytes=MiB, open_files=32)
    result = run.python(
        """
        import resource as r
        for name in ("CPU", "FSIZE", "NOFILE", "STACK", "CORE"):
            print(name, *r.getrlimit(getattr(r, "RLIMIT_" + name)))
        """,
        limits,
    )
    assert result.outcome is Outcome.OK, run.stderr.read_text()
    assert run.out.splitlines() == [
        "CPU 3 3",
        f"FSIZE {MiB + 1} {MiB + 1}",
        "NOFILE 32 32",
        f"STACK {128 * MiB} {128 * MiB}",
        "CORE 0 0",
    ]


def test_runs_as_the_box_uid_not_root(run: Run, box: LocalBox) -> None:
    seen: list[list[str]] = []

    def watch() -> None:  # the run's processes, from the host's side
        deadline = time.monotonic() + 5
        while not seen and time.monotonic() < deadline:
            for pid in run_processes(box):
                status = Path(f"/proc/{pid}/status").read_text()
                seen.append(next(line.split()[1:] for line in status.splitlines() if line.startswith("Uid:")))
            time.sleep(0.01)

    watcher = threading.Thread(target=watch)
    watcher.start()
    result = run.python("import os, time; print(os.getuid(), os.geteuid()); time.sleep(0.5)")
    watcher.join()
    assert result.outcome is Outcome.OK
    assert run.out == f"{box.uid} {box.uid}\n"
    assert seen and all(int(uid) == box.uid for uids in seen for uid in uids)


# -- isolation ------------------------------------------------------------


def test_no_network(run: Run) -> None:
    result = run.python("""
        import socket
        for family in (socket.AF_INET, socket.AF_INET6, socket.AF_NETLINK):
            try:
                socket.socket(family)
                print("allowed")
            except PermissionError:
                print("denied")
        socket.socket(socket.AF_UNIX).close()
        print("unix ok")
    """)
    assert result.outcome is Outcome.OK, run.stderr.read_text()
    assert run.out == "denied\ndenied\ndenied\nunix ok\n"


def test_redis_on_the_host_is_unreachable(run: Run) -> None:
    result = run.python("""
        import socket
        socket.create_connection(("127.0.0.1", 6379), timeout=1)
    """)
    assert result.outcome is Outcome.NONZERO_EXIT
    assert "PermissionError" in run.stderr.read_text()


def test_host_files_are_not_visible(run: Run) -> None:
    result = run.python("""
        import os
        for path in ("/etc/shadow", "/etc/passwd", "/root", "/work", "/home", "/var", "/sys"):
            print(path, os.path.exists(path))
    """)
    assert result.outcome is Outcome.OK
    assert "True" not in run.out, run.out


def test_only_box_and_tmp_are_writable(run: Run) -> None:
    result = run.python("""
        import os
        for path in ("/usr/x", "/x", "/etc/x", "/proc/x", "/box/x", "/tmp/x"):
            try:
                open(path, "w").close()
                print(path, "written")
            except OSError:
                print(path, "refused")
    """)
    assert result.outcome is Outcome.OK
    lines = run.out.splitlines()
    assert lines[:4] == ["/usr/x refused", "/x refused", "/etc/x refused", "/proc/x refused"]
    assert lines[4:] == ["/box/x written", "/tmp/x written"]


def test_nothing_a_run_leaves_reaches_the_next_run_in_the_same_box(run: Run) -> None:
    # The box's namespaces outlive a run, so its init empties what they share.
    result = run.python("""
        import ctypes, errno, os
        libc = ctypes.CDLL(None, use_errno=True)
        for path in ("/tmp/note", "/dev/shm/note"):
            with open(path, "w") as file:
                file.write("answer")
        os.makedirs("/tmp/deep/er/still")
        open("/tmp/deep/er/still/note", "w").close()
        os.chmod("/tmp/deep/er", 0)  # locked, as its owner may do
        os.chmod("/tmp", 0o500)
        ipc_create = 0o1000 | 0o600
        print("shm", libc.shmget(1234, 4096, ipc_create) >= 0)
        print("msg", libc.msgget(1234, ipc_create) >= 0)
        print("sem", libc.semget(1234, 1, ipc_create) >= 0)
        libc.mq_open.restype = ctypes.c_int
        print("mq_open", libc.mq_open(b"/note", os.O_CREAT | os.O_RDWR, 0o600, None),
              errno.errorcode.get(ctypes.get_errno()))
    """)
    assert result.outcome is Outcome.OK, run.stderr.read_text()
    assert run.out.splitlines() == ["shm True", "msg True", "sem True", "mq_open -1 EPERM"]
    result = run.python("""
        import os
        print(os.listdir("/tmp"), os.listdir("/dev/shm"), oct(os.stat("/tmp").st_mode & 0o7777))
        for kind in ("shm", "msg", "sem"):
            with open("/proc/sysvipc/" + kind) as listing:
                print(kind, len(listing.readlines()) - 1)
    """)
    assert result.outcome is Outcome.OK, run.stderr.read_text()
    assert run.out.splitlines() == ["[] [] 0o1777", "shm 0", "msg 0", "sem 0"]


def test_the_box_init_outlives_what_a_run_sends_it(run: Run, box: LocalBox) -> None:
    result = run.python("""
        import os, signal
        for signum in (signal.SIGKILL, signal.SIGTERM, signal.SIGSTOP, signal.SIGCHLD):
            os.kill(1, signum)
        print(os.getppid())
    """)
    assert result.outcome is Outcome.OK, run.stderr.read_text()
    assert run.out == "1\n"  # started by the box's init, which is the namespace's pid 1
    init = box.init_pids()
    assert len(init) == 2
    assert run.python("print('next')").outcome is Outcome.OK and run.out == "next\n"
    assert box.init_pids() == init


def test_a_judge_that_dies_takes_its_boxes_with_it(tmp_path: Path) -> None:
    # No --die-with-parent (it follows the starting thread): the box's init
    # ends when the judge's end of its socket closes, as it does when the
    # judge is killed.
    judge = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent("""
                from judge.sandbox import Limits, MiB, get_backend
                box = get_backend("local").create_box("py3")
                print(box.uid, flush=True)
                box.run(["sleep", "1000"], Limits(cpu_time=1.0, wall_time=500.0, memory_bytes=64 * MiB))
            """),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert judge.stdout is not None
        uid = int(judge.stdout.readline())
        deadline = time.monotonic() + 10
        while len(uid_processes(uid)) < 3 and time.monotonic() < deadline:  # bwrap, init, sleep
            time.sleep(0.02)
        boxed = uid_processes(uid)
        assert len(boxed) == 3
    finally:
        judge.kill()
        judge.wait()
    # Those very processes (the slot, and so the uid, may go to another box at once).
    deadline = time.monotonic() + 5
    while set(boxed) & set(uid_processes(uid)) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert set(boxed) & set(uid_processes(uid)) == set()


def test_dangerous_syscalls_are_denied(run: Run) -> None:
    result = run.python("""
        import ctypes, errno
        libc = ctypes.CDLL(None, use_errno=True)
        calls = {
            "ptrace": lambda: libc.ptrace(0, 0, 0, 0),  # PTRACE_TRACEME
            "unshare": lambda: libc.unshare(0x10000000),  # CLONE_NEWUSER
            "unshare-net": lambda: libc.unshare(0x40000000),
            "mount": lambda: libc.mount(b"none", b"/tmp", b"tmpfs", 0, None),
            "personality": lambda: libc.personality(0x0040000),  # ADDR_NO_RANDOMIZE
            "bpf": lambda: libc.syscall(321, 0, 0, 0),
        }
        for name, call in calls.items():
            print(name, call(), errno.errorcode.get(ctypes.get_errno()))
        print("query", libc.personality(ctypes.c_ulong(0xFFFFFFFF)) >= 0)
    """)
    assert result.outcome is Outcome.OK, run.stderr.read_text()
    lines = run.out.splitlines()
    assert lines[:-1] == [
        f"{name} -1 EPERM" for name in ("ptrace", "unshare", "unshare-net", "mount", "personality", "bpf")
    ]
    assert lines[-1] == "query True"


# -- compiling and files --------------------------------------------------


def test_compile_and_run_cpp_in_the_box(run: Run, box: LocalBox) -> None:
    box.write_file(
        "main.cpp", b'#include <cstdio>\nint main(){long a,b;scanf("%ld %ld",&a,&b);printf("%ld\\n",a+b);}\n'
    )
    compile_limits = Limits(cpu_time=10.0, wall_time=30.0, memory_bytes=1024 * MiB, output_bytes=256 * MiB)
    result = run(["g++", "-std=gnu++17", "-O2", "-o", "main", "main.cpp"], compile_limits)
    assert result.outcome is Outcome.OK, run.stderr.read_text()
    assert (box.workdir / "main").stat().st_uid == box.uid
    result = run([f"{BOX_DIR}/main"], stdin=b"1000000000 1000000000\n")
    assert result.outcome is Outcome.OK
    assert run.out == "2000000000\n"


@pytest.mark.parametrize("name", ["", ".", "..", "../x", "a/b", "/etc/passwd", "a\0b"])
def test_write_file_takes_plain_names_only(box: LocalBox, name: str) -> None:
    with pytest.raises(ValueError):
        box.write_file(name, b"x")


def test_planted_links_are_not_followed(backend: LocalBackend, tmp_path: Path) -> None:
    target_dir = tmp_path / "host"
    target_dir.mkdir()
    target = target_dir / "secret"
    target.write_text("keep me")
    box = backend.create_box("py3")
    try:
        run = Run(box, tmp_path)
        result = run.python(f"""
            import os
            os.symlink({str(target)!r}, "main.cpp")
            os.symlink({str(target_dir)!r}, "dir")
            os.mkdir("sub")
            os.symlink({str(target)!r}, "sub/link")
        """)
        assert result.outcome is Outcome.OK, run.stderr.read_text()
        with pytest.raises(FileExistsError):
            box.write_file("main.cpp", b"int main() {}")
        assert target.read_text() == "keep me"
    finally:
        box.close()
    assert not box.workdir.exists()
    assert target.read_text() == "keep me"  # close() removed the links, not their targets


def test_write_file_makes_a_file_the_box_owns(run: Run, box: LocalBox) -> None:
    box.write_file("run.sh", b"#!/bin/sh\necho script\n", executable=True)
    assert (box.workdir / "run.sh").stat().st_uid == box.uid
    result = run([f"{BOX_DIR}/run.sh"])
    assert result.outcome is Outcome.OK
    assert run.out == "script\n"


def test_unknown_backend_names_the_choices() -> None:
    with pytest.raises(ValueError, match="local"):
        get_backend("nope")


UNIFIED = Path("/sys/fs/cgroup/unified")


@pytest.mark.skipif(
    not (UNIFIED / "cgroup.procs").exists(), reason="no hybrid cgroup2 hierarchy beside v1 here"
)
def test_cgroup_v2_group_counts_cpu_and_kills_everything() -> None:
    """The v2 code on a v1 host: its empty cgroup2 hierarchy has no controllers,
    but cgroup.procs, cpu.stat and cgroup.kill work the same as on a v2 host."""

    class ControllerlessV2(CgroupV2):
        needed = ()

    group = ControllerlessV2(f"test-{uuid.uuid4().hex[:8]}", root=UNIFIED)
    group.create()
    spinners = [subprocess.Popen([PYTHON, "-c", "while True: pass"]) for _ in range(2)]
    try:
        for spinner in spinners:
            group.add_pid(spinner.pid)
        assert sorted(group.pids()) == sorted(s.pid for s in spinners)
        # Waits for CPU, not a wall-clock span: a loaded host gives them less.
        deadline = time.monotonic() + 10
        while group.cpu_time() <= 0.1 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert group.cpu_time() > 0.1
        group.kill_all()
        assert [s.wait(timeout=1) for s in spinners] == [-signal.SIGKILL] * 2
        assert group.pids() == []
    finally:
        for spinner in spinners:
            spinner.kill()
            spinner.wait()
        group.remove()
    assert not group.paths[0].exists()
