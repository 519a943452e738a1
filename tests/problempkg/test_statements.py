"""LaTeX statements through a real pandoc: a broken one is refused with pandoc's
own words (what it expected, where), naming the file and line, never its caret."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from problempkg import read_package
from tests.problempkg.helpers import make_package, package_error

pytestmark = pytest.mark.skipif(shutil.which("pandoc") is None, reason="pandoc is not installed")

STATEMENT = "problem_statement/problem.en.tex"


@pytest.mark.parametrize(
    ("tex", "line", "said"),
    [
        ("\\problemname{X}\nAdd.\n\n\\section{Input\n", 5, "unexpected ()"),  # at the end of input
        (
            "\\problemname{X}\n\\begin{itemize}\n\\item a\n\\end{enumerate}\n",
            5,
            "unexpected end of input; expecting \\end{itemize}",
        ),
    ],
)
def test_a_latex_statement_pandoc_cannot_read_says_why_and_where(
    tmp_path: Path, tex: str, line: int, said: str
) -> None:
    error = package_error(make_package(tmp_path, {"problem_statement/problem.md": None, STATEMENT: tex}))
    assert (error.path, error.line) == (STATEMENT, line), str(error)
    assert error.message.startswith(f"pandoc could not convert it: {said} (column "), str(error)
    assert "^" not in error.message


def test_a_latex_statement_pandoc_reads(tmp_path: Path) -> None:
    tex = "\\problemname{Add}\nAdd \\emph{two} numbers.\n"
    package = read_package(make_package(tmp_path, {"problem_statement/problem.md": None, STATEMENT: tex}))
    assert package.statements["en"].startswith("# Add\n\nAdd *two* numbers.")
