"""read_package on real folders and zips: every part of the format, legacy and 2023-07."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from problempkg import (
    CUSTOM_VALIDATION,
    DEFAULT_VALIDATION,
    INTERACTIVE_VALIDATION,
    Program,
    TestCase,
    read_package,
)
from tests.problempkg.helpers import MINIMAL, make_package, make_zip

needs_pandoc = pytest.mark.skipif(shutil.which("pandoc") is None, reason="pandoc is not installed")


def test_minimal_legacy_package(tmp_path: Path) -> None:
    package = read_package(make_package(tmp_path, {}))
    assert package.slug == "aplusb"
    assert package.name == "A + B"
    assert (package.time_limit_s, package.time_limit_explicit, package.memory_mb) == (2.0, True, 256)
    assert package.validation == DEFAULT_VALIDATION
    assert package.validator_flags == ""
    assert package.scoring is False
    assert package.statements == {"en": "Add two numbers.\n"}
    assert [g.name for g in package.groups] == ["sample", "secret"]
    assert package.groups[1].tests == [TestCase("secret/01", b"2 2\n", b"4\n")]
    assert package.output_validator is None
    assert package.submissions == []
    assert package.config == {"name": "A + B", "limits": {"time_limit": 2, "memory": 256}}


def test_legacy_fields(tmp_path: Path) -> None:
    yaml = (
        "name: Pi\ntype: scoring\nauthor: Ada\nsource: NWERC 2020\nlicense: cc by-sa\nrights_owner: Ada\n"
        "validator_flags: float_tolerance 1e-6\nkeywords: geometry\n"
        "limits:\n  time_multiplier: 3\n  time_safety_margin: 1.5\n  memory: 512\n"
    )
    package = read_package(make_package(tmp_path, {"problem.yaml": yaml}))
    assert (package.name, package.author, package.source, package.license) == (
        "Pi",
        "Ada",
        "NWERC 2020",
        "cc by-sa",
    )
    assert package.scoring is True
    assert package.validator_flags == "float_tolerance 1e-6"
    assert package.memory_mb == 512
    # No time limit given: the default, and the multipliers stay in config for `verify`.
    assert (package.time_limit_s, package.time_limit_explicit) == (1.0, False)
    assert package.config["limits"]["time_multiplier"] == 3
    assert package.config["limits"]["time_safety_margin"] == 1.5


def test_timelimit_file_when_problem_yaml_gives_none(tmp_path: Path) -> None:
    root = make_package(tmp_path, {"problem.yaml": "name: X\n", ".timelimit": "3.5\n"})
    package = read_package(root)
    assert (package.time_limit_s, package.time_limit_explicit) == (3.5, True)
    assert package.memory_mb == 2048  # the format's default


def test_limits_time_limit_wins_over_timelimit_file(tmp_path: Path) -> None:
    package = read_package(make_package(tmp_path, {".timelimit": "9\n"}))
    assert package.time_limit_s == 2.0


def test_empty_problem_yaml_takes_name_from_statement_heading_else_slug(tmp_path: Path) -> None:
    root = make_package(tmp_path, {"problem.yaml": "", "problem_statement/problem.md": "# Adding\n\nAdd.\n"})
    assert read_package(root).name == "Adding"
    other = make_package(tmp_path, {"problem.yaml": ""}, slug="plain")
    assert read_package(other).name == "plain"


@pytest.mark.parametrize(
    ("validation", "expected"),
    [
        ("default", DEFAULT_VALIDATION),
        ("custom", CUSTOM_VALIDATION),
        ("custom score", CUSTOM_VALIDATION),
        ("custom interactive", INTERACTIVE_VALIDATION),
    ],
)
def test_legacy_validation(tmp_path: Path, validation: str, expected: str) -> None:
    files = {
        "problem.yaml": f"name: X\nvalidation: {validation}\n",
        "output_validators/check/check.py": "import sys\n",
    }
    package = read_package(make_package(tmp_path, files))
    assert package.validation == expected
    assert package.output_validator == Program("check", "py3", {"check.py": b"import sys\n"})


def test_2023_07_fields(tmp_path: Path) -> None:
    yaml = (
        "problem_format_version: 2023-07\nuuid: 1f2e\n"
        "name:\n  sv: Addera\n  en: Add\ntype: [scoring, interactive]\n"
        "credits:\n  authors: [Ada, Bo]\n  testers: Cy\n"
        "source:\n  - name: NCPC\n    url: https://ncpc.example\n  - ICPC\n"
        "license: cc0\nlimits:\n  time_limit: 0.5\n  time_multipliers:\n    ac_to_time_limit: 3\n"
    )
    files = {"problem.yaml": yaml, "output_validator/interactor.cpp": "int main(){}\n"}
    del_md = {"problem_statement/problem.md": None, "statement/problem.sv.md": "Addera.\n"}
    package = read_package(make_package(tmp_path, {**files, **del_md}))
    assert package.name == "Add"
    assert (package.scoring, package.validation) == (True, INTERACTIVE_VALIDATION)
    assert (package.author, package.source, package.license) == ("Ada, Bo", "NCPC, ICPC", "cc0")
    assert (package.time_limit_s, package.time_limit_explicit) == (0.5, True)
    assert package.statements == {"sv": "Addera.\n"}
    assert package.output_validator == Program(
        "output_validator", "cpp17", {"interactor.cpp": b"int main(){}\n"}
    )


@pytest.mark.parametrize(
    ("type_", "has_validator", "scoring", "validation"),
    [
        ("pass-fail", False, False, DEFAULT_VALIDATION),
        ("pass-fail", True, False, CUSTOM_VALIDATION),
        ("scoring", False, True, DEFAULT_VALIDATION),
        ("pass-fail interactive", True, False, INTERACTIVE_VALIDATION),
    ],
)
def test_2023_07_type(
    tmp_path: Path, type_: str, has_validator: bool, scoring: bool, validation: str
) -> None:
    files: dict[str, str | None] = {
        "problem.yaml": f"problem_format_version: 2023-07\nname: X\ntype: {type_}\n"
    }
    if has_validator:
        files["output_validators/v.py"] = "pass\n"
    package = read_package(make_package(tmp_path, files))
    assert (package.scoring, package.validation) == (scoring, validation)


def test_statements_by_language(tmp_path: Path) -> None:
    files = {
        "problem_statement/problem.md": "English.\n",
        "problem_statement/problem.de.md": "Deutsch.\n",
        "problem_statement/problem.pt-BR.md": "Português.\n",
        "problem_statement/figure.png": b"\x89PNG",
        "problem_statement/problem.en.md": "English, named.\n",
    }
    package = read_package(make_package(tmp_path, files))
    assert package.statements == {"de": "Deutsch.\n", "en": "English, named.\n", "pt-BR": "Português.\n"}
    # problem.en.md beats problem.md; the loser is kept as a plain file.
    assert package.statement_files == {"figure.png": b"\x89PNG", "problem.md": b"English.\n"}


@needs_pandoc
def test_tex_statement_through_pandoc(tmp_path: Path) -> None:
    tex = (
        "\\problemname{Adding Up}\n\nAdd $a$ and $b$.\n\n"
        "\\illustration{0.3}{pic.png}{A picture}\n\n\\section*{Input}\nTwo integers.\n"
    )
    files = {"problem.yaml": "source: Here\n", "problem_statement/problem.md": None}
    package = read_package(make_package(tmp_path, {**files, "problem_statement/problem.tex": tex}))
    text = package.statements["en"]
    assert text.startswith("# Adding Up\n\n")
    assert "Add $a$ and $b$." in text
    assert "\n## Input\n" in text
    assert "](pic.png)" in text
    assert package.name == "Adding Up"  # legacy: the title may live only in \problemname


@needs_pandoc
def test_markdown_beats_tex_for_a_language(tmp_path: Path) -> None:
    files = {"problem_statement/problem.en.tex": "\\problemname{T}\nText.\n"}
    package = read_package(make_package(tmp_path, files))
    assert package.statements == {"en": "Add two numbers.\n"}
    assert list(package.statement_files) == ["problem.en.tex"]


def test_groups_nested_in_lexicographic_order_with_testdata_inheritance(tmp_path: Path) -> None:
    files = {
        "data/secret/testdata.yaml": "grader_flags: min\non_reject: continue\n",
        "data/secret/01.in": None,
        "data/secret/01.ans": None,
        "data/secret/b/testdata.yaml": "accept_score: 60\n",
        "data/secret/b/2.in": "b2",
        "data/secret/b/2.ans": "B2",
        "data/secret/b/10.in": "b10",
        "data/secret/b/10.ans": "B10",
        "data/secret/a/testdata.yaml": "accept_score: 40\ngrader_flags: sum\n",
        "data/secret/a/1.in": "a1",
        "data/secret/a/1.ans": "A1",
        "data/secret/a/deep/1.in": "d1",
        "data/secret/a/deep/1.ans": "D1",
        "data/secret/a/1.hint": "extra files beside tests are not tests",
    }
    package = read_package(make_package(tmp_path, files))
    groups = {g.name: g for g in package.groups}
    assert list(groups) == ["sample", "secret/a", "secret/a/deep", "secret/b"]
    assert [t.name for t in groups["secret/b"].tests] == ["secret/b/10", "secret/b/2"]  # lexicographic
    assert (groups["secret/a"].points, groups["secret/a"].aggregation) == (40.0, "sum")
    assert (groups["secret/a/deep"].points, groups["secret/a/deep"].aggregation) == (40.0, "sum")
    assert (groups["secret/b"].points, groups["secret/b"].aggregation) == (60.0, "min")
    assert (groups["sample"].points, groups["sample"].aggregation) == (None, "sum")
    # settings are each folder's own file; secret's lives in folder_settings (it holds no tests).
    assert groups["secret/b"].settings == {"accept_score": 60}
    assert groups["secret/a/deep"].settings == {}
    assert package.folder_settings == {"secret": {"grader_flags": "min", "on_reject": "continue"}}


def test_2023_07_aggregation_and_root_testdata(tmp_path: Path) -> None:
    files = {
        "data/testdata.yaml": "aggregation: min\n",
        "data/secret/testdata.yaml": "scoring:\n  score: 100\n",
    }
    package = read_package(make_package(tmp_path, files))
    secret = package.groups[1]
    assert (secret.points, secret.aggregation) == (100.0, "min")
    assert package.groups[0].aggregation == "min"
    assert package.folder_settings == {"": {"aggregation": "min"}}


def test_programs_languages_and_folders(tmp_path: Path) -> None:
    files = {
        "output_validators/checker/checker.cc": "// c",
        "output_validators/checker/testlib.h": "// h",
        "input_validators/valid.py": "pass",
        "input_validators/strict/Main.java": "class Main {}",
        "submissions/accepted/sol.rs": "fn main(){}",
        "submissions/accepted/multi/main.go": "package main",
        "submissions/accepted/multi/util.go": "package main",
        "submissions/wrong_answer/wa.js": "1",
        "submissions/time_limit_exceeded/slow.cxx": "x",
        "submissions/run_time_error/crash.cpp": "y",
        "attachments/testing_tool.py": "tool",
        "attachments/sub/data.txt": "d",
    }
    package = read_package(make_package(tmp_path, {"problem.yaml": "validation: custom\n", **files}))
    assert package.output_validator == Program(
        "checker", "cpp17", {"checker.cc": b"// c", "testlib.h": b"// h"}
    )
    assert [(p.name, p.language) for p in package.input_validators] == [
        ("strict", "java"),
        ("valid.py", "py3"),
    ]
    assert [
        (s.folder, s.program.name, s.program.language, s.expected_verdict) for s in package.submissions
    ] == [
        ("accepted", "multi", "go", "AC"),
        ("accepted", "sol.rs", "rust", "AC"),
        ("wrong_answer", "wa.js", "js", "WA"),
        ("time_limit_exceeded", "slow.cxx", "cpp17", "TLE"),
        ("run_time_error", "crash.cpp", "cpp17", "RE"),
    ]
    assert package.submissions[0].program.files == {"main.go": b"package main", "util.go": b"package main"}
    assert package.attachments == {"sub/data.txt": b"d", "testing_tool.py": b"tool"}


def test_litter_is_ignored(tmp_path: Path) -> None:
    files = {".DS_Store": b"x", "data/secret/._01.in": b"x", "submissions/accepted/__pycache__/a.pyc": b"x"}
    package = read_package(make_package(tmp_path, files))
    assert package.submissions == []
    assert len(package.groups[1].tests) == 1


@pytest.mark.parametrize("prefix", ["", "aplusb/"])
def test_zip_at_top_level_or_in_one_folder(tmp_path: Path, prefix: str) -> None:
    zipped = make_zip(tmp_path / "pkg.zip", {prefix + rel: content for rel, content in MINIMAL.items()})
    package = read_package(zipped)
    assert package.slug == "pkg"  # the zip's name
    assert package == read_package(make_package(tmp_path, {}, slug="pkg"))


@pytest.mark.parametrize(
    ("limits", "slowest", "expected"),
    [
        ("", 0.201, 2.0),  # 1.005 s rounds up, as problemtools sets it (round() gave 1 s)
        ("", 0.1, 1.0),  # at least one resolution step
        ("  time_multiplier: 2\n", 1.2, 3.0),
        ("  time_resolution: 0.5\n", 0.33, 2.0),  # 1.65 s up to a multiple of 0.5
    ],
)
def test_a_derived_time_limit_rounds_up_to_the_time_resolution(
    tmp_path: Path, limits: str, slowest: float, expected: float
) -> None:
    from problempkg import judge_terms

    yaml = f"name: A + B\nlimits:\n  memory: 256\n{limits}"
    package = read_package(make_package(tmp_path, {"problem.yaml": yaml}))
    assert not package.time_limit_explicit
    assert judge_terms.derived_time_limit(package, slowest) == expected


def test_grader_flags_avg_scores_the_tests_average(tmp_path: Path) -> None:
    from problempkg import judge_terms

    # DOMjudge's largestsum: a group's score is its tests' average, so each test earns a third.
    files: dict[str, str | bytes | None] = {
        "problem.yaml": "name: Sum\ntype: scoring\nlimits:\n  time_limit: 2\n",
        "data/secret/01.in": None,
        "data/secret/01.ans": None,
        "data/secret/big/testdata.yaml": "grader_flags: avg\naccept_score: 30\n",
        **{f"data/secret/big/{n}.{ext}": f"{n}\n" for n in (1, 2, 3) for ext in ("in", "ans")},
    }
    package = read_package(make_package(tmp_path, files))
    big = next(g for g in package.groups if g.name == "secret/big")
    assert judge_terms.test_points(big, package) == [10.0, 10.0, 10.0]
    assert "secret/big" in judge_terms.scored_alone(package.groups)
