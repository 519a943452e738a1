"""The sandbox's helper binaries are reachable by the box uid whatever the judge's umask."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from judge.sandbox import helpers


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
