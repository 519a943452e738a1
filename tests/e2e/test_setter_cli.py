"""The setter CLI against a running cluster: upload -> judge (verify --server) -> export round trip."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from panda_cli.main import main
from problempkg import Package, read_package
from testbed.stack import Stack, running_stack
from tests.conftest import ROOT


def _essence(package: Package) -> tuple:
    """What must survive upload and export: tests, limits, checking, statements."""
    groups = [
        (g.name, g.points, g.aggregation, [(t.input, t.answer) for t in g.tests]) for g in package.groups
    ]
    validator = package.output_validator
    return (
        package.name,
        package.time_limit_s,
        package.memory_mb,
        package.validation,
        package.validator_flags,
        package.scoring,
        package.statements,
        groups,
        (validator.language, validator.source) if validator else None,
    )


@contextmanager
def _logged_in_setter(
    tmp_path: Path, redis_url: str, namespace: str, monkeypatch: pytest.MonkeyPatch, **stack_options: Any
) -> Iterator[Stack]:
    """A cluster on its own SQLite database, and `panda login` as the seeded setter."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("PANDA_PASSWORD", "setter-panda")
    database = f"sqlite:///{tmp_path / 'panda.db'}"
    with running_stack(tmp_path / "stack", database, redis_url, namespace, **stack_options) as stack:
        assert main(["login", "--server", stack.base_url, "--username", "setter"]) == 0
        yield stack


def test_upload_verify_export_round_trip(
    tmp_path: Path,
    redis_url: str,
    namespace: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    package_dir = tmp_path / "cli-courseorder"  # custom output validator, five languages' submissions
    shutil.copytree(ROOT / "problems" / "courseorder", package_dir)
    with _logged_in_setter(tmp_path, redis_url, f"{namespace}cli", monkeypatch) as stack:
        assert (tmp_path / "config" / "coding-panda" / "credentials.json").stat().st_mode & 0o777 == 0o600

        assert main(["problem", "upload", str(package_dir)]) == 0
        uploaded = re.search(r"uploaded cli-courseorder as problem (\d+)", capsys.readouterr().out)
        assert uploaded, "no upload line"
        problem_id = uploaded.group(1)

        # Every submission judged by the cluster's judges gets its folder's verdict.
        assert main(["problem", "verify", str(package_dir), "--server", stack.base_url]) == 0
        out = capsys.readouterr().out
        assert "all checks passed" in out
        files = len(list((package_dir / "submissions").glob("*/*")))
        assert out.count("ok   submissions/") == files
        # verify followed the server's reference submissions (both uploads' sets): none sent twice.
        judged = stack.get(f"/submissions?problem_id={problem_id}", stack.login("setter", "setter-panda"))
        assert judged.json()["total"] == 2 * files, judged.text

        exported = tmp_path / "exported.zip"
        assert main(["problem", "export", problem_id, str(exported)]) == 0
        assert _essence(read_package(exported)) == _essence(read_package(package_dir))

        assert main(["problem", "list"]) == 0
        assert re.search(rf"^\s*{problem_id}\s+cli-courseorder\s", capsys.readouterr().out, re.MULTILINE)
        # Judged work is never lost: a problem with a contestant's submission is not deleted
        # (its reference submissions alone would not keep it).
        contestant = stack.login("demo", "demo-panda")
        source = {"problem_id": int(problem_id), "language": "py3", "source": "print(1)\n"}
        assert stack.post("/submissions", contestant, json=source).status_code == 202
        with pytest.raises(SystemExit, match="409"):
            main(["problem", "delete", problem_id])


def test_upload_of_a_package_imported_by_a_job_on_the_server(
    tmp_path: Path,
    redis_url: str,
    namespace: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Every package is "big" here: the server answers 202 and its import worker imports it.
    settings = {"PANDA_IMPORT_INLINE_BYTES": "0"}
    with _logged_in_setter(tmp_path, redis_url, f"{namespace}job", monkeypatch, judges=0, settings=settings):
        package_dir = tmp_path / "cli-twogroups"
        shutil.copytree(ROOT / "problems" / "twogroups", package_dir)
        assert main(["problem", "upload", str(package_dir)]) == 0
        uploaded = re.search(r"uploaded cli-twogroups as problem (\d+)", capsys.readouterr().out)
        assert uploaded, "no upload line"
        exported = tmp_path / "exported.zip"
        assert main(["problem", "export", uploaded.group(1), str(exported)]) == 0
        assert _essence(read_package(exported)) == _essence(read_package(package_dir))
        # The job's error is the CLI's, as the request's would be.
        with pytest.raises(SystemExit, match=r"import \d+: 409 you have a problem with slug 'cli-twogroups'"):
            main(["problem", "upload", str(package_dir)])


def test_a_broken_package_is_refused_before_upload_naming_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    package_dir = tmp_path / "broken"
    shutil.copytree(ROOT / "problems" / "courseorder", package_dir)
    (package_dir / "problem.yaml").write_text("name: Broken\nlimits:\n  time_limit: soon\n")
    assert main(["problem", "verify", str(package_dir)]) == 1
    assert re.search(r"problem\.yaml:3: .*time_limit", capsys.readouterr().err)
