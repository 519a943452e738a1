"""The docker backend on a real engine: hardening, the warm pool, measurement,
abused containers. The shared suites (test_verdicts.py, test_abuse.py, ...)
run on docker too, through the ``any_backend`` fixture.

Needs the engine ``make test`` starts (scripts/docker_engine.sh) and the images
``make images`` builds; without them the module is skipped with the reason.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from judge import artifacts
from judge.sandbox import Limits, MiB, Outcome, SandboxUnavailable
from judge.sandbox.base import RunResult
from judge.steps import build_step, run_step

docker = pytest.importorskip("docker")

from judge.sandbox.docker.backend import DockerBackend, DockerBox  # noqa: E402
from judge.sandbox.docker.images import LANGUAGE_RUNTIMES, RUNNER_UID, image_set  # noqa: E402
from judge.sandbox.docker.pool import owner  # noqa: E402

PYTHON = "/usr/bin/python3"
LIMITS = Limits(cpu_time=5.0, memory_bytes=256 * MiB)
WAIT = 60.0  # the most a background pool step may take on a loaded machine


@pytest.fixture(scope="module")
def backend() -> Iterator[DockerBackend]:
    backend = DockerBackend(pool_size=1)
    try:
        backend.check()
    except SandboxUnavailable as exc:
        pytest.skip(f"docker backend unavailable here: {exc}")
    yield backend
    backend.close()


def wait_until(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + WAIT
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def run_python(box: DockerBox, code: str, tmp_path: Path, limits: Limits = LIMITS) -> tuple[RunResult, bytes]:
    out = tmp_path / "out"
    result = box.run([PYTHON, "-c", code], limits, stdout=out, stderr=out)
    return result, out.read_bytes()


def inspect(backend: DockerBackend, box: DockerBox) -> dict:
    assert box.container_id is not None
    return backend.api().inspect_container(box.container_id)


def container_exists(backend: DockerBackend, container_id: str) -> bool:
    try:
        backend.api().inspect_container(container_id)
    except docker.errors.NotFound:
        return False
    return True


def test_container_is_hardened(backend: DockerBackend, tmp_path: Path) -> None:
    with backend.create_box(language="py3") as box:
        result, output = run_python(
            box,
            "import os, socket\n"
            "print(os.getuid(), os.getgid())\n"
            "print([l.split(':')[0].strip() for l in open('/proc/net/dev').readlines()[2:]])\n"
            "print([l for l in open('/proc/self/status') if l.startswith('CapEff')][0].split()[1])\n"
            "print([l for l in open('/proc/self/status') if l.startswith('NoNewPrivs')][0].split()[1])\n"
            "try:\n    open('/etc/owned', 'w')\nexcept OSError as e:\n    print(e.errno)\n",
            tmp_path,
        )
        info = inspect(backend, box)
    assert result.outcome is Outcome.OK, output
    uid_line, interfaces, caps, no_new_privs, write_errno = output.decode().splitlines()
    assert uid_line == f"{RUNNER_UID} {RUNNER_UID}"
    assert interfaces == "['lo']"
    assert int(caps, 16) == 0
    assert no_new_privs == "1"
    assert write_errno == "30"  # EROFS: the root file system is read-only
    host = info["HostConfig"]
    assert host["NetworkMode"] == "none" and info["Config"]["NetworkDisabled"]
    assert host["ReadonlyRootfs"] is True
    # The runner's shells are root with only SETUID/SETGID, to drop to the runner
    # user (its CapEff above is 0); the syscall policy both backends share applies.
    assert host["CapDrop"] == ["ALL"] and sorted(host["CapAdd"]) == ["SETGID", "SETUID"]
    assert host["SecurityOpt"][0] == "no-new-privileges"
    assert '"ptrace"' in host["SecurityOpt"][1] and host["SecurityOpt"][1].startswith("seccomp=")
    assert host["Init"] is True
    assert host["PidsLimit"] > 0 and host["Memory"] == host["MemorySwap"] > 0 and host["NanoCpus"] > 0
    # /box and /tmp: tmpfs mounts the judge made on the host; the runner's control dir, read-only.
    binds = sorted(tuple(bind.split(":")[1:]) for bind in host["Binds"])
    assert binds == [("/box", "rw"), ("/run/panda", "ro"), ("/tmp", "rw")]
    assert info["Config"]["Labels"]["panda.sandbox"] == "1"


def test_language_image_is_the_given_languages(backend: DockerBackend, tmp_path: Path) -> None:
    from judge.languages import get_language

    cpp = get_language("cpp17")
    with backend.create_box(cpp.id) as box:
        assert box.run([*cpp.get_version_argv()], LIMITS).outcome is Outcome.OK
        assert inspect(backend, box)["Config"]["Image"] == backend.images.for_language("cpp17")
    with pytest.raises(ValueError, match="no docker image runs language 'cobol'"):
        backend.create_box("cobol")


# What compiles (and assembles) programs: in no run image. The language's own
# compiler is checked too when it is not its interpreter (javac, go, rustc, g++).
COMPILERS = ["/usr/bin/gcc", "/usr/bin/g++", "/usr/bin/cc", "/usr/bin/as", "/usr/bin/ld"]


@pytest.mark.parametrize("language_id", sorted(LANGUAGE_RUNTIMES))
def test_run_image_runs_the_language_without_its_compiler(
    backend: DockerBackend, tmp_path: Path, language_id: str
) -> None:
    from judge.languages import get_language

    language = get_language(language_id)
    built = build_step(backend, language, language.test_program)
    assert built.artifacts is not None, built.compiled.message
    (tmp_path / "in").write_bytes(b"echo me\n")
    compilers = [*COMPILERS, *language.get_compile_argv()[:1]]
    if language.get_compile_argv()[0] == language.get_run_argv(LIMITS)[0]:  # python3, node: a syntax check
        compilers.pop()
    with backend.create_box(language_id, compiling=False) as box:
        artifacts.install(box, built.artifacts)
        echoed = run_step(box, language, LIMITS, tmp_path / "in", tmp_path / "out")
        found = box.run(
            ["/bin/sh", "-c", 'for tool; do [ ! -e "$tool" ] || echo "$tool"; done', "sh", *compilers],
            LIMITS,
            stdout=tmp_path / "found",
        )
        image = inspect(backend, box)["Config"]["Image"]
    assert image == backend.images.for_language(language_id, compiling=False)
    assert echoed.outcome is Outcome.OK and (tmp_path / "out").read_bytes() == b"echo me\n", echoed
    assert found.outcome is Outcome.OK and (tmp_path / "found").read_text() == ""
    sizes = {
        c: backend.api().inspect_image(backend.images.for_language(language_id, c))["Size"]
        for c in (True, False)
    }
    assert sizes[False] < sizes[True] / 2


def test_cpu_time_and_memory_are_the_programs(backend: DockerBackend, tmp_path: Path) -> None:
    # From the program's own start: its process time also counts runc init, before it.
    spin = "import time\nstart = time.process_time()\nwhile time.process_time() - start < 0.4:\n    pass\n"
    hog = (
        "import time\nhog = bytearray(96 * 1024 * 1024)\nfor i in range(0, len(hog), 4096):\n    hog[i] = 1\n"
    )
    with backend.create_box(language="py3") as box:
        spun, _ = run_python(box, spin, tmp_path)
        hogged, _ = run_python(box, hog, tmp_path)
    assert spun.outcome is Outcome.OK and hogged.outcome is Outcome.OK
    # The program's own CPU, not docker exec's ~20 ms of runc init.
    assert 0.4 <= spun.cpu_time <= 0.4 * 1.1 + 0.03
    assert 96 * MiB <= hogged.memory_bytes <= 96 * MiB + 24 * MiB


def test_limits_end_runs(backend: DockerBackend, tmp_path: Path) -> None:
    with backend.create_box(language="py3") as box:
        spin, _ = run_python(box, "while True: pass", tmp_path, Limits(0.5, 64 * MiB, wall_time=30))
        sleep, _ = run_python(
            box,
            "import time; time.sleep(30)",
            tmp_path,
            Limits(cpu_time=0.5, memory_bytes=64 * MiB, wall_time=1),
        )
        hog, _ = run_python(box, "x = bytearray(200 * 1024 * 1024)", tmp_path, Limits(5, 64 * MiB))
        flood, out = run_python(
            box,
            "import sys\nwhile True: sys.stdout.write('x' * 4096)",
            tmp_path,
            Limits(5, 64 * MiB, output_bytes=MiB),
        )
    assert (spin.outcome, sleep.outcome, hog.outcome) == (
        Outcome.TIME_LIMIT,
        Outcome.WALL_TIME_LIMIT,
        Outcome.MEMORY_LIMIT,
    )
    assert 0.5 <= spin.cpu_time < 0.5 * 1.1 + 0.03
    assert flood.outcome is Outcome.OUTPUT_LIMIT and len(out) == MiB + 1


def test_stdin_is_streamed_whole(backend: DockerBackend, tmp_path: Path) -> None:
    data = bytes(range(256)) * 40000  # 10 MB, every byte value
    (tmp_path / "in").write_bytes(data)
    out = tmp_path / "echo"
    with backend.create_box(language="py3") as box:
        code = "import sys; sys.stdout.buffer.write(sys.stdin.buffer.read())"
        result = box.run([PYTHON, "-c", code], LIMITS, stdin=tmp_path / "in", stdout=out)
    assert result.outcome is Outcome.OK
    assert out.read_bytes() == data


def test_write_file_never_goes_through_what_the_program_planted(
    backend: DockerBackend, tmp_path: Path
) -> None:
    with backend.create_box(language="py3") as box:
        box.write_file("data.txt", b"from the host\n")
        result, output = run_python(
            box, "import os; os.symlink('/etc/passwd', '/box/x'); print(open('data.txt').read())", tmp_path
        )
        assert result.outcome is Outcome.OK and output == b"from the host\n\n"
        with pytest.raises(FileExistsError):
            box.write_file("x", b"through the link?")
        with pytest.raises(FileExistsError):
            box.write_file("data.txt", b"twice")
        assert (box.workdir / "x").is_symlink()  # left as planted, never written through
    assert "through the link" not in Path("/etc/passwd").read_text()


def test_pool_is_warm_and_a_clean_container_is_reused(backend: DockerBackend, tmp_path: Path) -> None:
    image = backend.images.for_language("py3")
    backend.warm()
    wait_until(lambda: backend.pool.idle_count(image) >= 1, "a warm container")
    with backend.create_box(language="py3") as box:
        run_python(box, "open('/box/left', 'w').write('x'); open('/tmp/left', 'w').write('x')", tmp_path)
        first = box.container_id
    wait_until(lambda: first in backend.pool.idle_ids(image), "the wiped container back in the pool")
    boxes = [backend.create_box(language="py3") for _ in range(backend.pool.idle_count(image))]
    try:
        for box in boxes:
            # Only this run's own FIFOs (docker/pipes.py): nothing the earlier box left.
            code = "import os; print([n for n in os.listdir('/box') if not n.startswith('.panda-')], os.listdir('/tmp'))"
            result, output = run_python(box, code, tmp_path)
            assert result.outcome is Outcome.OK and output == b"[] []\n"
        assert first in [box.container_id for box in boxes]
    finally:
        for box in boxes:
            box.close()


def _in_a_fork(work: Callable[[], str]) -> str:
    """``work()`` in a forked child, as RQ runs a job in a work horse: its answer."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover (the child)
        os.close(read)
        try:
            answer = work()
        except BaseException as exc:
            answer = f"raised {exc!r}"
        os.write(write, answer.encode())
        os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        answer = pipe.read().decode()
    os.waitpid(pid, 0)
    return answer


@pytest.mark.usefixtures("backend")  # skips where the docker backend cannot run
def test_forked_work_horses_each_get_a_clean_container(tmp_path: Path) -> None:
    """Work horses borrow the parent's warm containers: each finds /box empty, and
    the parent lends the same container again once the horse gave it back clean."""
    # A pool of its own: the module's still recycles what earlier tests gave back, and a
    # container it puts back between two forks is the next horse's pick (a flaky "2 == 1").
    backend = DockerBackend(pool_size=1)
    try:
        image = backend.images.for_language("py3")
        backend.warm()
        wait_until(lambda: backend.pool.idle_count(image) >= 1, "a warm container")

        def submission() -> str:
            with backend.create_box(language="py3") as box:
                box.write_file("main.py", b"import os; print(sorted(os.listdir('/box')))")
                result = box.run(
                    [PYTHON, "main.py"], LIMITS, stdout=tmp_path / "out", stderr=tmp_path / "err"
                )
                output = (tmp_path / "out").read_text().strip()
                return f"{result.outcome.value}|{result.error}|{output}|{box.container_id}"

        # Without fork care the second horse met the first one's main.py: FileExistsError.
        answers = [_in_a_fork(submission).split("|") for _ in range(3)]
        for answer in answers:
            assert answer[0] == "ok" and "'main.py'" in answer[-2], answers
        assert len({answer[-1] for answer in answers}) == 1, "the horses did not share the warm container"
        wait_until(lambda: answers[0][-1] in backend.pool.idle_ids(image), "the lent container idle again")
    finally:
        backend.close()


def test_a_container_a_dead_horse_held_is_replaced(backend: DockerBackend) -> None:
    image = backend.images.for_language("py3")
    backend.warm()
    wait_until(lambda: backend.pool.idle_count(image) >= 1, "a warm container")

    def killed_mid_job() -> str:
        box = backend.create_box(language="py3")
        box.run(["true"], LIMITS)
        os.write(report, str(box.container_id).encode())
        os.kill(os.getpid(), 9)  # a horse killed by the job timeout: nothing is given back
        return ""

    read, report = os.pipe()
    _in_a_fork(killed_mid_job)
    os.close(report)
    with os.fdopen(read, "rb") as pipe:
        held = pipe.read().decode()
    # The container it held (dirty, maybe still running its program) is never lent again.
    wait_until(lambda: held not in backend.pool.idle_ids(image), "the dead horse's container out")
    wait_until(lambda: backend.pool.idle_count(image) >= 1, "a replacement")


@pytest.mark.parametrize(
    "abuse",
    [
        "import subprocess; subprocess.Popen(['sleep', '300'], start_new_session=True)",  # a process left behind
        "import os\nwhile True:\n    os.fork()",  # a fork bomb
        "while True: pass",  # a hung program
    ],
    ids=["leftover", "fork-bomb", "hung"],
)
def test_abused_container_is_thrown_away(backend: DockerBackend, tmp_path: Path, abuse: str) -> None:
    with backend.create_box(language="py3") as box:
        result, _ = run_python(
            box, abuse, tmp_path, Limits(cpu_time=1.0, memory_bytes=128 * MiB, processes=16)
        )
        abused = box.container_id
        assert abused is not None
    assert result.outcome is not Outcome.SANDBOX_ERROR, result.error
    wait_until(lambda: not container_exists(backend, abused), "the abused container to go")
    with backend.create_box(language="py3") as box:
        ok, _ = run_python(box, "print(1)", tmp_path)
        assert ok.outcome is Outcome.OK and box.container_id != abused


def test_container_whose_tmpfs_was_filled_is_thrown_away(backend: DockerBackend, tmp_path: Path) -> None:
    # 1 MiB files until /box refuses more; memory allows it, so the run itself ends cleanly.
    fill = "import itertools\nfor i in itertools.count():\n    open(f'f{i}', 'wb').write(bytes(1 << 20))"
    with backend.create_box(language="py3") as box:
        result, _ = run_python(box, fill, tmp_path, Limits(cpu_time=2.0, memory_bytes=1024 * MiB))
        filled = box.container_id
    assert result.outcome is Outcome.NONZERO_EXIT, result  # ENOSPC, not a limit
    wait_until(lambda: not container_exists(backend, filled), "the filled container to go")


def test_containers_the_engine_lost_are_replaced(backend: DockerBackend, tmp_path: Path) -> None:
    """What an engine restart does to a warm pool: its containers are gone."""
    image = backend.images.for_language("py3")
    backend.warm()
    wait_until(lambda: backend.pool.idle_count(image) >= 1, "a warm container")
    ours = backend.api().containers(filters={"label": f"panda.owner={owner()}", "ancestor": image})
    assert ours
    for info in ours:
        with contextlib.suppress(docker.errors.NotFound):  # the pool may be removing it too
            backend.api().remove_container(info["Id"], force=True)
    with backend.create_box(language="py3") as box:
        result, output = run_python(box, "print('alive')", tmp_path)
    assert result.outcome is Outcome.OK and output == b"alive\n"


def test_check_names_what_is_missing() -> None:
    with pytest.raises(SandboxUnavailable, match="no Docker engine answers"):
        DockerBackend(url="unix:///nonexistent/docker.sock").check()
    missing = DockerBackend()
    missing.images = image_set(root="panda-rootfs:never-built")
    with pytest.raises(SandboxUnavailable, match="make images"):
        missing.check()


def test_output_to_a_pipe_nobody_reads_any_more_is_not_a_judge_error(backend: DockerBackend) -> None:
    # An interactor answering a submission that has already exited: the host
    # relays into a pipe whose reader is gone. That is the program's business
    # (the run ends as it ends), never a sandbox error.
    read_end, write_end = os.pipe()
    os.close(read_end)
    with backend.create_box("py3", compiling=False) as box:
        result = box.run(["python3", "-c", "print('answer ' * 20000)"], LIMITS, stdout=write_end)
    assert result.outcome is Outcome.OK, result
