"""2025-09 included files and constants, judged for real by ``panda problem verify``:
include/<language>/ (else include/default/) is added to every submission before it
compiles, and problem.yaml's constants replace {{name}} in submissions, included files,
validators, Markdown statements and test_group.yaml (not in test data)."""

from __future__ import annotations

from pathlib import Path

import pytest

from panda_cli.main import main
from problempkg import read_package
from tests.problempkg.helpers import make_package

PROBLEM_YAML = """problem_format_version: 2025-09
name: Add the magic
uuid: 9d7a5c3e-1111-4c2e-9a51-3d2f7f0c1a10
credits: Coding-Panda team
license: cc0
languages: [python3, cpp]
limits:
  time_limit: 2
constants:
  magic: 7
  bound:
    value: 1000
    tex: 10^3
"""
FILES: dict[str, str | bytes | None] = {
    "problem.yaml": PROBLEM_YAML,
    "problem_statement/problem.md": None,
    "statement/problem.en.md": "Add {{magic}} to $n \\le {{bound.tex}}$; {{unknown}} stays.\n",
    "data/sample/1.in": None,
    "data/sample/1.ans": None,
    "data/secret/01.in": "5\n",
    "data/secret/01.ans": "12\n",
    "data/secret/02.in": "{{magic}}\n",  # test data keeps its braces
    "data/secret/02.ans": "{{magic}}\n",
    # Python gets its own folder, every other language the default one.
    "include/python3/magic.py": "MAGIC = {{magic}}\n",
    "include/default/magic.txt": "7\n",
    "submissions/accepted/uses_include.py": (
        "import magic\nline = input()\nprint(int(line) + magic.MAGIC if line.isdigit() else line)\n"
    ),
    "submissions/accepted/uses_constant.py": (
        "line = input()\nprint(int(line) + {{magic}} if line.isdigit() else line)\n"
    ),
    "submissions/accepted/reads_default.cpp": (
        "#include <fstream>\n#include <iostream>\n#include <string>\n"
        'int main() { std::ifstream f("magic.txt"); int m; f >> m; std::string s; std::cin >> s;\n'
        '  if (s[0] == \'{\') std::cout << s << "\\n"; else std::cout << std::stoi(s) + m << "\\n"; }\n'
    ),
    # The included magic.py replaces the submission's own (the format: included files win).
    "submissions/accepted/overridden/magic.py": "MAGIC = 0\n",
    "submissions/accepted/overridden/main.py": (
        "import magic\nline = input()\nprint(int(line) + magic.MAGIC if line.isdigit() else line)\n"
    ),
}


def test_included_files_and_constants_reach_every_submission(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["problem", "verify", str(make_package(tmp_path, FILES, slug="magic"))])
    out = capsys.readouterr().out
    assert status == 0, out
    for name in ("uses_include.py", "uses_constant.py", "reads_default.cpp", "overridden"):
        row = next(line for line in out.splitlines() if f"submissions/accepted/{name}" in line)
        assert row.startswith("ok ") and " AC " in row, out


def test_constants_are_replaced_where_the_format_says(tmp_path: Path) -> None:
    package = read_package(make_package(tmp_path, FILES, slug="magic"))
    assert package.statements["en"] == "Add 7 to $n \\le 10^3$; {{unknown}} stays.\n"
    assert package.includes["python3"] == {"magic.py": b"MAGIC = 7\n"}
    (secret,) = (g for g in package.groups if g.name == "secret")
    assert secret.tests[1].input == b"{{magic}}\n"
