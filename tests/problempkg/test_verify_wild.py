"""``panda problem verify`` on a package holding what problemtools skips: files in
submissions folders it does not know, files in languages no one knows. Each is a
line of the table, not judged; the rest is judged as ever."""

from __future__ import annotations

from pathlib import Path

import pytest

from panda_cli.main import main
from panda_cli.verify import Check, not_available
from problempkg import Program
from problempkg.model import IGNORED
from tests.problempkg.helpers import make_package

ADD = "a, b = map(int, input().split())\nprint(a + b)\n"


def test_ignored_and_unknown_files_are_reported_and_the_rest_judged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files: dict[str, str | bytes | None] = {
        "submissions/accepted/ok.py": ADD,
        "submissions/accepted/ok.c++": (
            '#include <cstdio>\nint main() { int a, b; std::scanf("%d %d", &a, &b); std::printf("%d\\n", a + b); }\n'
        ),
        "submissions/accepted/ok.R": "cat(sum(scan('stdin')))\n",
        "submissions/accepted/js/main.js": "console.log(require('fs').readFileSync(0, 'utf8').split(' ').map(Number).reduce((a, b) => a + b))\n",
        "submissions/accepted/js/package.json": "{}\n",
        "submissions/wrong_answer/zero.py": "print(0)\n",
        "submissions/slow_accepted/slow.py": ADD,
        "submissions/rejected/zero.py": "print(0)\n",
    }
    status = main(["problem", "verify", str(make_package(tmp_path, files))])
    out = capsys.readouterr().out
    rows = {line.split()[1]: line.split(maxsplit=4) for line in out.splitlines() if " submissions/" in line}
    assert status == 0 and out.rstrip().endswith("all checks passed"), out
    for path in ("accepted/ok.py", "accepted/ok.c++", "accepted/js"):
        assert rows[f"submissions/{path}"][:4] == ["ok", f"submissions/{path}", "AC", "AC"], out
    assert rows["submissions/wrong_answer/zero.py"][2:4] == ["WA", "WA"], out
    assert rows["submissions/accepted/ok.R"][3:] == ["N/A", "language not available: unknown (.R files)"], out
    assert rows["submissions/rejected/zero.py"][:4] == [
        "ok",
        "submissions/rejected/zero.py",
        "WA|TLE|RE",
        "WA",
    ], out
    for path in ("slow_accepted/slow.py",):
        mark, _, expected, got, detail = rows[f"submissions/{path}"]
        assert (mark, expected, got) == ("ok", IGNORED, IGNORED), out
        folder = path.split("/")[0]
        assert detail.startswith(f"not judged: submissions/{folder}/ is not a submissions folder"), out


def test_the_server_path_reports_an_ignored_file_as_verify_locally_does() -> None:
    # panda_cli.main's --server loop sends nothing for an unavailable program, via not_available.
    program = Program(
        "a.py", "", {"a.py": b""}, "submissions/x/ is not a submissions folder problemtools knows"
    )
    check = not_available("submissions/x/a.py", IGNORED, program)
    assert check == Check("submissions/x/a.py", IGNORED, IGNORED, f"not judged: {program.unavailable}")
    assert check.ok
