"""read → write → read gives an equal Package, to folders and zips, for every package we have."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

from problempkg import (
    CUSTOM_VALIDATION,
    INTERACTIVE_VALIDATION,
    Package,
    PackageError,
    Program,
    TestCase,
    TestGroup,
    read_package,
    write_package,
)
from tests.problempkg.helpers import make_package, write_files

PROBLEMS = Path(__file__).resolve().parents[2] / "problems"

FIXTURES: dict[str, dict[str, str | bytes | None]] = {
    "minimal": {},
    "legacy-everything": {
        "problem.yaml": (
            "name: {en: Sum, sv: Summa}\ntype: scoring\nauthor: Ada\nsource: Here\nlicense: cc0\n"
            "validation: custom\nvalidator_flags: case_sensitive\nkeywords: [a, b]\n"
            "limits:\n  time_multiplier: 3\n  memory: 128\n"
            "grading:\n  objective: max\n"
        ),
        ".timelimit": "1.5\n",
        "problem_statement/problem.md": "# Sum\n",
        "problem_statement/problem.sv.md": "Summa.\n",
        "problem_statement/pic.png": b"\x89PNG\0",
        "data/testdata.yaml": "on_reject: continue\n",
        "data/secret/testdata.yaml": "grader_flags: sum\n",
        "data/secret/01.in": None,
        "data/secret/01.ans": None,
        "data/secret/g1/testdata.yaml": "accept_score: 30\ngrader_flags: min\n",
        "data/secret/g1/a.in": b"\x00\xff binary",
        "data/secret/g1/a.ans": "",
        "data/secret/g1/sub/b.in": "b",
        "data/secret/g1/sub/b.ans": "B",
        "data/secret/g2/x.in": "x",
        "data/secret/g2/x.ans": "X",
        "output_validators/check/check.cpp": "int main(){}",
        "output_validators/check/testlib.h": "//",
        "input_validators/v.py": "pass",
        "attachments/tool.py": "tool",
        "submissions/accepted/a.py": "print()",
        "submissions/accepted/folder/Main.java": "class Main {}",
        "submissions/wrong_answer/w.go": "package main",
        "submissions/time_limit_exceeded/t.rs": "fn main(){}",
        "submissions/run_time_error/r.js": "throw 1",
    },
    "legacy-no-time-limit": {"problem.yaml": "name: X\nlimits:\n  time_safety_margin: 2\n"},
    "no-name": {"problem.yaml": "", "problem_statement/problem.md": "No heading.\n"},
    "2023-07-interactive": {
        "problem.yaml": (
            "problem_format_version: 2023-07\nname: Guess\nuuid: u\ntype: [pass-fail, interactive]\n"
            "credits:\n  authors: Ada\nsource: {name: NCPC, url: https://x}\nembargo_until: 2030-01-01\n"
            "limits:\n  time_limit: 2.5\n"
        ),
        "problem_statement/problem.md": None,
        "statement/problem.en.md": "Guess.\n",
        "output_validator/interactor.py": "pass",
        "data/secret/testdata.yaml": "output_validator_args: [--strict]\n",
    },
    "2023-07-custom-no-time-limit": {
        "problem.yaml": "problem_format_version: 2023-07\nname: C\n",
        "output_validators/v/v.cc": "int main(){}",
    },
}


def _round_trip(package: Package, tmp_path: Path) -> None:
    folder = tmp_path / "out" / package.slug
    write_package(package, folder)
    assert read_package(folder) == package
    zipped = tmp_path / "zips" / f"{package.slug}.zip"
    write_package(package, zipped)
    assert read_package(zipped) == package


@pytest.mark.parametrize(
    "problem", sorted(p.name for p in PROBLEMS.iterdir() if (p / "problem.yaml").exists())
)
def test_round_trip_of_our_problems(tmp_path: Path, problem: str) -> None:
    _round_trip(read_package(PROBLEMS / problem), tmp_path)
    with zipfile.ZipFile(tmp_path / "zips" / f"{problem}.zip") as archive:
        assert {info.compress_type for info in archive.infolist()} == {zipfile.ZIP_DEFLATED}


@pytest.mark.parametrize("fixture", FIXTURES)
def test_round_trip_of_fixtures(tmp_path: Path, fixture: str) -> None:
    package = read_package(make_package(tmp_path, FIXTURES[fixture], slug=fixture))
    _round_trip(package, tmp_path)


@pytest.mark.skipif(shutil.which("pandoc") is None, reason="pandoc is not installed")
def test_round_trip_of_a_tex_statement(tmp_path: Path) -> None:
    files = {
        "problem_statement/problem.md": None,
        "problem_statement/problem.tex": "\\problemname{T}\nText.\n",
    }
    package = read_package(make_package(tmp_path, {"problem.yaml": "", **files}))
    assert package.name == "T"
    _round_trip(package, tmp_path)


def test_writer_keeps_problem_yaml_as_read(tmp_path: Path) -> None:
    package = read_package(make_package(tmp_path, FIXTURES["legacy-everything"], slug="p"))
    write_package(package, tmp_path / "copy")
    written = (tmp_path / "copy" / "problem.yaml").read_text()
    assert written.startswith("name:\n  en: Sum\n  sv: Summa\ntype: scoring\n")
    assert (tmp_path / "copy" / ".timelimit").read_text() == "1.5\n"
    assert (tmp_path / "copy" / "output_validators" / "check" / "testlib.h").exists()


def test_writing_a_package_built_in_memory(tmp_path: Path) -> None:
    """What the web app exports: no config, every field set by hand."""
    package = Package(
        slug="made",
        name="Made Here",
        time_limit_s=2.0,
        memory_mb=512,
        validation=CUSTOM_VALIDATION,
        validator_flags="",
        scoring=True,
        statements={"en": "Do it.\n"},
        groups=[
            TestGroup("sample", [TestCase("sample/1", b"1\n", b"1\n")]),
            TestGroup(
                "secret/a", [TestCase("secret/a/1", b"2\n", b"2\n")], 100.0, "min", {"accept_score": 100}
            ),
        ],
        author="Ada",
        output_validator=Program("check.py", "py3", {"check.py": b"pass\n"}),
    )
    write_package(package, tmp_path / "made")
    text = (tmp_path / "made" / "problem.yaml").read_text()
    assert text == (
        "name: Made Here\ntype: scoring\nvalidation: custom\nauthor: Ada\nlimits:\n  memory: 512\n"
    )
    assert (tmp_path / "made" / ".timelimit").read_text() == "2.0\n"
    again = read_package(tmp_path / "made")
    assert (again.name, again.time_limit_s, again.memory_mb, again.scoring) == ("Made Here", 2.0, 512, True)
    assert again.validation == CUSTOM_VALIDATION
    assert [(g.name, g.tests, g.points, g.aggregation) for g in again.groups] == [
        (g.name, g.tests, g.points, g.aggregation) for g in package.groups
    ]
    testdata = (tmp_path / "made" / "data" / "secret" / "a" / "testdata.yaml").read_text()
    assert testdata == "accept_score: 100\ngrader_flags: min\n"
    assert again.output_validator == package.output_validator
    _round_trip(again, tmp_path)


def test_changed_fields_are_written_over_the_config(tmp_path: Path) -> None:
    source = FIXTURES["2023-07-interactive"]
    package = read_package(make_package(tmp_path, source, slug="g"))
    changed = Package(
        **{
            **package.__dict__,
            "name": "Guess Again",
            "author": "Bo",
            "scoring": True,
            "time_limit_s": 4.0,
            "memory_mb": 64,
        }
    )
    write_package(changed, tmp_path / "g2")
    again = read_package(tmp_path / "g2")
    assert (again.name, again.author, again.scoring, again.time_limit_s, again.memory_mb) == (
        "Guess Again",
        "Bo",
        True,
        4.0,
        64,
    )
    assert again.validation == INTERACTIVE_VALIDATION
    assert again.config["type"] == ["scoring", "interactive"]
    assert again.config["credits"] == {"authors": "Bo"}
    assert (tmp_path / "g2" / "statement" / "problem.en.md").exists()


def test_writer_refuses_what_would_read_back_differently(tmp_path: Path) -> None:
    package = read_package(make_package(tmp_path, {}))
    with pytest.raises(PackageError, match="needs an output validator"):
        write_package(Package(**{**package.__dict__, "validation": CUSTOM_VALIDATION}), tmp_path / "x")
    write_files(tmp_path / "nonempty", {"a": "a"})
    with pytest.raises(FileExistsError):
        write_package(package, tmp_path / "nonempty")
