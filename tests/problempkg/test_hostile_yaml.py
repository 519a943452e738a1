"""Package YAML built to hurt the reader: aliases that expand without end, nesting
past the composer's recursion, numbers Python cannot read, files too big to parse.
Each is a PackageError naming the file and line, raised before anything expands."""

from __future__ import annotations

from pathlib import Path

import pytest

from problempkg import PackageError
from problempkg.yamlfile import MAX_DEPTH, YamlFile
from tests.problempkg.helpers import make_package, package_error

TESTDATA = "data/secret/testdata.yaml"


def alias_bomb(levels: int, indent: str = "  ") -> str:
    """``levels`` lists of nine aliases of the list before: 9**levels leaves once expanded."""
    lines = [f"{indent}l0: &l0 [{', '.join(['lol'] * 9)}]"]
    lines += [f"{indent}l{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 9)}]" for n in range(1, levels)]
    return "\n".join(lines) + "\n"


def test_alias_bomb_in_problem_yaml_is_refused_at_its_first_anchor(tmp_path: Path) -> None:
    # Nine levels: 387 million leaves for anything that walks the data (the line walk
    # did); refused while composing, so nothing is expanded and this returns at once.
    config = "problem_format_version: 2023-07\nname: Bomb\nembargo_until:\n" + alias_bomb(9)
    error = package_error(make_package(tmp_path, {"problem.yaml": config}))
    assert (error.path, error.line) == ("problem.yaml", 4)
    assert "anchor &l0 (anchors are not allowed)" in error.message


def test_alias_bomb_in_testdata_yaml_is_refused(tmp_path: Path) -> None:
    settings = "grading: default\ninput_validator_args:\n" + alias_bomb(9)
    error = package_error(make_package(tmp_path, {TESTDATA: settings}))
    assert (error.path, error.line) == (TESTDATA, 3)


def test_an_alias_is_refused_where_it_is(tmp_path: Path) -> None:
    # Refused on sight, before YAML looks for its anchor.
    error = package_error(make_package(tmp_path, {"problem.yaml": "name: X\nsource: *nowhere\n"}))
    assert (error.path, error.line) == ("problem.yaml", 2)
    assert "alias *nowhere (aliases are not allowed)" in error.message


def test_nesting_past_the_limit_is_refused_not_a_recursion_error() -> None:
    deep = b"a: " + b"[" * 100_000 + b"]" * 100_000 + b"\n"
    with pytest.raises(PackageError) as caught:
        YamlFile.parse("problem.yaml", deep)
    assert caught.value.line == 1
    assert f"nested more than {MAX_DEPTH} levels deep" in caught.value.message
    nested_enough = b"a: " + b"[" * (MAX_DEPTH - 1) + b"]" * (MAX_DEPTH - 1) + b"\n"
    assert YamlFile.parse("problem.yaml", nested_enough).data["a"]


def test_an_integer_of_thousands_of_digits_is_refused() -> None:
    # Python refuses to read an int of more than 4300 digits (ValueError, not YAML's).
    with pytest.raises(PackageError) as caught:
        YamlFile.parse("problem.yaml", b"name: X\nlimits:\n  memory: 1" + b"0" * 5000 + b"\n")
    assert caught.value.line == 3
    assert "integer of more than 100 characters" in caught.value.message


def test_a_huge_yaml_file_is_refused_before_parsing() -> None:
    with pytest.raises(PackageError, match="more than the 1048576 a YAML file may have"):
        YamlFile.parse("problem.yaml", b"name: X\n" + b"# padding\n" * 200_000)
