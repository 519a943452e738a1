"""The verdict suite as data (DMOJ's testsuite): every verdict in every language
on A+B, graded by the batch grader in a real sandbox, once per backend."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from judge.graders import BatchGrader
from judge.sandbox.base import SandboxBackend
from judge.testdata import LocalTestdata
from queues.payloads import JudgeResult, SubmissionJob
from queues.verdicts import Verdict
from tests.judge.helpers import aplusb_cases, write_testdata

# Generous, so a slow JVM start on a loaded machine is not a TLE; the TLE
# programs run under a short limit instead, to keep the suite quick.
TIME_LIMIT_MS = 2000
TLE_TIME_LIMIT_MS = 500
MEMORY_LIMIT_KB = 256 * 1024


@dataclass(frozen=True)
class Program:
    language: str
    expected: Verdict
    source: str
    # What the judge must record for an RE: the exit code or the signal.
    exit_code: int | None = None
    signal: int | None = None
    # CE: words of the compiler's own message shown to the author.
    message: str = ""

    @property
    def id(self) -> str:
        return f"{self.language}-{self.expected.value}"


PY_READ = "import sys\na, b = map(int, sys.stdin.read().split())\n"
CPP = "#include <cstdio>\n#include <cstdlib>\n#include <vector>\nint main() {{\n{}}}\n"
C = "#include <stdio.h>\n#include <stdlib.h>\n#include <string.h>\nint main(void) {{\n{}}}\n"
CPP_READ = '    long long a, b;\n    if (scanf("%lld %lld", &a, &b) != 2) return 1;\n'
JAVA = "import java.io.*;\nimport java.util.*;\npublic class Main {{\n    public static void main(String[] args) throws IOException {{\n{}    }}\n}}\n"
JAVA_READ = (
    "        Scanner in = new Scanner(System.in);\n        long a = in.nextLong(), b = in.nextLong();\n"
)
GO = 'package main\n\nimport (\n\t"bufio"\n\t"fmt"\n\t"os"\n)\n\nvar _ = fmt.Sprint\nvar _ = bufio.NewReader\nvar _ = os.Exit\n\nfunc main() {{\n{}}}\n'
GO_READ = "\tvar a, b int64\n\tfmt.Fscan(bufio.NewReader(os.Stdin), &a, &b)\n"
RUST = "use std::io::{{Read, Write}};\n\nfn main() {{\n{}}}\n"
RUST_READ = (
    "    let mut s = String::new();\n    std::io::stdin().read_to_string(&mut s).unwrap();\n"
    "    let v: Vec<i64> = s.split_whitespace().map(|x| x.parse().unwrap()).collect();\n"
    "    let (a, b) = (v[0], v[1]);\n"
)
JS_READ = "const [a, b] = require('fs').readFileSync(0, 'utf8').trim().split(/\\s+/).map(BigInt);\n"

# The OLE programs stop when a write fails: JVMs and Go ignore SIGXFSZ, so
# past the limit a write fails with EFBIG instead of killing the program.
SUITE = [
    Program("py3", Verdict.AC, PY_READ + "print(a + b)\n"),
    Program("py3", Verdict.WA, PY_READ + "print(a - b)\n"),
    Program("py3", Verdict.TLE, "while True:\n    pass\n"),
    Program("py3", Verdict.MLE, "hog = b'x' * (1 << 30)\nprint(len(hog))\n"),
    Program("py3", Verdict.RE, PY_READ + "raise ValueError(a)\n", exit_code=1),
    Program("py3", Verdict.CE, "def broken(:\n    pass\n", message="SyntaxError"),
    Program("py3", Verdict.OLE, "import sys\nwhile True:\n    sys.stdout.write('x' * 65536)\n"),
    Program("c", Verdict.AC, C.format(CPP_READ + '    printf("%lld\\n", a + b);\n')),
    Program("c", Verdict.WA, C.format(CPP_READ + '    printf("%lld\\n", a - b);\n')),
    Program("c", Verdict.TLE, C.format("    volatile long x = 0;\n    for (;;) x++;\n")),
    Program(
        "c",
        Verdict.MLE,
        C.format(
            "    for (;;) {\n        char *hog = malloc(1 << 20);\n        memset(hog, 1, 1 << 20);\n    }\n"
        ),
    ),
    Program("c", Verdict.RE, C.format("    abort();\n"), signal=6),
    Program("c", Verdict.CE, C.format("    return 0\n"), message="error: expected"),
    Program(
        "c",
        Verdict.OLE,
        C.format(
            "    static char buf[65536];\n    memset(buf, 'x', sizeof buf);\n    while (fwrite(buf, 1, sizeof buf, stdout) == sizeof buf) {}\n"
        ),
    ),
    Program("cpp17", Verdict.AC, CPP.format(CPP_READ + '    printf("%lld\\n", a + b);\n')),
    Program("cpp17", Verdict.WA, CPP.format(CPP_READ + '    printf("%lld\\n", a - b);\n')),
    Program("cpp17", Verdict.TLE, CPP.format("    volatile long x = 0;\n    for (;;) x++;\n")),
    Program(
        "cpp17",
        Verdict.MLE,
        CPP.format('    std::vector<char> hog(1 << 30, 1);\n    printf("%d\\n", hog[4096]);\n'),
    ),
    Program("cpp17", Verdict.RE, CPP.format("    abort();\n"), signal=6),
    Program("cpp17", Verdict.CE, CPP.format("    return 0\n"), message="error: expected"),
    Program(
        "cpp17",
        Verdict.OLE,
        CPP.format("    static char buf[65536];\n    for (;;) fwrite(buf, 1, sizeof buf, stdout);\n"),
    ),
    Program("java", Verdict.AC, JAVA.format(JAVA_READ + "        System.out.println(a + b);\n")),
    Program("java", Verdict.WA, JAVA.format(JAVA_READ + "        System.out.println(a - b);\n")),
    Program("java", Verdict.TLE, JAVA.format("        long x = 0;\n        while (true) x++;\n")),
    # The live set grows past the heap (= the problem's limit): the JVM exits 3.
    Program(
        "java",
        Verdict.MLE,
        JAVA.format(
            "        List<byte[]> hog = new ArrayList<>();\n"
            "        while (true) {\n"
            "            byte[] mib = new byte[1 << 20];\n"
            "            Arrays.fill(mib, (byte) 1);\n"
            "            hog.add(mib);\n"
            "        }\n"
        ),
    ),
    Program(
        "java",
        Verdict.RE,
        JAVA.format(JAVA_READ + "        throw new IllegalStateException();\n"),
        exit_code=1,
    ),
    Program("java", Verdict.CE, JAVA.format("        int x = 1\n"), message="error: ';' expected"),
    Program(
        "java",
        Verdict.OLE,
        JAVA.format(
            "        OutputStream out = new FileOutputStream(FileDescriptor.out);\n"
            "        byte[] buf = new byte[65536];\n"
            "        while (true) out.write(buf);\n"
        ),
    ),
    Program("go", Verdict.AC, GO.format(GO_READ + "\tfmt.Println(a + b)\n")),
    Program("go", Verdict.WA, GO.format(GO_READ + "\tfmt.Println(a - b)\n")),
    Program("go", Verdict.TLE, GO.format("\tx := 0\n\tfor {\n\t\tx++\n\t}\n")),
    Program(
        "go",
        Verdict.MLE,
        GO.format(
            "\thog := make([]byte, 1<<30)\n\tfor i := range hog {\n\t\thog[i] = 1\n\t}\n\tfmt.Println(hog[4096])\n"
        ),
    ),
    # A panic exits 2 (after printing the goroutine's stack).
    Program("go", Verdict.RE, GO.format(GO_READ + '\tpanic(fmt.Sprint("no: ", a))\n'), exit_code=2),
    Program("go", Verdict.CE, GO.format("\tx := 1\n"), message="declared but not used"),
    Program(
        "go",
        Verdict.OLE,
        GO.format(
            "\tbuf := make([]byte, 65536)\n\tfor {\n\t\tif _, err := os.Stdout.Write(buf); err != nil {\n\t\t\tpanic(err)\n\t\t}\n\t}\n"
        ),
    ),
    Program("rust", Verdict.AC, RUST.format(RUST_READ + '    println!("{}", a + b);\n')),
    Program("rust", Verdict.WA, RUST.format(RUST_READ + '    println!("{}", a - b);\n')),
    Program("rust", Verdict.TLE, RUST.format("    loop {}\n")),
    Program(
        "rust",
        Verdict.MLE,
        RUST.format('    let hog = vec![1u8; 1 << 30];\n    println!("{}", hog[4096]);\n'),
    ),
    # A panic exits 101.
    Program("rust", Verdict.RE, RUST.format(RUST_READ + '    panic!("no: {}", a);\n'), exit_code=101),
    Program("rust", Verdict.CE, RUST.format('    let x: i32 = "one";\n'), message="mismatched types"),
    Program(
        "rust",
        Verdict.OLE,
        RUST.format(
            "    let out = std::io::stdout();\n    let mut out = out.lock();\n"
            "    let buf = [b'x'; 65536];\n    loop {\n        out.write_all(&buf).unwrap();\n    }\n"
        ),
    ),
    Program("js", Verdict.AC, JS_READ + "console.log((a + b).toString());\n"),
    Program("js", Verdict.WA, JS_READ + "console.log((a - b).toString());\n"),
    Program("js", Verdict.TLE, "for (;;) {}\n"),
    # Off V8's heap: the box's limit ends it.
    Program("js", Verdict.MLE, "const hog = Buffer.alloc(1 << 30, 1);\nconsole.log(hog[4096]);\n"),
    Program("js", Verdict.RE, JS_READ + "throw new Error('no: ' + a);\n", exit_code=1),
    Program("js", Verdict.CE, "function broken( {\n}\n", message="SyntaxError"),
    Program(
        "js",
        Verdict.OLE,
        "const fs = require('fs');\nconst buf = Buffer.alloc(65536, 120);\nfor (;;) fs.writeSync(1, buf);\n",
    ),
]


@pytest.fixture
def aplusb(tmp_path: Path) -> LocalTestdata:
    return write_testdata(tmp_path / "aplusb", 1, aplusb_cases())


def grade(backend: SandboxBackend, testdata: LocalTestdata, program: Program) -> JudgeResult:
    job = SubmissionJob(
        submission_id=7,
        problem_id=1,
        language=program.language,
        source=program.source,
        time_limit_ms=TLE_TIME_LIMIT_MS if program.expected is Verdict.TLE else TIME_LIMIT_MS,
        memory_limit_kb=MEMORY_LIMIT_KB,
        testdata_checksum="unused",
        api_url="http://unused",
        user_id=1,
    )
    return BatchGrader(backend, judge_node="verdict-suite").grade(job, testdata)


def test_the_suite_covers_every_verdict_in_every_language() -> None:
    from queues import LANGUAGES

    verdicts = {Verdict.AC, Verdict.WA, Verdict.TLE, Verdict.MLE, Verdict.RE, Verdict.CE, Verdict.OLE}
    assert {(p.language, p.expected) for p in SUITE} == {(lang, v) for lang in LANGUAGES for v in verdicts}
    assert len(SUITE) == len(LANGUAGES) * len(verdicts)


@pytest.mark.parametrize("program", SUITE, ids=[p.id for p in SUITE])
def test_verdict(any_backend: SandboxBackend, aplusb: LocalTestdata, program: Program) -> None:
    result = grade(any_backend, aplusb, program)

    assert result.verdict is program.expected, result
    if program.expected is Verdict.CE:
        assert result.tests == []
        assert program.message and program.message in result.compile_message, result.compile_message
        return
    # ICPC: all five tests when accepted, else stop at the first (failing) test.
    expected_tests = [Verdict.AC] * 5 if program.expected is Verdict.AC else [program.expected]
    assert [t.verdict for t in result.tests] == expected_tests, result
    failed = result.tests[-1]
    if program.expected is Verdict.RE:
        assert (failed.exit_code, failed.signal) == (program.exit_code, program.signal)
    else:
        assert (failed.exit_code, failed.signal) == (None, None)
    if program.expected is Verdict.TLE:
        # On a loaded machine the wall limit (3x) may end the run first.
        assert failed.time_ms >= TLE_TIME_LIMIT_MS or failed.message.startswith("wall time"), failed
    if program.expected is Verdict.MLE:
        assert failed.memory_kb >= MEMORY_LIMIT_KB * 0.9
    if program.expected is Verdict.WA:
        assert failed.message == "token 1 differs"
    if program.expected is Verdict.AC:
        assert result.score == 1.0
        assert 0 < result.memory_kb < MEMORY_LIMIT_KB
