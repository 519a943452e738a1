"""The sandbox's two small C programs, built once per host: ``launch.c`` (runs
bwrap as the box uid) and ``boxd.c`` (the box's pid 1, which starts each run).

Built with the host's C compiler on first use, static (no dynamic loader work
at each of the thousands of starts), into ``<sandbox root>/bin/panda-<name>-
<hash of the source>``: a changed source builds a new file, and a half-written
file is never run (built under a temporary name, then renamed).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from judge.sandbox.base import SandboxUnavailable

CC = shutil.which("gcc", path="/usr/bin:/bin") or "/usr/bin/gcc"


def build(root: Path, name: str) -> Path:
    """The built helper ``name`` (``judge/sandbox/local/<name>.c``) under ``root``; built now if missing."""
    source_path = Path(__file__).with_name(f"{name}.c")
    source = source_path.read_bytes()
    target = root / "bin" / f"panda-{name}-{hashlib.sha256(source).hexdigest()[:16]}"
    if target.exists():
        return target
    target.parent.mkdir(mode=0o711, exist_ok=True)
    # Explicitly, not through the umask: the box uid must reach boxd (make run once
    # ran judges under umask 077 and bwrap could not find boxd).
    os.chmod(target.parent, 0o711)
    with tempfile.TemporaryDirectory(dir=target.parent) as scratch:
        built = Path(scratch, name)
        try:
            subprocess.run(
                [CC, "-O2", "-static", "-o", str(built), str(source_path)],
                check=True,
                capture_output=True,
                timeout=120,
            )
        except (OSError, subprocess.SubprocessError) as exc:
            detail = (getattr(exc, "stderr", None) or b"").decode(errors="replace")
            raise SandboxUnavailable(f"cannot build the sandbox's {name} with {CC}: {exc} {detail}") from exc
        built.chmod(0o755)
        os.replace(built, target)
    return target
