"""The ICPC output-validator protocol, and the custom checker built on it.

A validator runs as ``program input judge_answer feedback_dir`` with the team
output on stdin; exit 42 accepts, 43 rejects, anything else (or a limit) is a
judge error: the job fails and is retried, never blamed on the submission.
``feedback_dir/teammessage.txt`` becomes the test's message (truncated);
``judgemessage.txt`` is for the judge log only. Interactors speak the same
protocol (``judge/graders/interactive.py``).

The validator runs in a box of its own holding its program and copies of the
input and answer; the team output reaches it as stdin, a host file outside
every work dir, so nothing a submission plants is ever opened by the host.
"""

from __future__ import annotations

import logging
import math
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from judge.checkers.base import CheckResult
from judge.programs import PROGRAM_LIMITS, CompiledProgram, ProgramCache, ProgramError
from judge.sandbox.base import BOX_DIR, Box, Outcome, RunResult, SandboxBackend
from judge.steps import ensure_sandbox_ok
from judge.testdata import LocalTestdata
from queues.judge_api import CUSTOM_SCORE_REQUIRED

log = logging.getLogger(__name__)

ACCEPT_EXIT = 42
REJECT_EXIT = 43
INPUT_NAME = "judge_input"
ANSWER_NAME = "judge_answer"
# The work dir is the only place in a box that outlives the run, so it is the
# feedback dir too.
FEEDBACK_DIR = BOX_DIR
TEAM_MESSAGE = "teammessage.txt"
JUDGE_MESSAGE = "judgemessage.txt"
SCORE_FILE = "score.txt"
MESSAGE_LIMIT = 1024


def prepare_box(box: Box, program: CompiledProgram, input_path: Path, answer_path: Path) -> list[str]:
    """Puts the program and copies of the test's files in the box; returns its argv."""
    program.install(box)
    box.write_file(INPUT_NAME, input_path.read_bytes())
    box.write_file(ANSWER_NAME, answer_path.read_bytes())
    return program.argv([f"{BOX_DIR}/{INPUT_NAME}", f"{BOX_DIR}/{ANSWER_NAME}", f"{FEEDBACK_DIR}/"])


def _score(text: str, role: str) -> float:
    try:
        score = float(text)
    except ValueError:
        score = math.nan
    if not (math.isfinite(score) and score >= 0):
        raise ProgramError(f"the {role}'s {SCORE_FILE} holds {text[:40]!r}, not a non-negative number")
    return score


def read_feedback(box: Box, name: str, limit: int = MESSAGE_LIMIT) -> str:
    """A feedback file the program wrote ("" if none)."""
    return feedback_file(box, name, limit) or ""


def feedback_file(box: Box, name: str, limit: int = MESSAGE_LIMIT) -> str | None:
    """A feedback file the program wrote (None if none), read without following links.

    O_NOFOLLOW|O_NONBLOCK and a regular-file check: a link or FIFO in the
    work dir is neither followed nor blocked on.
    """
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
    dir_fd = os.open(box.workdir, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC)
    try:
        fd = os.open(name, flags, dir_fd=dir_fd)
    except OSError:
        return None
    finally:
        os.close(dir_fd)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        data = os.read(fd, limit + 1)
    finally:
        os.close(fd)
    text = data[:limit].decode("utf-8", errors="replace").strip()
    return text + " [... truncated]" if len(data) > limit else text


def verdict_of(
    run: RunResult, box: Box, role: str = "output validator", custom_score: str = ""
) -> CheckResult:
    """Accept or reject from the exit code; ProgramError for anything else.

    ``score.txt`` follows problemtools (``judge/validate.py``): on a rejection, or
    where the problem has no custom score, it is a judge error; under a custom
    score it is the accepted test's score (a non-negative number), and a missing
    one is a judge error where the score is required."""
    ensure_sandbox_ok(run)
    if run.outcome is Outcome.NONZERO_EXIT and run.exit_code in (ACCEPT_EXIT, REJECT_EXIT):
        accepted = run.exit_code == ACCEPT_EXIT
        score_text = feedback_file(box, SCORE_FILE)
        if score_text is not None and not (accepted and custom_score):
            why = "on a rejection" if not accepted else "but the problem has no custom score"
            raise ProgramError(f"the {role} wrote {SCORE_FILE} {why}")
        score = None if score_text is None else _score(score_text, role)
        if accepted and score is None and custom_score == CUSTOM_SCORE_REQUIRED:
            raise ProgramError(f"the problem's score is custom, but the {role} wrote no {SCORE_FILE}")
        return CheckResult(accepted, read_feedback(box, TEAM_MESSAGE), score)
    how = f"exit code {run.exit_code}" if run.outcome is Outcome.NONZERO_EXIT else run.outcome.value
    if run.outcome is Outcome.OK:
        how = "exit code 0"
    raise ProgramError(
        f"the {role} ended with {how}, not {ACCEPT_EXIT} or {REJECT_EXIT}: "
        f"{read_feedback(box, JUDGE_MESSAGE) or 'no judge message'}"
    )


@dataclass(frozen=True)
class OutputValidator:
    """The custom checker: the problem's validator, once per test, each time in a fresh box."""

    program: CompiledProgram
    backend: SandboxBackend
    custom_score: str = ""  # the manifest's: may its score.txt score a test

    @classmethod
    def for_testdata(cls, testdata: LocalTestdata, backend: SandboxBackend) -> OutputValidator:
        spec = testdata.manifest.validator
        if spec is None:
            raise ProgramError(f"problem {testdata.manifest.problem_id}: checker 'custom' but no validator")
        program = ProgramCache.beside(testdata, backend).get(testdata, spec)
        return cls(program, backend, testdata.manifest.custom_score)

    def check_files(self, input_path: Path, output_path: Path, answer_path: Path) -> CheckResult:
        with self.backend.create_box(self.program.language.id, compiling=False) as box:
            argv = prepare_box(box, self.program, input_path, answer_path)
            run = box.run(argv, PROGRAM_LIMITS, stdin=output_path, env=self.program.env())
            result = verdict_of(run, box, custom_score=self.custom_score)
            if not result.ok:
                log.info("validator rejected: %s", read_feedback(box, JUDGE_MESSAGE) or "-")
            return result
