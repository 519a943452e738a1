"""Layouts and defects seen in public packages (problemtools' and DOMjudge's examples,
the format's own): one file we cannot judge is reported, never the whole package
refused, and nothing a package holds ever raises anything but a PackageError."""

from __future__ import annotations

from pathlib import Path

import pytest

from problempkg import EXPECTED_VERDICTS, PackageError, judge_terms, read_package
from problempkg.judge_terms import checker_from_flags
from problempkg.model import IGNORED
from tests.problempkg.helpers import MINIMAL, make_package, make_zip, package_error


def _submission(tmp_path: Path, files: dict[str, str | bytes | None], path: str):
    package = read_package(make_package(tmp_path, files))
    return next(s for s in package.submissions if s.path == path)


@pytest.mark.parametrize(
    ("rel", "content", "language"),
    [
        ("hello.kt", "fun main() {}", "Kotlin"),
        ("hello.php", "<?php echo 1;", "PHP"),
        ("hello.cs", "class A {}", "C#"),
        ("hello.py", "#!/usr/bin/env python2\nprint 'hi'\n", "Python 2"),
        ("hello.py", "#!/usr/bin/python2\nprint 'hi'\n", "Python 2"),
        ("hello.py2", "print 'hi'\n", "Python 2"),
    ],
)
def test_a_submission_in_a_language_we_lack_is_reported_alone(
    tmp_path: Path, rel: str, content: str, language: str
) -> None:
    files = {f"submissions/accepted/{rel}": content, "submissions/accepted/ok.py": "print(3)\n"}
    package = read_package(make_package(tmp_path, files))
    by_path = {s.path: s.program for s in package.submissions}
    assert by_path[f"submissions/accepted/{rel}"].unavailable == language
    assert by_path[f"submissions/accepted/{rel}"].language == ""
    assert by_path["submissions/accepted/ok.py"].unavailable == ""
    assert by_path["submissions/accepted/ok.py"].language == "py3"


def test_a_python3_shebang_is_python3(tmp_path: Path) -> None:
    program = _submission(
        tmp_path, {"submissions/accepted/a.py": "#!/usr/bin/env python3\n"}, "submissions/accepted/a.py"
    ).program
    assert (program.language, program.unavailable) == ("py3", "")


def test_a_folder_with_a_file_we_cannot_build_is_unavailable(tmp_path: Path) -> None:
    files = {"submissions/accepted/prolog/main.pl": "", "submissions/accepted/prolog/kattio.pl": ""}
    program = _submission(tmp_path, files, "submissions/accepted/prolog").program
    assert program.unavailable == "Prolog"
    assert set(program.files) == {"main.pl", "kattio.pl"}


def test_a_checktestdata_input_validator_is_unavailable_not_fatal(tmp_path: Path) -> None:
    files = {"input_validators/different.ctd": "INT(0,10)\n", "input_validators/validate.py": "exit(42)\n"}
    package = read_package(make_package(tmp_path, files))
    by_name = {v.name: v for v in package.input_validators}
    assert by_name["different.ctd"].unavailable == "Checktestdata"
    assert by_name["validate.py"].language == "py3"


def test_partially_accepted_and_submissions_yaml(tmp_path: Path) -> None:
    files = {
        "submissions/partially_accepted/sol.py": "print(0)\n",
        "submissions/accepted/ok.py": "print(3)\n",
        "submissions/submissions.yaml": "accepted:\n  permitted: [AC]\n",
    }
    package = read_package(make_package(tmp_path, files))
    assert {s.folder: s.expected_verdict for s in package.submissions} == {
        "accepted": "AC",
        "partially_accepted": "PAC",
    }


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        ("case_insensitive", "validator_flags: unknown flag 'case_insensitive'"),
        ("float_tolerance", "validator_flags: float_tolerance needs a number, not ''"),
        ("float_tolerance abc", "validator_flags: float_tolerance needs a number, not 'abc'"),
    ],
)
def test_validator_flags_the_reference_refuses_are_a_package_error(
    tmp_path: Path, flags: str, message: str
) -> None:
    yaml = MINIMAL["problem.yaml"] + f"validator_flags: {flags}\n"
    error = package_error(make_package(tmp_path, {"problem.yaml": yaml}))
    assert error.path == "problem.yaml" and message in error.message, str(error)


def test_every_flag_the_reference_knows_builds_a_checker() -> None:
    for flags in (
        "case_sensitive",
        "space_change_sensitive",
        "float_tolerance 1e-6",
        "float_absolute_tolerance 1e-6",
        "float_relative_tolerance 1e-6",
        "case_sensitive space_change_sensitive float_absolute_tolerance 1 float_relative_tolerance 0.5",
    ):
        spec = checker_from_flags(flags)
        assert spec.name in ("tokens", "floats"), spec


# Every defect and layout above, in one package each, as a folder and as a zip: read_package
# either returns a package or raises a PackageError naming a file, never anything else.
DEFECTS: dict[str, dict[str, str | bytes | None]] = {
    "kotlin submission": {"submissions/accepted/a.kt": "fun main() {}"},
    "php submission": {"submissions/accepted/a.php": "<?php"},
    "python2 shebang": {"submissions/accepted/a.py": "#!/usr/bin/env python2\nprint 1\n"},
    "ctd input validator": {"input_validators/v.ctd": "INT(1,2)"},
    "multi-file validator": {
        "output_validators/v/validate.cc": "int main(){return 42;}",
        "output_validators/v/validate.h": "",
    },
    "multi-file submission": {"submissions/accepted/s/main.py": "", "submissions/accepted/s/util.py": ""},
    "python folder with data": {"submissions/accepted/s/main.py": "", "submissions/accepted/s/data.txt": ""},
    "partially accepted": {"submissions/partially_accepted/a.py": ""},
    "submissions.yaml": {"submissions/submissions.yaml": "a.py:\n  score: 3\n"},
    "unknown folder": {"submissions/slow_accepted/a.py": ""},
    "unknown extension": {"submissions/accepted/a.xyz": ""},
    "R submission": {"submissions/accepted/a.R": ""},
    "rejected folder": {"submissions/rejected/a.py": "", "submissions/rejected/b.plg": ""},
    "folder of no language": {"submissions/accepted/s/main.R": "", "submissions/accepted/s/x.json": ""},
    "javascript with package.json": {
        "submissions/accepted/s/main.js": "",
        "submissions/accepted/s/package.json": "",
    },
    "output validator of no language": {"output_validators/v/run": "#!/bin/sh\n"},
    "kotlin output validator": {"output_validators/v.kt": ""},
    "unknown flag": {"problem.yaml": MINIMAL["problem.yaml"] + "validator_flags: nope\n"},
    "case_sensitive": {"problem.yaml": MINIMAL["problem.yaml"] + "validator_flags: case_sensitive\n"},
    "binary source": {"submissions/accepted/a.py": b"\xff\xfe\x00garbage"},
    "2023-07 output_validator": {
        "problem.yaml": "problem_format_version: 2023-07-draft\nname: X\n",
        "output_validator/guess_validator/validate.cc": "",
        "output_validator/guess_validator/validate.h": "",
    },
}


@pytest.mark.parametrize("defect", DEFECTS)
@pytest.mark.parametrize("as_zip", [False, True])
def test_no_package_input_raises_anything_but_a_package_error(
    tmp_path: Path, defect: str, as_zip: bool
) -> None:
    root = make_package(tmp_path, DEFECTS[defect])
    path = root
    if as_zip:
        path = make_zip(
            tmp_path / "pkg.zip",
            {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()},
        )
    try:
        read_package(path)
    except PackageError as error:
        assert error.path, str(error)  # it names a file


@pytest.mark.parametrize(
    ("yaml", "root_testdata", "sample_points"),
    [
        ("type: scoring\n", None, [1.0]),  # legacy default accept_score: 1 a test, samples too
        ("type: scoring\n", "grader_flags: ignore_sample\n", [0.0]),
        ("", None, [0.0]),  # pass-fail: no points
        ("problem_format_version: 2023-07-draft\ntype: scoring\n", None, [0.0]),
    ],
)
def test_sample_points_count_as_problemtools_counts_them(
    tmp_path: Path, yaml: str, root_testdata: str | None, sample_points: list[float]
) -> None:
    files: dict[str, str | bytes | None] = {
        "problem.yaml": "name: X\n" + yaml,
        "data/testdata.yaml": root_testdata,
        "data/secret/testdata.yaml": "accept_score: 120\ngrader_flags: min\n",
    }
    if "2023-07" in yaml:
        files |= {"statement/problem.md": "Add.\n", "problem_statement/problem.md": None}
    package = read_package(make_package(tmp_path, files))
    sample, secret = package.groups
    assert judge_terms.test_points(sample, package) == sample_points
    assert judge_terms.test_points(secret, package) == [120.0]  # accept_score given: as before


def test_a_2025_09_package_with_test_group_yaml(tmp_path: Path) -> None:
    files: dict[str, str | bytes | None] = {
        "problem.yaml": (
            "problem_format_version: 2025-09\nname: X\nuuid: 5ca3d4a2-7d3b-4b1c-9a1c-0d1f2e3a4b5c\n"
            "type: scoring\nsource:\n  - name: NWERC 2024\n    url: https://nwerc.example\n  - SWERC 2024\n"
            "credits:\n  authors: [Ada <ada@example.com>]\nlimits:\n  time_limit: 2\n"
        ),
        "problem_statement/problem.md": None,
        "statement/problem.en.md": "Add.\n",
        "data/secret/01.in": None,
        "data/secret/01.ans": None,
        "data/secret/g1/test_group.yaml": "max_score: 40\nscore_aggregation: pass-fail\n",
        "data/secret/g1/01.in": "1 1\n",
        "data/secret/g1/01.ans": "2\n",
        "data/secret/test_group.yaml": "max_score: 40\n",
    }
    package = read_package(make_package(tmp_path, files))
    assert package.source == "NWERC 2024, SWERC 2024"
    assert package.author == "Ada <ada@example.com>"
    [group] = [g for g in package.groups if g.name == "secret/g1"]
    assert (group.points, group.aggregation) == (40.0, "min")


def test_an_unknown_format_version_names_the_ones_we_read(tmp_path: Path) -> None:
    yaml = "problem_format_version: 2031-01\nname: X\n"
    error = package_error(make_package(tmp_path, {"problem.yaml": yaml}))
    assert "legacy, 2023-07 or 2025-09" in error.message and error.path == "problem.yaml"


def test_a_2023_07_validator_in_a_folder_of_its_own(tmp_path: Path) -> None:
    files: dict[str, str | bytes | None] = {
        "problem.yaml": "problem_format_version: 2023-07-draft\nname: X\n",
        "problem_statement/problem.md": None,
        "statement/problem.en.md": "Guess.\n",
        "output_validator/guess_validator/validate.cc": "int main() { return 42; }\n",
        "output_validator/guess_validator/validate.h": "\n",
    }
    validator = read_package(make_package(tmp_path, files)).output_validator
    assert validator is not None
    assert (validator.name, validator.language) == ("guess_validator", "cpp17")
    assert set(validator.files) == {"validate.cc", "validate.h"}  # plain names, as the judge takes them


def test_a_key_of_another_version_names_the_version_declared(tmp_path: Path) -> None:
    # The format repository's own 2025-09 examples carry legacy's source_url.
    yaml = "problem_format_version: 2025-09\nname: X\nsource_url: https://example.com\n"
    error = package_error(make_package(tmp_path, {"problem.yaml": yaml}))
    assert (error.path, error.line) == ("problem.yaml", 3)
    assert error.message == "'source_url' is not a key of problem_format_version 2025-09"


# Folders problemtools does not know (its own example "different", DOMjudge's, the 2023-07
# and 2025-09 defaults rejected/ and brute_force/, which problemtools does not know either):
# "Submission <path> does not match any known submissions directory; ignoring it" per file.
UNKNOWN_FOLDERS = [
    "slow_accepted",
    "different",
    "partial",
    "mixed-verdicts",
    "check_manually",
    "compiler_error",
    "multiple",
    "no_output",
    "output_limit",
]


@pytest.mark.parametrize("folder", UNKNOWN_FOLDERS)
def test_an_unknown_submissions_folder_is_ignored_file_by_file(tmp_path: Path, folder: str) -> None:
    files: dict[str, str | bytes | None] = {
        "submissions/accepted/ok.py": "print(3)\n",
        f"submissions/{folder}/a.py": "print(3)\n",
        f"submissions/{folder}/b.R": "cat(3)\n",  # no language of ours: not looked into either
        f"submissions/{folder}/mix/a.py": "",  # two languages: would refuse the package elsewhere
        f"submissions/{folder}/mix/b.cpp": "",
    }
    package = read_package(make_package(tmp_path, files))
    by_path = {s.path: s for s in package.submissions}
    assert list(by_path) == [
        "submissions/accepted/ok.py",
        f"submissions/{folder}/a.py",
        f"submissions/{folder}/b.R",
        f"submissions/{folder}/mix",
    ]
    assert by_path["submissions/accepted/ok.py"].expected_verdict == "AC"
    for path in list(by_path)[1:]:
        submission = by_path[path]
        assert submission.expected_verdict == IGNORED
        assert f"submissions/{folder}/ is not a submissions folder" in submission.program.unavailable
    assert set(by_path[f"submissions/{folder}/mix"].program.files) == {"a.py", "b.cpp"}
    assert folder not in EXPECTED_VERDICTS  # looking it up did not add it


@pytest.mark.parametrize("rel", ["a.R", "a.plg", "a.awk", "a.bash", "a.f95", "a.p", "a.xyz", "run"])
def test_a_file_in_no_language_we_know_is_not_available(tmp_path: Path, rel: str) -> None:
    files = {f"submissions/accepted/{rel}": "x\n", "input_validators/v.awk": "{}\n"}
    package = read_package(make_package(tmp_path, files))
    program = next(s.program for s in package.submissions if s.path == f"submissions/accepted/{rel}")
    assert (program.language, program.unavailable.split(" ")[0]) == ("", "unknown")
    [validator] = package.input_validators
    assert validator.unavailable == "unknown (.awk files)"


@pytest.mark.parametrize("rel", ["a.cpp", "a.cc", "a.cxx", "a.c++", "A.CPP"])
def test_every_cpp_ending_of_the_languages_table_is_cpp(tmp_path: Path, rel: str) -> None:
    program = _submission(
        tmp_path, {f"submissions/accepted/{rel}": ""}, f"submissions/accepted/{rel}"
    ).program
    assert (program.language, program.unavailable) == ("cpp17", "")


def test_a_capital_c_is_cpp_a_lower_case_c_is_c(tmp_path: Path) -> None:
    files = {"submissions/accepted/a.c": "", "submissions/accepted/b.C": ""}
    package = read_package(make_package(tmp_path, files))
    by_path = {s.path: s.program for s in package.submissions}
    assert by_path["submissions/accepted/a.c"].language == "c"
    assert (
        by_path["submissions/accepted/b.C"].language,
        by_path["submissions/accepted/b.C"].unavailable,
    ) == (
        "cpp17",
        "",
    )


@pytest.mark.parametrize(
    ("files", "language"),
    [
        ({"main.js": "", "util.js": "", "package.json": "{}"}, "js"),
        ({"main.py": "", "input.dat": "1 2\n", "words": "a b\n"}, "py3"),
        ({"main.c++": "", "testlib.h": "", "notes.txt": ""}, "cpp17"),
    ],
)
def test_a_folder_program_carries_its_files_of_no_language(
    tmp_path: Path, files: dict[str, str], language: str
) -> None:
    layout = {f"submissions/accepted/s/{rel}": content for rel, content in files.items()}
    program = _submission(tmp_path, dict(layout), "submissions/accepted/s").program
    assert (program.language, program.unavailable) == (language, "")
    assert set(program.files) == set(files)


def test_a_folder_of_no_source_we_know_is_not_available(tmp_path: Path) -> None:
    files = {
        "submissions/accepted/s/main.R": "",
        "submissions/accepted/s/data.txt": "",
        "input_validators/v/testlib.h": "",
    }
    package = read_package(make_package(tmp_path, files))
    [submission] = [s for s in package.submissions if s.path == "submissions/accepted/s"]
    assert submission.program.unavailable == "unknown (no source file of a language we know)"
    assert package.input_validators[0].unavailable == submission.program.unavailable


@pytest.mark.parametrize(
    ("rel", "path"),
    [
        ("output_validators/check.xyz", "output_validators/check.xyz"),
        ("output_validators/c/run", "output_validators/c"),
    ],
)
def test_an_output_validator_of_no_language_we_know_refuses_the_package(
    tmp_path: Path, rel: str, path: str
) -> None:
    error = package_error(make_package(tmp_path, {rel: "#!/bin/sh\n"}))
    assert error.path == path and error.message.startswith("language not available: unknown"), str(error)


def test_min_over_a_folder_that_earns_part_of_its_points_names_the_file(tmp_path: Path) -> None:
    # min(sum of two tests, one test) has no per-test points: refused, naming the testdata.yaml
    # (problemtools would score it; a judge that cannot must not score it otherwise).
    files: dict[str, str | bytes | None] = {
        "problem.yaml": "name: X\ntype: scoring\n",
        "data/secret/01.in": None,
        "data/secret/01.ans": None,
        "data/secret/testdata.yaml": "grader_flags: min\n",
        "data/secret/a/testdata.yaml": "grader_flags: sum\naccept_score: 10\n",
        "data/secret/b/testdata.yaml": "accept_score: 20\n",
        **{
            f"data/secret/{g}/{n}.{ext}": "1\n"
            for g, n in (("a", 1), ("a", 2), ("b", 1))
            for ext in ("in", "ans")
        },
    }
    package = read_package(make_package(tmp_path, files))
    with pytest.raises(PackageError) as caught:
        judge_terms.judge_groups(package)
    assert caught.value.path == "data/secret/testdata.yaml", str(caught.value)
    assert "min over data/secret/a" in str(caught.value)


def test_ignore_sample_leaves_the_samples_out_of_every_aggregation(tmp_path: Path) -> None:
    files: dict[str, str | bytes | None] = {
        "problem.yaml": "name: X\ntype: scoring\n",
        "data/testdata.yaml": "grader_flags: avg ignore_sample\n",
        "data/secret/testdata.yaml": "accept_score: 30\ngrader_flags: sum\n",
    }
    groups = judge_terms.judge_groups(read_package(make_package(tmp_path, files)))
    # data/ averages one item, secret/ (the sample is judged, worth nothing): 30, not 15.
    assert [(g.name, g.points) for g in groups] == [("sample", [0.0]), ("secret", [30.0])]
