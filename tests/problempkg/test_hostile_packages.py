"""Scores and limits no judge can use in a package's YAML (or .timelimit): each is
a PackageError naming the file and line. Limits take the web API's bounds and
scores queues' MAX_POINTS (queues/limits.py, read by both)."""

from __future__ import annotations

from pathlib import Path

import pytest

from problempkg import read_package
from queues.limits import MAX_POINTS
from tests.problempkg.helpers import make_package, package_error

TESTDATA = "data/secret/testdata.yaml"

# --- scores -----------------------------------------------------------------------------

SCORING = "name: X\ntype: scoring\n"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (".inf", ".inf (numbers must be finite)"),
        ("-.inf", "-.inf (numbers must be finite)"),
        (".nan", ".nan (numbers must be finite)"),
        (".NaN", ".NaN (numbers must be finite)"),
        ("1.0e+308", f"accept_score must be at least 0 and at most {MAX_POINTS:g}, not 1e+308"),
        ("1000001", f"accept_score must be at least 0 and at most {MAX_POINTS:g}, not 1000001"),
        ("-5", f"accept_score must be at least 0 and at most {MAX_POINTS:g}, not -5"),
        ("1e308", "accept_score must be a number, not '1e308'"),  # YAML 1.1: no dot, a string
    ],
)
def test_accept_score_beyond_reason_names_its_line(tmp_path: Path, value: str, message: str) -> None:
    settings = f"on_reject: continue\naccept_score: {value}\n"
    error = package_error(make_package(tmp_path, {"problem.yaml": SCORING, TESTDATA: settings}))
    assert (error.path, error.line) == (TESTDATA, 2)
    assert message in error.message


@pytest.mark.parametrize(
    ("settings", "line", "key"),
    [
        ("max_score: 1.0e+300\n", 1, "max_score"),
        ("scoring:\n  score: 2000000\n", 2, "scoring.score"),
        ("reject_score: -1.0e+200\n", 1, "reject_score"),
        ("static_validation_score: 1.0e+7\n", 1, "static_validation_score"),
    ],
)
def test_every_score_key_is_bounded(tmp_path: Path, settings: str, line: int, key: str) -> None:
    error = package_error(make_package(tmp_path, {"problem.yaml": SCORING, TESTDATA: settings}))
    assert (error.path, error.line) == (TESTDATA, line)
    assert error.message.startswith(f"{key} must be at least ")


def test_scores_up_to_the_bound_are_read(tmp_path: Path) -> None:
    package = read_package(
        make_package(tmp_path, {"problem.yaml": SCORING, TESTDATA: f"accept_score: {MAX_POINTS:.1f}\n"})
    )
    assert [g.points for g in package.groups] == [None, MAX_POINTS]


# --- limits -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("100000", "limits.time_limit must be at least 0.05 and at most 60.0 seconds, not 100000"),
        ("0.0000001", "limits.time_limit must be at least 0.05 and at most 60.0 seconds, not 1e-07"),
        ("0.04", "limits.time_limit must be at least 0.05 and at most 60.0 seconds, not 0.04"),
        ("1.0e+300", "limits.time_limit must be at least 0.05 and at most 60.0 seconds, not 1e+300"),
        ("1" + "0" * 60, "not 1" + "0" * 60),
        (".inf", ".inf (numbers must be finite)"),
        (".nan", ".nan (numbers must be finite)"),
        ("1e300", "limits.time_limit must be a number, not '1e300'"),
        ("0", "limits.time_limit must be positive, not 0"),
    ],
)
def test_time_limit_outside_the_api_bounds(tmp_path: Path, value: str, message: str) -> None:
    config = f"name: X\nlimits:\n  time_limit: {value}\n"
    error = package_error(make_package(tmp_path, {"problem.yaml": config}))
    assert (error.path, error.line) == ("problem.yaml", 3)
    assert message in error.message


@pytest.mark.parametrize("value", ["1", "15", "4097", "1" + "0" * 30])
def test_memory_outside_the_api_bounds(tmp_path: Path, value: str) -> None:
    config = f"name: X\nlimits:\n  memory: {value}\n"
    error = package_error(make_package(tmp_path, {"problem.yaml": config}))
    assert (error.path, error.line) == ("problem.yaml", 3)
    assert f"limits.memory must be at least 16 and at most 4096 (MiB), not {value}" == error.message


def test_limits_at_the_api_bounds_are_read(tmp_path: Path) -> None:
    for time_limit, memory in [("0.05", 16), ("60", 4096)]:
        config = f"name: X\nlimits:\n  time_limit: {time_limit}\n  memory: {memory}\n"
        package = read_package(make_package(tmp_path / time_limit, {"problem.yaml": config}))
        assert (package.time_limit_s, package.memory_mb) == (float(time_limit), memory)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("inf", "must be at least 0.05 and at most 60.0 seconds, not inf"),
        ("nan", "must be at least 0.05 and at most 60.0 seconds, not nan"),
        ("1e300", "must be at least 0.05 and at most 60.0 seconds, not 1e+300"),
        ("100000", "must be at least 0.05 and at most 60.0 seconds, not 100000.0"),
        ("0.0000001", "must be at least 0.05 and at most 60.0 seconds, not 1e-07"),
        ("-inf", "must be positive, not -inf"),
    ],
)
def test_timelimit_file_outside_the_api_bounds(tmp_path: Path, text: str, message: str) -> None:
    error = package_error(make_package(tmp_path, {"problem.yaml": "name: X\n", ".timelimit": text + "\n"}))
    assert (error.path, error.line, error.message) == (".timelimit", 1, message)
