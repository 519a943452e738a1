"""``panda problem verify`` on programs of several files: an output validator
and an input validator with a header beside them, and submissions that are
folders (C++ files, a Java class named after its file, Python with a data file)."""

from __future__ import annotations

from pathlib import Path

import pytest

from panda_cli.main import main
from tests.problempkg.helpers import make_package

HEADER = '#pragma once\n#include <cstdio>\ninline bool read2(long long &a, long long &b) { return scanf("%lld %lld", &a, &b) == 2; }\n'
# ICPC protocol: input judge_answer feedback_dir, team output on stdin; 42 accepts, 43 rejects.
VALIDATE = (
    '#include "validate.h"\n#include <cstdio>\n'
    "int main(int argc, char **argv) {\n"
    '    FILE *ans = fopen(argv[2], "r"); long long want, got;\n'
    '    if (fscanf(ans, "%lld", &want) != 1) return 1;\n'
    '    if (scanf("%lld", &got) != 1) return 43;\n'
    "    return got == want ? 42 : 43;\n}\n"
)
INPUT_VALIDATE = (
    '#include "validate.h"\nint main() { long long a, b; if (!read2(a, b)) return 43;'
    " return (a >= 0 && b >= 0) ? 42 : 43; }\n"
)
PACKAGE = {
    "problem.yaml": "name: A + B\nvalidation: custom\nlimits:\n  time_limit: 2\n  memory: 256\n",
    "output_validators/check/validate.cpp": VALIDATE,
    "output_validators/check/validate.h": HEADER,
    "input_validators/range/validate.cpp": INPUT_VALIDATE,
    "input_validators/range/validate.h": HEADER,
    "submissions/accepted/split/add.h": "long long add(long long a, long long b);\n",
    "submissions/accepted/split/add.cpp": '#include "add.h"\nlong long add(long long a, long long b) { return a + b; }\n',
    "submissions/accepted/split/main.cpp": '#include <cstdio>\n#include "add.h"\n'
    'int main() { long long a, b; scanf("%lld %lld", &a, &b); printf("%lld\\n", add(a, b)); }\n',
    "submissions/accepted/Adder.java": "import java.util.*;\npublic class Adder {\n"
    "    public static void main(String[] args) { Scanner in = new Scanner(System.in);\n"
    "        System.out.println(in.nextLong() + in.nextLong()); }\n}\n",
    "submissions/wrong_answer/withdata/sol.py": "import sys\nk = int(open('k.txt').read())\n"
    "a, b = map(int, sys.stdin.read().split())\nprint(a + b + k)\n",
    "submissions/wrong_answer/withdata/k.txt": "1\n",
}


def test_programs_of_several_files_are_judged(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["problem", "verify", str(make_package(tmp_path, PACKAGE))])
    out = capsys.readouterr().out
    assert status == 0, out
    assert "all checks passed" in out
    for name in ("split", "Adder.java", "withdata"):
        assert any(line.startswith("ok ") and name in line for line in out.splitlines()), out


def test_a_rejecting_multi_file_validator_is_used(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # The validator really decides: one that rejects everything fails the accepted ones.
    package = {
        **PACKAGE,
        "output_validators/check/validate.cpp": '#include "validate.h"\nint main() { return 43; }\n',
    }
    status = main(["problem", "verify", str(make_package(tmp_path, package))])
    out = capsys.readouterr().out
    assert status != 0, out
    assert any(line.startswith("FAIL") and "split" in line for line in out.splitlines()), out
