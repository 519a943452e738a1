"""Packages as dicts of files, written for real into tmp_path."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from problempkg import PackageError, read_package

PROBLEM_YAML = "name: A + B\nlimits:\n  time_limit: 2\n  memory: 256\n"

MINIMAL = {
    "problem.yaml": PROBLEM_YAML,
    "problem_statement/problem.md": "Add two numbers.\n",
    "data/sample/1.in": "1 2\n",
    "data/sample/1.ans": "3\n",
    "data/secret/01.in": "2 2\n",
    "data/secret/01.ans": "4\n",
}


def write_files(root: Path, files: dict[str, str | bytes]) -> Path:
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode() if isinstance(content, str) else content)
    return root


def make_package(tmp_path: Path, files: dict[str, str | bytes | None], slug: str = "aplusb") -> Path:
    """MINIMAL with ``files`` laid over it (None removes a file), as a folder."""
    merged = {**MINIMAL, **files}
    return write_files(tmp_path / slug, {k: v for k, v in merged.items() if v is not None})


def make_zip(path: Path, files: dict[str, str | bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for rel, content in files.items():
            archive.writestr(rel, content)
    return path


def package_error(path: Path, **kwargs: int) -> PackageError:
    with pytest.raises(PackageError) as caught:
        read_package(path, **kwargs)
    return caught.value
