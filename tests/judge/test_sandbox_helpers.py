"""The sandbox's helper binaries are reachable by the box uid whatever the judge's umask."""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from judge.sandbox.local import boxd, helpers

# A uid no sandbox slot uses (slots start at 61000).
UNUSED_UID = 60990


@pytest.fixture
def strict_umask() -> Iterator[None]:
    # make run once started its judges under umask 077: <root>/bin came out 0700
    # and bwrap (as the box uid) could not find boxd.
    previous = os.umask(0o077)
    try:
        yield
    finally:
        os.umask(previous)


@pytest.mark.usefixtures("strict_umask")
def test_a_fresh_sandbox_root_under_umask_077_is_traversable(tmp_path: Path) -> None:
    root = tmp_path / "fresh-root"
    root.mkdir()
    built = helpers.build(root, "launch")
    assert stat.S_IMODE(os.stat(built.parent).st_mode) == 0o711
    assert stat.S_IMODE(os.stat(built).st_mode) == 0o755


def test_bwrap_failing_to_start_the_box_says_why(tmp_path: Path) -> None:
    """bwrap's own words reach the error (they were lost on ECONNRESET)."""
    root = tmp_path / "root"
    root.mkdir()
    launch, boxd_binary = helpers.build(root, "launch"), helpers.build(root, "boxd")
    # The defect make run met: boxd in a directory the box uid cannot traverse.
    hidden = tmp_path / "hidden"
    hidden.mkdir(mode=0o700)
    os.chmod(hidden, 0o700)
    unreachable = hidden / boxd_binary.name
    shutil.copy2(boxd_binary, unreachable)
    workdir = tmp_path / "work"
    workdir.mkdir()
    os.chown(workdir, UNUSED_UID, UNUSED_UID)
    init = boxd.Boxd(launch, unreachable, UNUSED_UID, str(workdir))
    try:
        with pytest.raises(boxd.BoxdError) as failure:
            init.start(["/bin/true"], {}, [], (0, 1, 2))
    finally:
        init.close()
    message = str(failure.value)
    assert "bwrap: Can't find source path" in message and "Permission denied" in message, message


def test_a_sandbox_root_under_a_folder_others_cannot_traverse_is_refused_naming_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # PANDA_SANDBOX_ROOT=$(mktemp -d)/sbx: mktemp's 0700 folder kept every box's uid out
    # (bwrap: "Can't find source path ...: Permission denied" at the judge's start-up check).
    from judge.sandbox.base import SandboxUnavailable
    from judge.sandbox.local.backend import LocalBackend

    # No warm pool: its refill thread would mount a box's work dir under the root
    # while the rmtree below runs (EBUSY in CI).
    monkeypatch.setenv("PANDA_SANDBOX_POOL", "0")
    private = Path(tempfile.mkdtemp())  # under /tmp, which others traverse
    try:
        with pytest.raises(SandboxUnavailable, match=rf"{private} is mode 0700 .*chmod o\+x {private}"):
            LocalBackend(root=private / "sbx").check()
        os.chmod(private, 0o711)
        backend = LocalBackend(root=private / "sbx")
        try:
            backend.check()  # reachable now: the rest of the check passes
        finally:
            backend.close()
    finally:
        shutil.rmtree(private)
