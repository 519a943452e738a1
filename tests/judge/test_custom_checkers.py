"""Custom output validators (ICPC protocol) on the real local sandbox."""

from __future__ import annotations

import shutil
from hashlib import sha256
from pathlib import Path

import pytest

from judge.checkers.kattis import OutputValidator
from judge.graders import BatchGrader
from judge.programs import PROGRAMS_DIR, ProgramError
from judge.sandbox.base import SandboxBackend
from queues import judge_api
from queues.judge_api import BATCH
from queues.verdicts import Verdict
from tests.judge.helpers import aplusb_cases
from tests.judge.program_helpers import job_for, write_problem

PY_READ = "import sys\na, b = map(int, sys.stdin.read().split())\n"

# Accepts any answer within 1 of the judge's; reads the input too, and calls a
# wrong judge answer a judge error (exit 1), as a careful validator does.
WITHIN_ONE_CPP = """#include <fstream>
#include <iostream>
#include <string>
int main(int argc, char** argv) {
    if (argc < 4) return 2;
    std::ifstream input(argv[1]), answer(argv[2]);
    long long a, b, expected, got;
    if (!(input >> a >> b) || !(answer >> expected) || a + b != expected) return 1;
    if (!(std::cin >> got)) return 43;
    std::string extra;
    if (std::cin >> extra) return 43;
    return (got - expected <= 1 && expected - got <= 1) ? 42 : 43;
}
"""

# Rejects with a message for the team and one for the judges only.
TEAM_MESSAGE_PY = """import sys
expected = open(sys.argv[2]).read().split()
got = sys.stdin.read().split()
if got == expected:
    sys.exit(42)
with open(sys.argv[3] + "/teammessage.txt", "w") as f:
    f.write("wrong sum: got " + " ".join(got))
with open(sys.argv[3] + "/judgemessage.txt", "w") as f:
    f.write("SECRET expected " + " ".join(expected))
sys.exit(43)
"""

CRASHING_PY = "import sys\nsys.stdin.read()\nraise RuntimeError('validator bug')\n"
ALWAYS_REJECT_PY = "import sys\nsys.exit(43)\n"
# Plants a link where the host reads feedback from: it must not be followed.
LINKED_FEEDBACK_PY = (
    "import os, sys\nos.symlink('/etc/shadow', sys.argv[3] + '/teammessage.txt')\nsys.exit(43)\n"
)


@pytest.fixture
def backend(any_backend: SandboxBackend) -> SandboxBackend:
    """Every registered sandbox backend runs these."""
    return any_backend


def grade(backend: SandboxBackend, root: Path, validator: tuple[str, str], source: str):
    testdata = write_problem(root / "entry", aplusb_cases(), validator=validator)
    return BatchGrader(backend, parallel=1).grade(
        job_for(testdata, "py3", source, checker="custom"), testdata
    )


@pytest.mark.parametrize(
    ("answer", "verdict"),
    [("a + b", Verdict.AC), ("a + b + 1", Verdict.AC), ("a + b - 1", Verdict.AC), ("a + b + 2", Verdict.WA)],
)
def test_a_cpp_validator_accepts_answers_within_one(
    backend: SandboxBackend, tmp_path: Path, answer: str, verdict: Verdict
) -> None:
    result = grade(backend, tmp_path, ("cpp17", WITHIN_ONE_CPP), PY_READ + f"print({answer})\n")
    assert result.verdict is verdict, result
    if verdict is Verdict.WA:
        assert result.tests[0].verdict is Verdict.WA
    else:
        assert len(result.tests) == len(aplusb_cases())


def test_the_team_message_is_shown_and_the_judge_message_is_not(
    backend: SandboxBackend, tmp_path: Path
) -> None:
    result = grade(backend, tmp_path, ("py3", TEAM_MESSAGE_PY), PY_READ + "print(a * b)\n")
    assert result.verdict is Verdict.WA
    assert result.tests[0].message == "wrong sum: got 2"  # the first test is 1 2
    assert "SECRET" not in result.tests[0].message


def test_a_py3_validator_accepts_right_answers(backend: SandboxBackend, tmp_path: Path) -> None:
    result = grade(backend, tmp_path, ("py3", TEAM_MESSAGE_PY), PY_READ + "print(a + b)\n")
    assert result.verdict is Verdict.AC
    assert [t.message for t in result.tests] == [""] * len(aplusb_cases())


def test_a_crashing_validator_is_a_judge_error(backend: SandboxBackend, tmp_path: Path) -> None:
    with pytest.raises(ProgramError, match="exit code 1"):
        grade(backend, tmp_path, ("py3", CRASHING_PY), PY_READ + "print(a + b)\n")


def test_a_validator_that_does_not_compile_is_a_judge_error(backend: SandboxBackend, tmp_path: Path) -> None:
    with pytest.raises(ProgramError, match="did not compile"):
        grade(backend, tmp_path, ("cpp17", "int main( {"), PY_READ + "print(a + b)\n")


def test_feedback_links_are_not_followed(backend: SandboxBackend, tmp_path: Path) -> None:
    result = grade(backend, tmp_path, ("py3", LINKED_FEEDBACK_PY), PY_READ + "print(a + b)\n")
    assert result.verdict is Verdict.WA
    assert result.tests[0].message == ""


def test_the_validator_is_compiled_once_per_node(backend: SandboxBackend, tmp_path: Path) -> None:
    """Submissions share the compiled validator: the second grade runs the cached
    artifacts, which this test swaps for a validator that rejects everything."""
    source = PY_READ + "print(a + b)\n"
    assert grade(backend, tmp_path, ("py3", TEAM_MESSAGE_PY), source).verdict is Verdict.AC
    (entry,) = (tmp_path / PROGRAMS_DIR).iterdir()
    cached = entry / "files" / "main.py"
    assert cached.read_text() == TEAM_MESSAGE_PY
    cached.write_text(ALWAYS_REJECT_PY)
    assert grade(backend, tmp_path, ("py3", TEAM_MESSAGE_PY), source).verdict is Verdict.WA
    assert [p.name for p in (tmp_path / PROGRAMS_DIR).iterdir()] == [entry.name]


def test_a_compiled_validator_binary_is_reused(backend: SandboxBackend, tmp_path: Path) -> None:
    source = PY_READ + "print(a + b)\n"
    assert grade(backend, tmp_path, ("cpp17", WITHIN_ONE_CPP), source).verdict is Verdict.AC
    (entry,) = (tmp_path / PROGRAMS_DIR).iterdir()
    binary = entry / "files" / "main"
    inode = binary.stat().st_ino
    shutil.rmtree(tmp_path / "entry")  # a new submission on freshly downloaded test data
    assert grade(backend, tmp_path, ("cpp17", WITHIN_ONE_CPP), source).verdict is Verdict.AC
    assert binary.stat().st_ino == inode


def test_each_check_runs_in_a_fresh_box(backend: SandboxBackend, tmp_path: Path) -> None:
    """A validator sees only its program and this test's files."""
    lister = "import os, sys\nprint(sorted(os.listdir('/box')), file=open('/box/teammessage.txt', 'w'))\nsys.exit(43)\n"
    testdata = write_problem(tmp_path / "entry", aplusb_cases(), validator=("py3", lister))
    validator = OutputValidator.for_testdata(testdata, backend)
    test = testdata.tests[0]
    output = tmp_path / "team.out"
    output.write_text("3\n")
    checked = validator.check_files(testdata.input_path(test), output, testdata.answer_path(test))
    assert not checked.ok
    assert checked.message == "['judge_answer', 'judge_input', 'main.py']"


def test_a_manifest_from_before_programs_is_a_batch_problem() -> None:
    """Zips built before mode and programs existed stay valid, checksums unchanged."""
    old = {"problem_id": 1, "checksum": "c" * 64, "tests": []}
    manifest = judge_api.TestdataManifest.from_dict(old)
    assert (manifest.mode, manifest.validator, manifest.interactor) == (BATCH, None, None)
    rows = [judge_api.TestRow(1, "", 0.0, False, sha256(b"1 2\n").hexdigest(), sha256(b"3\n").hexdigest())]
    assert judge_api.testdata_checksum(rows) == judge_api.testdata_checksum(rows, BATCH, {})
    assert judge_api.testdata_checksum(rows) != judge_api.testdata_checksum(
        rows, BATCH, {"validator": ("py3", b"")}
    )
