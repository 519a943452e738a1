"""Interactive problems on the real local sandbox: a guessing game.

The interactor reads "N X" from the input, tells the submission N, answers
"? g" with "<", ">" or "=" and takes "! g" as the final answer; more than
QUERIES questions, silence or a wrong final answer is rejected.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from judge.graders import InteractiveGrader, get_grader
from judge.programs import ProgramError
from judge.sandbox.base import SandboxBackend
from judge.testdata import LocalTestdata
from queues.judge_api import INTERACTIVE
from queues.payloads import JudgeResult
from queues.verdicts import Verdict
from tests.judge.helpers import Case
from tests.judge.program_helpers import job_for, write_problem

GAMES = [(1000, 1), (1000, 1000), (1000, 537)]

INTERACTOR_PY = """import sys
n, secret = map(int, open(sys.argv[1]).read().split())
feedback = sys.argv[3]

def verdict(code, message=""):
    if message:
        with open(feedback + "/teammessage.txt", "w") as f:
            f.write(message)
    sys.exit(code)

try:
    print(n, flush=True)
    for _ in range(12):
        line = sys.stdin.readline().split()
        if len(line) != 2:
            verdict(43, "expected '? g' or '! g'")
        kind, guess = line[0], int(line[1])
        if kind == "!":
            verdict(42) if guess == secret else verdict(43, f"wrong final answer {guess}")
        print("<" if secret < guess else ">" if secret > guess else "=", flush=True)
    verdict(43, "too many queries")
except BrokenPipeError:
    verdict(43, "the submission stopped listening")
"""

BINARY_SEARCH_PY = """n = int(input())
lo, hi = 1, n
while True:
    mid = (lo + hi) // 2
    print("?", mid, flush=True)
    reply = input()
    if reply == "=":
        print("!", mid, flush=True)
        break
    lo, hi = (lo, mid - 1) if reply == "<" else (mid + 1, hi)
"""

BINARY_SEARCH_CPP = """#include <iostream>
#include <string>
int main() {
    int n; std::cin >> n;
    int lo = 1, hi = n;
    for (;;) {
        int mid = (lo + hi) / 2;
        std::cout << "? " << mid << std::endl;
        std::string reply; std::cin >> reply;
        if (reply == "=") { std::cout << "! " << mid << std::endl; return 0; }
        if (reply == "<") hi = mid - 1; else lo = mid + 1;
    }
}
"""

WRONG_ANSWER_PY = "n = int(input())\nprint('!', 2, flush=True)\n"
# Asks 1, 2, 3, ...: the interactor rejects after 12 questions, and the
# submission then dies on the closed pipe: still WA, the interactor was first.
LINEAR_SCAN_PY = """n = int(input())
for g in range(1, n + 1):
    print("?", g, flush=True)
    if input() == "=":
        print("!", g, flush=True)
        break
"""
NEVER_ANSWERS_PY = "import sys\nn = int(input())\nsys.stdin.read()\n"
CRASHES_PY = "n = int(input())\nprint('?', 1, flush=True)\nraise SystemExit(3)\n"
SPINS_PY = "n = int(input())\nwhile True:\n    pass\n"


@pytest.fixture
def backend(any_backend: SandboxBackend) -> SandboxBackend:
    """Every registered sandbox backend runs these."""
    return any_backend


def play(
    backend: SandboxBackend, root: Path, language: str, source: str, interactor: str = INTERACTOR_PY
) -> JudgeResult:
    cases = [Case(f"{n} {x}\n".encode(), b"-\n") for n, x in GAMES]
    testdata = write_problem(root / "entry", cases, mode=INTERACTIVE, interactor=("py3", interactor))
    grader = get_grader(testdata.manifest.mode)(backend, parallel=1)
    assert isinstance(grader, InteractiveGrader)
    return grader.grade(job_for(testdata, language, source), testdata)


@pytest.mark.parametrize(("language", "source"), [("py3", BINARY_SEARCH_PY), ("cpp17", BINARY_SEARCH_CPP)])
def test_binary_search_is_accepted(
    backend: SandboxBackend, tmp_path: Path, language: str, source: str
) -> None:
    result = play(backend, tmp_path, language, source)
    assert result.verdict is Verdict.AC, result
    assert [t.verdict for t in result.tests] == [Verdict.AC] * len(GAMES)
    assert all(t.memory_kb > 0 for t in result.tests)  # measured in the submission's box


@pytest.mark.parametrize(
    ("source", "verdict", "message"),
    [
        (WRONG_ANSWER_PY, Verdict.WA, "wrong final answer 2"),
        (LINEAR_SCAN_PY, Verdict.WA, "too many queries"),
        (NEVER_ANSWERS_PY, Verdict.TLE, "wall time limit exceeded (the program waited rather than computed)"),
        (SPINS_PY, Verdict.TLE, None),  # CPU or, on a loaded host, wall time: either is TLE
        (CRASHES_PY, Verdict.RE, "exit code 3"),
    ],
)
def test_failing_dialogues(
    backend: SandboxBackend, tmp_path: Path, source: str, verdict: Verdict, message: str | None
) -> None:
    result = play(backend, tmp_path, "py3", source)
    assert result.verdict is verdict, result
    assert result.tests[-1].verdict is verdict
    if message is not None:
        assert result.tests[-1].message == message


def test_a_crashing_interactor_is_a_judge_error(backend: SandboxBackend, tmp_path: Path) -> None:
    crashing = "import sys\nprint(1000, flush=True)\nsys.stdin.readline()\nsys.exit(5)\n"
    with pytest.raises(ProgramError, match="interactor ended with exit code 5"):
        play(backend, tmp_path, "py3", BINARY_SEARCH_PY, interactor=crashing)


REFUSES_PY = """import sys
with open(sys.argv[3] + "/teammessage.txt", "w") as f:
    f.write("this problem refuses every dialogue")
sys.exit(43)
"""


def test_one_grader_judges_two_problems_at_once(backend: SandboxBackend, tmp_path: Path) -> None:
    """A job's interactor is in its grading plan, not on the grader: one grader
    judging two problems' jobs at once plays each against its own interactor."""
    cases = [Case(f"{n} {x}\n".encode(), b"-\n") for n, x in GAMES]
    guessing = write_problem(
        tmp_path / "guessing", cases, mode=INTERACTIVE, interactor=("py3", INTERACTOR_PY)
    )
    refusing = write_problem(tmp_path / "refusing", cases, mode=INTERACTIVE, interactor=("py3", REFUSES_PY))
    grader = InteractiveGrader(backend, parallel=1)

    def judged(testdata: LocalTestdata) -> JudgeResult:
        return grader.grade(job_for(testdata, "py3", BINARY_SEARCH_PY), testdata)

    with ThreadPoolExecutor(max_workers=2) as pool:
        accepted, refused = pool.map(judged, [guessing, refusing])
    assert [t.verdict for t in accepted.tests] == [Verdict.AC] * len(GAMES), accepted
    assert [(t.verdict, t.message) for t in refused.tests] == [
        (Verdict.WA, "this problem refuses every dialogue")
    ], refused


# The guessing game's interactor as problemtools' examples write them: in C++,
# no SIGPIPE handler, rejecting on EOF. It sets the game up before it speaks,
# so a submission that leaves at once has left by its first write; it then
# writes EXTRA_BYTES (a map of the game, say) before it reads.
SLOW_INTERACTOR_CPP = """#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <thread>
#include <vector>
static std::string feedback;
static void verdict(int code, const std::string& message) {
    if (!message.empty()) {
        std::FILE* f = std::fopen((feedback + "/teammessage.txt").c_str(), "w");
        std::fputs(message.c_str(), f);
        std::fclose(f);
    }
    std::exit(code);
}
int main(int, char** argv) {
    std::ifstream in(argv[1]);
    long n, secret;
    in >> n >> secret;
    feedback = argv[3];
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    std::printf("%ld\\n", n);
    std::vector<char> map(EXTRA_BYTES, '.');
    std::fwrite(map.data(), 1, map.size(), stdout);
    std::fflush(stdout);
    char kind;
    long guess;
    for (int q = 0; q < 12; q++) {
        if (std::scanf(" %c %ld", &kind, &guess) != 2) verdict(43, "no answer");
        if (kind == '!') verdict(guess == secret ? 42 : 43, guess == secret ? "" : "wrong final answer");
        std::printf("%s\\n", secret < guess ? "<" : secret > guess ? ">" : "=");
        std::fflush(stdout);
    }
    verdict(43, "too many queries");
}
"""
# The same in Python, which ignores SIGPIPE: a write to a gone reader raises.
SLOW_INTERACTOR_PY = """import sys, time
n, secret = map(int, open(sys.argv[1]).read().split())
time.sleep(0.5)
print(n, flush=True)
for _ in range(12):
    line = sys.stdin.readline().split()
    if len(line) != 2:
        open(sys.argv[3] + "/teammessage.txt", "w").write("no answer")
        sys.exit(43)
    kind, guess = line[0], int(line[1])
    if kind == "!":
        sys.exit(42 if guess == secret else 43)
    print("<" if secret < guess else ">" if secret > guess else "=", flush=True)
sys.exit(43)
"""
LEAVES_AT_ONCE_PY = "pass\n"
# problemtools' guess/submissions/wrong_answer/guess.py: one guess, unread replies.
GUESSES_ONCE_PY = "print('?', 500, flush=True)\n"


def play_slow(backend: SandboxBackend, root: Path, source: str, interactor: tuple[str, str]) -> JudgeResult:
    """One game against a slow interactor (its wait, not the test's load, orders the two)."""
    testdata = write_problem(
        root / "entry", [Case(b"1000 537\n", b"-\n")], mode=INTERACTIVE, interactor=interactor
    )
    return get_grader(testdata.manifest.mode)(backend, parallel=1).grade(
        job_for(testdata, "py3", source), testdata
    )


@pytest.mark.parametrize(
    "interactor",
    [("cpp17", SLOW_INTERACTOR_CPP.replace("EXTRA_BYTES", "0")), ("py3", SLOW_INTERACTOR_PY)],
    ids=["cpp17", "py3"],
)
@pytest.mark.parametrize(
    "source", [LEAVES_AT_ONCE_PY, GUESSES_ONCE_PY], ids=["leaves-at-once", "guesses-once"]
)
def test_a_submission_leaving_early_is_a_wrong_answer(
    backend: SandboxBackend, tmp_path: Path, source: str, interactor: tuple[str, str]
) -> None:
    """Kattis: the interactor's writes to a submission that has exited land in
    the pipe, its next read is EOF and it rejects: WA, not a judge error."""
    result = play_slow(backend, tmp_path, source, interactor)
    assert result.verdict is Verdict.WA, result
    assert result.tests[-1].message == "no answer"


@pytest.mark.timeout(60)  # never a hang, whatever the backend relays
def test_an_interactor_writing_past_the_pipe_buffer_to_a_gone_submission(
    backend: SandboxBackend, tmp_path: Path
) -> None:
    """4 MiB after the submission left: past any pipe buffer, yet neither side blocks."""
    interactor = SLOW_INTERACTOR_CPP.replace("EXTRA_BYTES", str(4 << 20))
    result = play_slow(backend, tmp_path, LEAVES_AT_ONCE_PY, ("cpp17", interactor))
    assert result.verdict is Verdict.WA, result
    assert result.tests[-1].message == "no answer"


def test_the_slow_interactor_accepts_a_binary_search(backend: SandboxBackend, tmp_path: Path) -> None:
    result = play_slow(
        backend, tmp_path, BINARY_SEARCH_PY, ("cpp17", SLOW_INTERACTOR_CPP.replace("EXTRA_BYTES", "0"))
    )
    assert result.verdict is Verdict.AC, result
    assert result.tests[-1].message == ""
