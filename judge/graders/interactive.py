"""Interactive problems: the submission talks to the setter's interactor through pipes.

The interactor speaks the output-validator protocol (``judge/checkers/kattis.py``):
``interactor input judge_answer feedback_dir``, its stdin the submission's
stdout and its stdout the submission's stdin; exit 42 accepts, 43 rejects.
Both run at once, each in a box of its own (two ``run`` calls in two
threads); the submission under the problem's limits, the interactor under
the generous ones of a setter's program.

The verdict follows Kattis (problemtools' ``validate_interactive``), with who
ended first deciding between the two sides' stories:
1. the interactor failing (not 42/43, a limit) is a judge error, retried -
   unless the submission had already failed: an interactor choking on the
   EOF a crashed submission left is the submission's doing. A submission
   that ended cleanly but early is no such excuse, nor does it break the
   interactor's pipe: as problemtools' ``interactive`` does, the host holds
   the read end of the interactor's output until the interactor ends, so its
   writes still succeed (``dialogue`` drops them), its next read is EOF and
   it rejects - rule 4, WA;
2. the interactor rejecting before the submission ended is WA, whatever the
   submission did after (it often dies on the closed pipe);
3. otherwise the submission's own failure (TLE, MLE, RE) comes first;
4. otherwise the interactor's verdict and team message.
"""

from __future__ import annotations

import os
import select
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, replace
from pathlib import Path

from judge.checkers import checker_for
from judge.checkers.kattis import prepare_box, verdict_of
from judge.graders.base import Grader, GradingPlan, result_for, run_message
from judge.programs import PROGRAM_LIMITS, CompiledProgram, ProgramCache, ProgramError
from judge.sandbox.base import Box, Limits, RunResult
from judge.steps import ensure_sandbox_ok, run_step, verdict_for
from judge.testdata import LocalTestdata
from queues.judge_api import TestFile
from queues.payloads import SubmissionJob, TestResult
from queues.verdicts import Verdict

# The interactor outlives the submission's wall limit by this much, so the
# submission's limits always end a stalled dialogue first.
INTERACTOR_GRACE_S = 5.0
# How often draining the ended submission's input checks whether the
# interactor ended without its output reaching EOF (a copy of it survived).
DRAIN_TICK_S = 0.1


@dataclass(frozen=True)
class Ended:
    """A run's result and when its program was seen to end (monotonic seconds).

    The sandbox takes that instant before it closes the run's pipe ends, so
    the peer of the side that ended first sees EOF after it: the order is
    causal, however the two host threads are scheduled afterwards.
    """

    run: RunResult
    at: float


def _timed(run: Callable[..., RunResult], *args: object, **kwargs: object) -> Ended:
    result = run(*args, **kwargs)
    return Ended(result, result.ended_at or time.monotonic())


def interactor_limits(submission: Limits) -> Limits:
    return replace(PROGRAM_LIMITS, wall_time=submission.effective_wall_time + INTERACTOR_GRACE_S)


def dialogue(
    box: Box, interactor_box: Box, plan: GradingPlan[CompiledProgram], argv: list[str]
) -> tuple[Ended, Ended]:
    """Runs the submission (in ``box``) against the plan's interactor, prepared in
    ``interactor_box``; (submission, interactor)."""
    to_submission_r, to_submission_w = os.pipe2(os.O_CLOEXEC)
    to_interactor_r, to_interactor_w = os.pipe2(os.O_CLOEXEC)
    # Each run takes over its two pipe ends and closes them when it ends, so
    # the interactor sees EOF right when the submission ends, and the
    # submission a broken pipe when the interactor does. The host keeps only
    # the interactor's output's read end (rule 1 in the module docstring).
    held = os.dup(to_submission_r)
    try:
        with ThreadPoolExecutor(max_workers=2, thread_name_prefix="interactive") as pool:
            peer = pool.submit(
                _timed,
                interactor_box.run,
                argv,
                interactor_limits(plan.limits),
                stdin=to_interactor_r,
                stdout=to_submission_w,
                env=plan.referee.env(),
            )
            own = pool.submit(
                _timed,
                run_step,
                box,
                plan.language,
                plan.limits,
                to_submission_r,
                to_interactor_w,
                plan.layout,
            )
            wait([own])
            _drop_until_ended(held, peer)
            return own.result(), peer.result()
    finally:
        os.close(held)


def _drop_until_ended(fd: int, writer: Future[Ended]) -> None:
    """Reads and drops what the interactor still writes to the ended submission.

    Held but not read, the pipe would fill: past its buffer the interactor
    would block until its wall limit (on the docker backend, so would the
    host's relay that enforces that limit, for good). Returns at EOF (the
    interactor's run closed its end) or once the interactor's run is over.
    """
    poller = select.poll()
    poller.register(fd, select.POLLIN)
    while not writer.done():
        if poller.poll(DRAIN_TICK_S * 1000) and not os.read(fd, 1 << 16):
            return


def interactive_verdict(
    submission: Ended, interactor: Ended, interactor_box: Box, custom_score: str = ""
) -> tuple[Verdict, str, float | None]:
    """The test's verdict, message and, under a custom score, the interactor's
    score.txt of an accepted test, from both runs (rules in the module docstring)."""
    ensure_sandbox_ok(submission.run)
    ensure_sandbox_ok(interactor.run)
    own = verdict_for(submission.run.outcome)
    submission_first = submission.at <= interactor.at
    if own is not Verdict.AC and submission_first:
        return own, run_message(submission.run), None
    judged = verdict_of(interactor.run, interactor_box, role="interactor", custom_score=custom_score)
    if not judged.ok and not submission_first:
        return Verdict.WA, judged.message, None
    if own is not Verdict.AC:
        return own, run_message(submission.run), None
    if not judged.ok:
        return Verdict.WA, judged.message, None
    return Verdict.AC, judged.message, judged.score


class InteractiveGrader(Grader[CompiledProgram]):
    """Each test is a dialogue between the program and the problem's interactor."""

    def referee_for(self, job: SubmissionJob, testdata: LocalTestdata) -> CompiledProgram:
        spec = testdata.manifest.interactor
        if spec is None:
            raise ProgramError(f"problem {testdata.manifest.problem_id} is interactive but has no interactor")
        interactor = ProgramCache.beside(testdata, self.backend).get(testdata, spec)
        # The job's checker judges nothing here, but is built as in batch mode:
        # a checker that cannot be fails the job in either mode.
        checker_for(job.checker_spec, testdata, self.backend)
        return interactor

    def run_test(self, box: Box, test: TestFile, plan: GradingPlan[CompiledProgram]) -> TestResult:
        input_path: Path = plan.testdata.input_path(test)
        with self.backend.create_box(plan.referee.language.id, compiling=False) as interactor_box:
            argv = prepare_box(interactor_box, plan.referee, input_path, plan.testdata.answer_path(test))
            submission, interactor = dialogue(box, interactor_box, plan, argv)
            verdict, message, score = interactive_verdict(
                submission, interactor, interactor_box, plan.testdata.manifest.custom_score
            )
        if score is not None:
            plan.scores[test.id] = score
        return result_for(test, submission.run, verdict, message)
