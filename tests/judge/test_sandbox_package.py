"""The sandbox package's seam loads no backend: importing the Protocols (say, to
type a grader) must not load bwrap, pyseccomp, the docker SDK or their fork hooks."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

BACKEND_MODULES = ("pyseccomp", "docker", "judge.sandbox.local.", "judge.sandbox.docker.")


@pytest.mark.parametrize("statement", ["import judge.sandbox", "import judge.sandbox.base"])
def test_importing_the_seam_loads_no_backend(statement: str) -> None:
    script = f"{statement}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    loaded = json.loads(
        subprocess.run([sys.executable, "-c", script], check=True, capture_output=True).stdout
    )
    assert "judge.sandbox.base" in loaded
    backend = [
        m
        for m in loaded
        if m.startswith(BACKEND_MODULES) or m in ("judge.sandbox.local", "judge.sandbox.docker")
    ]
    assert backend == []


def test_a_backend_loads_when_its_factory_is_called() -> None:
    script = (
        "import sys\nfrom judge.sandbox import get_backend\n"
        "assert 'judge.sandbox.local.backend' not in sys.modules\n"
        "assert get_backend('local').name == 'local'\n"
        "assert 'judge.sandbox.local.backend' in sys.modules and 'pyseccomp' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", script], check=True)
