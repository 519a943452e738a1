"""Programs of several files, and the languages' rules for which file (class)
runs: judged by the batch grader in the real sandbox, as problemtools would."""

from __future__ import annotations

import pytest

from judge.graders import BatchGrader
from judge.sandbox.base import SandboxBackend
from judge.testdata import LocalTestdata
from queues.payloads import JudgeResult, SubmissionJob
from queues.verdicts import Verdict
from tests.judge.helpers import aplusb_cases, sandbox_backend, write_testdata

TIME_LIMIT_MS = 2000
MEMORY_LIMIT_KB = 256 * 1024


@pytest.fixture(scope="module")
def backend() -> SandboxBackend:
    return sandbox_backend()


@pytest.fixture(scope="module")
def testdata(tmp_path_factory: pytest.TempPathFactory) -> LocalTestdata:
    return write_testdata(tmp_path_factory.mktemp("aplusb"), 1, aplusb_cases())


def grade(
    backend: SandboxBackend,
    testdata: LocalTestdata,
    language: str,
    source: str = "",
    files: dict[str, str] | None = None,
    memory_limit_kb: int = MEMORY_LIMIT_KB,
) -> JudgeResult:
    job = SubmissionJob(
        submission_id=1,
        problem_id=1,
        language=language,
        source=source,
        files=[{"name": name, "content": content} for name, content in (files or {}).items()],
        time_limit_ms=TIME_LIMIT_MS,
        memory_limit_kb=memory_limit_kb,
        testdata_checksum=testdata.manifest.checksum,
        api_url="",
        user_id=1,
    )
    return BatchGrader(backend, parallel=1).grade(job, testdata)


JAVA_AB = (
    "        java.util.Scanner in = new java.util.Scanner(System.in);\n"
    "        System.out.println(in.nextLong() + in.nextLong());\n"
)


def java_class(header: str, name: str, body: str = JAVA_AB) -> str:
    return f"{header}class {name} {{\n    public static void main(String[] args) {{\n{body}    }}\n}}\n"


def test_cpp_sources_compile_together_with_their_header(
    backend: SandboxBackend, testdata: LocalTestdata
) -> None:
    files = {
        "add.h": "long long add(long long a, long long b);\n",
        "add.cpp": '#include "add.h"\nlong long add(long long a, long long b) { return a + b; }\n',
        "solution.cpp": '#include <cstdio>\n#include "add.h"\nint main() { long long a, b;'
        ' scanf("%lld %lld", &a, &b); printf("%lld\\n", add(a, b)); }\n',
    }
    result = grade(backend, testdata, "cpp17", files=files)
    assert result.verdict is Verdict.AC, result.compile_message


def test_python_main_module_imports_its_neighbour_and_reads_a_data_file(
    backend: SandboxBackend, testdata: LocalTestdata
) -> None:
    files = {
        "arith.py": "OFFSET = int(open('offset.txt').read())\ndef add(a, b):\n    return a + b + OFFSET\n",
        "offset.txt": "0\n",
        # Not named main.*, not first: picked for its __main__ guard.
        "solve.py": "import sys\nfrom arith import add\n\nif __name__ == '__main__':\n"
        "    a, b = map(int, sys.stdin.read().split())\n    print(add(a, b))\n",
    }
    result = grade(backend, testdata, "py3", files=files)
    assert result.verdict is Verdict.AC, result.compile_message
    files["offset.txt"] = "1\n"  # the data file is really what the program reads
    assert grade(backend, testdata, "py3", files=files).verdict is Verdict.WA


def test_a_program_without_a_source_of_its_language_is_a_ce(
    backend: SandboxBackend, testdata: LocalTestdata
) -> None:
    result = grade(backend, testdata, "cpp17", files={"notes.txt": "hello"})
    assert result.verdict is Verdict.CE
    assert "no C++17 (g++) source file" in result.compile_message


def test_java_web_source_is_named_after_its_public_class(
    backend: SandboxBackend, testdata: LocalTestdata
) -> None:
    result = grade(backend, testdata, "java", source=java_class("public ", "Foo"))
    assert result.verdict is Verdict.AC, result.compile_message


def test_java_without_public_class_runs_the_class_with_main(
    backend: SandboxBackend, testdata: LocalTestdata
) -> None:
    source = "class Helper { static int one() { return 1; } }\n" + java_class("", "Solver")
    result = grade(backend, testdata, "java", source=source)
    assert result.verdict is Verdict.AC, result.compile_message


def test_java_package_file_runs_by_its_qualified_name(
    backend: SandboxBackend, testdata: LocalTestdata
) -> None:
    files = {"Foo.java": java_class("package contest.sol;\n\npublic ", "Foo")}
    result = grade(backend, testdata, "java", files=files)
    assert result.verdict is Verdict.AC, result.compile_message


def test_java_that_cannot_start_within_the_memory_limit_is_mle(
    backend: SandboxBackend, testdata: LocalTestdata
) -> None:
    # -Xmx1m: "Too small maximum heap", exit 1.
    result = grade(backend, testdata, "java", source=java_class("public ", "Main"), memory_limit_kb=1024)
    assert result.verdict is Verdict.MLE
    assert (
        grade(
            backend, testdata, "java", source=java_class("public ", "Main", "        System.exit(1);\n")
        ).verdict
        is Verdict.RE
    )


def test_go_package_that_is_not_main_is_a_ce_with_the_reason(
    backend: SandboxBackend, testdata: LocalTestdata
) -> None:
    source = '// a library\npackage solution\n\nimport "fmt"\n\nfunc main() { fmt.Println(3) }\n'
    result = grade(backend, testdata, "go", source=source)
    assert result.verdict is Verdict.CE
    assert "package solution is not a program" in result.compile_message


def test_python2_shebang_is_language_not_available(backend: SandboxBackend, testdata: LocalTestdata) -> None:
    result = grade(backend, testdata, "py3", source="#!/usr/bin/env python2\nprint 3\n")
    assert result.verdict is Verdict.CE
    assert "language not available: Python 2" in result.compile_message
    # A python3 shebang is Python 3.
    source = "#!/usr/bin/env python3\nimport sys\nprint(sum(map(int, sys.stdin.read().split())))\n"
    assert grade(backend, testdata, "py3", source=source).verdict is Verdict.AC


def test_included_files_join_the_program_and_a_driver_among_them_is_the_main_file() -> None:
    # The format's include/: added over the program's own files; the submission's main file
    # stays the main one (a Java class named after its file keeps its name) unless an
    # included file is named as a main file (a driver calling the contestant's code).
    from judge.languages import get_language

    py3, java = get_language("py3"), get_language("java")
    helper = {"helper.py": b"X = 1\n"}
    layout = py3.layout_of(b"import helper\n", helper)
    assert (layout.main, sorted(layout.files)) == ("main.py", ["helper.py", "main.py"])
    own = {"solve.py": b"def solve(): ...\n", "helper.py": b"X = 0\n"}
    assert py3.layout_of(own, helper).files["helper.py"] == b"X = 1\n"  # included files win
    assert py3.layout_of({"zz.py": b"print(1)\n"}, helper).main == "zz.py"
    driver = py3.layout_of({"solve.py": b"def solve(): ...\n"}, {"main.py": b"import solve\n"})
    assert driver.main == "main.py"
    jlayout = java.layout_of(
        {"Foo.java": b"public class Foo { public static void main(String[] a) {} }\n"},
        {"Util.java": b"class Util {}\n"},
    )
    assert (jlayout.main, jlayout.main_class) == ("Foo.java", "Foo")
