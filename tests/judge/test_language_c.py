"""C17 (gcc): A+B judged in the real sandbox."""

from __future__ import annotations

import pytest

from judge.sandbox.base import SandboxBackend
from judge.testdata import LocalTestdata
from queues.verdicts import Verdict
from tests.judge.test_multifile import backend, grade, testdata

__all__ = ["backend", "testdata"]  # the fixtures, shared

C_AB = '#include <stdio.h>\n#include <math.h>\nint main(void) {{ long long a, b;\n    if (scanf("%lld %lld", &a, &b) != 2) return 1;\n    printf("%lld\\n", {});\n    return 0;\n}}\n'


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("a + b", Verdict.AC),
        ("a - b", Verdict.WA),
        ("(long long)llround(sqrt((double)(a + b) * (a + b)))", Verdict.AC),
    ],
)
def test_c_a_plus_b(
    backend: SandboxBackend, testdata: LocalTestdata, expression: str, expected: Verdict
) -> None:
    # The last one needs libm (-lm).
    result = grade(backend, testdata, "c", source=C_AB.format(expression))
    assert result.verdict is expected, result.compile_message


def test_c_compile_error_shows_gcc_message(backend: SandboxBackend, testdata: LocalTestdata) -> None:
    result = grade(backend, testdata, "c", source="int main(void) { return undeclared; }\n")
    assert result.verdict is Verdict.CE
    assert "undeclared" in result.compile_message and "error" in result.compile_message


def test_c_is_c_not_cpp(backend: SandboxBackend, testdata: LocalTestdata) -> None:
    # Valid C, not C++: "new" is a name, void* converts implicitly.
    source = C_AB.replace("long long a, b;", "long long a, b; int new = 0; int *p = (void *)&new; (void)p;")
    result = grade(backend, testdata, "c", source=source.format("a + b"))
    assert result.verdict is Verdict.AC, result.compile_message


def test_c_sources_compile_together(backend: SandboxBackend, testdata: LocalTestdata) -> None:
    files = {
        "add.h": "long long add(long long a, long long b);\n",
        "add.c": '#include "add.h"\nlong long add(long long a, long long b) { return a + b; }\n',
        "main.c": '#include <stdio.h>\n#include "add.h"\nint main(void) { long long a, b;'
        ' if (scanf("%lld %lld", &a, &b) != 2) return 1; printf("%lld\\n", add(a, b)); return 0; }\n',
    }
    result = grade(backend, testdata, "c", files=files)
    assert result.verdict is Verdict.AC, result.compile_message


def test_a_capital_c_file_is_cpp_and_a_lower_case_one_c(
    backend: SandboxBackend, testdata: LocalTestdata
) -> None:
    # The format's languages table: .C is C++ (g++ agrees), .c is C; folders keep the names.
    cpp_only = "#include <iostream>\nint main() { long long a, b; std::cin >> a >> b; std::cout << a + b << '\\n'; }\n"
    assert grade(backend, testdata, "cpp17", files={"sol.C": cpp_only}).verdict is Verdict.AC
    built_as_c = grade(backend, testdata, "c", files={"sol.C": cpp_only})
    assert built_as_c.verdict is Verdict.CE and "source file (.c) among" in built_as_c.compile_message
