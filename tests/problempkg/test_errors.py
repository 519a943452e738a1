"""Every PackageError: the file and line it names, and what it says."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from tests.problempkg.helpers import MINIMAL, make_package, make_zip, package_error

V2023 = "problem_format_version: 2023-07\nname: X\n"

CASES = {
    # problem.yaml
    "no problem.yaml": ({"problem.yaml": None}, "problem.yaml", None, "missing: every package needs one"),
    "invalid yaml": ({"problem.yaml": "name: X\nlimits: [1\n"}, "problem.yaml", 3, "invalid YAML"),
    "not a mapping": ({"problem.yaml": "- a\n"}, "problem.yaml", 1, "must be a mapping"),
    "unknown key": (
        {"problem.yaml": "name: X\ncolour: red\n"},
        "problem.yaml",
        2,
        "unknown key 'colour' (known: author,",
    ),
    "unknown limits key": (
        {"problem.yaml": "name: X\nlimits:\n  memory: 5\n  tim_limit: 1\n"},
        "problem.yaml",
        4,
        "unknown key 'limits.tim_limit'",
    ),
    "limits not a mapping": (
        {"problem.yaml": "limits: 5\n"},
        "problem.yaml",
        1,
        "limits must be a mapping, not 5",
    ),
    "bad time_limit": (
        {"problem.yaml": "name: X\nlimits:\n  memory: 5\n  time_limit: abc\n"},
        "problem.yaml",
        4,
        "limits.time_limit must be a number, not 'abc'",
    ),
    "negative time_limit": (
        {"problem.yaml": "limits:\n  time_limit: -1\n"},
        "problem.yaml",
        2,
        "limits.time_limit must be positive, not -1",
    ),
    "memory not an integer": (
        {"problem.yaml": "limits:\n  memory: 1.5\n"},
        "problem.yaml",
        2,
        "limits.memory must be an integer, not 1.5",
    ),
    "memory zero": ({"problem.yaml": "limits:\n  memory: 0\n"}, "problem.yaml", 2, "at least 1"),
    "boolean is no number": (
        {"problem.yaml": "limits:\n  time_limit: yes\n"},
        "problem.yaml",
        2,
        "limits.time_limit must be a number, not True",
    ),
    "name ill-typed": (
        {"problem.yaml": "name: 5\n"},
        "problem.yaml",
        1,
        "name must be a string or a mapping",
    ),
    "name map value": (
        {"problem.yaml": "name:\n  en: X\n  sv: [1]\n"},
        "problem.yaml",
        3,
        "name.sv must be a string, not [1]",
    ),
    "duplicate key": ({"problem.yaml": "name: X\nname: Y\n"}, "problem.yaml", 2, "duplicate key 'name'"),
    "legacy type": (
        {"problem.yaml": "name: X\ntype: interactive\n"},
        "problem.yaml",
        2,
        "type must be pass-fail or scoring, not 'interactive'",
    ),
    "bad validation": (
        {"problem.yaml": "validation: fancy\n"},
        "problem.yaml",
        1,
        "validation must be default, custom, custom interactive, not 'fancy'",
    ),
    "default validation with flags": (
        {"problem.yaml": "validation: default interactive\n"},
        "problem.yaml",
        1,
        "the default validator takes no flags",
    ),
    "custom validation without validator": (
        {"problem.yaml": "name: X\nvalidation: custom interactive\n"},
        "problem.yaml",
        2,
        "validation says 'custom interactive' validation, but output_validators/ holds no validator",
    ),
    "unsupported format version": (
        {"problem.yaml": "name: X\nproblem_format_version: draft\n"},
        "problem.yaml",
        2,
        "problem_format_version 'draft' is not supported",
    ),
    "legacy key in 2023-07": (
        {"problem.yaml": V2023 + "author: Ada\n"},
        "problem.yaml",
        3,
        "'author' is not a key of problem_format_version 2023-07",
    ),
    "2023-07 key in legacy": (
        {"problem.yaml": "credits: Ada\n"},
        "problem.yaml",
        1,
        "'credits' is not a key of problem_format_version legacy",
    ),
    "2023-07 unknown type": (
        {"problem.yaml": V2023 + "type:\n  - scoring\n  - fancy\n"},
        "problem.yaml",
        5,
        "type 'fancy' is not one of",
    ),
    "2023-07 unsupported type": (
        {"problem.yaml": V2023 + "type: pass-fail multi-pass\n"},
        "problem.yaml",
        3,
        "type multi-pass is not supported by this judge",
    ),
    "2023-07 pass-fail and scoring": (
        {"problem.yaml": V2023 + "type: pass-fail scoring\n"},
        "problem.yaml",
        3,
        "both pass-fail and scoring",
    ),
    "2023-07 interactive without validator": (
        {"problem.yaml": V2023 + "type: interactive\n"},
        "problem.yaml",
        3,
        "type says 'custom interactive' validation",
    ),
    "2023-07 credits authors ill-typed": (
        {"problem.yaml": V2023 + "credits:\n  authors:\n    - Ada\n    - 7\n"},
        "problem.yaml",
        6,
        "credits.authors.1 must be a string, not 7",
    ),
    "bad .timelimit": (
        {"problem.yaml": "name: X\n", ".timelimit": "fast\n"},
        ".timelimit",
        1,
        "must be a positive number of seconds, not 'fast'",
    ),
    # statements
    "no statement folder": (
        {"problem_statement/problem.md": None},
        "problem_statement",
        None,
        "missing: a package needs problem_statement/problem.md",
    ),
    "no statement file": (
        {"problem_statement/problem.md": None, "problem_statement/notes.txt": "x"},
        "problem_statement",
        None,
        "no statement: expected problem.md",
    ),
    "two statement folders": (
        {"statement/problem.md": "x"},
        "statement",
        None,
        "both problem_statement/ and",
    ),
    "statement not utf-8": (
        {"problem_statement/problem.md": b"caf\xe9\n"},
        "problem_statement/problem.md",
        None,
        "not UTF-8 text (invalid continuation byte at byte 3)",
    ),
    # data
    "missing .ans": (
        {"data/secret/02.in": "1"},
        "data/secret/02.in",
        None,
        "data/secret/02.ans is missing: every test needs both .in and .ans",
    ),
    "missing .in": (
        {"data/sample/g/7.ans": "1"},
        "data/sample/g/7.ans",
        None,
        "data/sample/g/7.in is missing",
    ),
    "empty data/secret": (
        {"data/secret/01.in": None, "data/secret/01.ans": None, "data/secret/g/testdata.yaml": "{}"},
        "data/secret",
        None,
        "no test cases (.in and .ans files) in data/secret",
    ),
    "testdata unknown key": (
        {"data/secret/testdata.yaml": "accept_score: 5\npoints: 3\n"},
        "data/secret/testdata.yaml",
        2,
        "unknown key 'points'",
    ),
    "testdata ill-typed": (
        {"data/secret/testdata.yaml": "accept_score: lots\n"},
        "data/secret/testdata.yaml",
        1,
        "accept_score must be a number, not 'lots'",
    ),
    "testdata invalid yaml": (
        {"data/testdata.yaml": "a: b: c\n"},
        "data/testdata.yaml",
        1,
        "invalid YAML",
    ),
    "testdata aggregation": (
        {"data/secret/testdata.yaml": "on_reject: break\naggregation: max\n"},
        "data/secret/testdata.yaml",
        2,
        "aggregation must be sum or min, not 'max'",
    ),
    "testdata max": (
        {"data/secret/testdata.yaml": "grader_flags: max\n"},
        "data/secret/testdata.yaml",
        1,
        "grader_flags max: this judge aggregates by sum, avg or min only",
    ),
    "testdata unknown flag": (
        {"data/secret/testdata.yaml": "grader_flags: min fancy\n"},
        "data/secret/testdata.yaml",
        1,
        "unknown grader flag 'fancy'",
    ),
    "testdata on_reject": (
        {"data/secret/testdata.yaml": "on_reject: panic\n"},
        "data/secret/testdata.yaml",
        1,
        "on_reject must be break or continue, not 'panic'",
    ),
    # programs
    "validator file of no language": (
        {"output_validators/check/run": "#!/bin/sh"},
        "output_validators/check",
        None,
        "language not available: unknown (no source file of a language we know)",
    ),
    "program in two languages": (
        {"submissions/accepted/mix/a.py": "", "submissions/accepted/mix/b.cpp": ""},
        "submissions/accepted/mix",
        None,
        "a program needs sources in exactly one language, found: cpp17, py3",
    ),
    "output validator in a language we lack": (
        {"output_validators/check.kt": "fun main() {}"},
        "output_validators/check.kt",
        None,
        "language not available: Kotlin (the output validator judges every submission)",
    ),
    "two output validators": (
        {"output_validators/a.py": "", "output_validators/b.py": ""},
        "output_validators",
        None,
        "2 validators (a.py, b.py); this judge takes one",
    ),
    "both validator folders": (
        {"output_validators/a.py": "", "output_validator/b.py": ""},
        "output_validators",
        None,
        "both output_validator/ and output_validators/",
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_package_error(tmp_path: Path, case: str) -> None:
    files, path, line, message = CASES[case]
    error = package_error(make_package(tmp_path, files))
    assert (error.path, error.line) == (path, line), str(error)
    assert message in error.message
    assert str(error) == (f"{path}:{line}: {error.message}" if line else f"{path}: {error.message}")


def test_exact_message_for_an_ill_typed_limit(tmp_path: Path) -> None:
    yaml = "name: X\nauthor: Ada\nlimits:\n  time_limit: abc\n"
    error = package_error(make_package(tmp_path, {"problem.yaml": yaml}))
    assert str(error) == "problem.yaml:4: limits.time_limit must be a number, not 'abc'"
    assert isinstance(error, ValueError)


def test_tex_statement_without_pandoc(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_package(
        tmp_path, {"problem_statement/problem.md": None, "problem_statement/problem.tex": "Hi"}
    )
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))  # a PATH with no pandoc on it
    error = package_error(root)
    assert (error.path, error.line) == ("problem_statement/problem.tex", None)
    assert "needs pandoc, which is not installed (apt-get install pandoc)" in error.message


@pytest.mark.parametrize("name", ["../evil.txt", "/etc/evil", "pkg/../../evil", "C:/evil", "..\\evil"])
def test_zip_with_unsafe_path(tmp_path: Path, name: str) -> None:
    zipped = make_zip(tmp_path / "p.zip", {**MINIMAL, name: "x"})
    error = package_error(zipped)
    assert error.path == name
    assert "unsafe path in zip" in error.message


def test_zip_bomb_guard_on_total_size(tmp_path: Path) -> None:
    zipped = tmp_path / "bomb.zip"
    with zipfile.ZipFile(zipped, "w", zipfile.ZIP_DEFLATED) as archive:
        for rel, content in MINIMAL.items():
            archive.writestr(rel, content)
        archive.writestr("attachments/zeros", b"\0" * 5_000_000)  # a few KiB compressed
    assert zipped.stat().st_size < 50_000
    error = package_error(zipped, max_bytes=1_000_000)
    assert error.path == ""
    assert "more than the 1000000 allowed" in error.message


def test_zip_bomb_guard_on_file_count(tmp_path: Path) -> None:
    zipped = make_zip(tmp_path / "many.zip", {**MINIMAL, **{f"attachments/{i}": "" for i in range(50)}})
    error = package_error(zipped, max_files=20)
    assert "zip holds 56 files, more than the 20 allowed" in error.message


def test_zip_whose_header_lies_about_size(tmp_path: Path) -> None:
    zipped = make_zip(tmp_path / "liar.zip", {**MINIMAL, "attachments/big": "A" * 1000})
    data = bytearray(zipped.read_bytes())
    # Shrink the declared uncompressed size (central directory, offset 24) of the last entry.
    central = data.rfind(b"PK\x01\x02")
    data[central + 24 : central + 28] = (10).to_bytes(4, "little")
    zipped.write_bytes(bytes(data))
    error = package_error(zipped)
    assert error.path == "liar.zip"
    assert error.message == "corrupt zip: Bad CRC-32 for file 'attachments/big'"


def test_not_a_zip_and_no_such_path(tmp_path: Path) -> None:
    fake = tmp_path / "fake.zip"
    fake.write_text("hello")
    assert "not a readable zip" in package_error(fake).message
    assert "no such package folder or zip" in package_error(tmp_path / "nope").message


def test_symlink_out_of_a_folder_package(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("s")
    root = make_package(tmp_path, {})
    (root / "attachments").mkdir()
    (root / "attachments" / "link").symlink_to(secret)
    error = package_error(root)
    assert (error.path, error.message) == ("attachments/link", "symbolic link leads outside the package")
