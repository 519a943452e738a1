"""What every grader shares, as DMOJ's ``graders/base.py`` and CMS's ``TaskType``:
compile once in one box, then run the tests in order on other boxes (each from a
work dir holding only the compile's artifacts) and score them.

A mode is two hooks: ``referee_for`` (what judges each test, built once per job:
batch's checker, interactive's interactor) and ``run_test`` (one test on a box).
All of one job's state lives in its ``GradingPlan``; a grader holds only its
configuration (backend, node name, parallelism), so it may grade jobs one after
another or at once.
"""

from __future__ import annotations

import contextlib
import signal
import tempfile
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, TypeVar

from judge import artifacts
from judge.artifacts import Artifacts
from judge.graders.parallel import OrderedRun, parallelism_from_env
from judge.graders.scoring import Scoring, award_points, custom_points, score, submission_verdict
from judge.languages import Language, get_language
from judge.languages.base import Layout
from judge.sandbox.base import Box, Limits, Outcome, RunResult, SandboxBackend
from judge.steps import build_step
from judge.testdata import LocalTestdata
from queues.judge_api import TestFile
from queues.payloads import JudgeResult, SubmissionJob, TestResult
from queues.verdicts import Verdict

# on_progress(k, n): test k of n is about to run.
ProgressCallback = Callable[[int, int], None]

# What judges a test's run: a checker (batch), an interactor (interactive).
Referee = TypeVar("Referee")


def no_progress(test: int, total: int) -> None:
    pass


@dataclass(frozen=True)
class GradingPlan(Generic[Referee]):
    """One job's state: everything a test run needs besides its box. Only
    ``scores`` changes, by each test's own key, so tests run in parallel across boxes."""

    language: Language
    limits: Limits
    referee: Referee
    testdata: LocalTestdata
    scratch: Path  # host dir for program output, outside every box
    # What each test's box holds before the program starts (None: leave the box as is).
    artifacts: Artifacts | None = None
    layout: Layout | None = None  # the program's main file (class)
    # Accepted tests' scores from the validator's or interactor's score.txt (custom score), by test id.
    scores: dict[int, float] = field(default_factory=dict)


def run_message(run: RunResult) -> str:
    """Why a run that did not end well ended, for the test's message."""
    if run.outcome is Outcome.NONZERO_EXIT:
        return f"exit code {run.exit_code}"
    if run.outcome is Outcome.SIGNALED and run.signal is not None:
        try:
            return f"killed by signal {run.signal} ({signal.Signals(run.signal).name})"
        except ValueError:
            return f"killed by signal {run.signal}"
    if run.outcome is Outcome.WALL_TIME_LIMIT:
        return "wall time limit exceeded (the program waited rather than computed)"
    return ""


def result_for(test: TestFile, run: RunResult, verdict: Verdict, message: str) -> TestResult:
    """One test's result as reported: the program's own measurements."""
    return TestResult(
        ordinal=test.ordinal,
        test_id=test.id,
        group=test.group,
        verdict=verdict,
        time_ms=round(run.cpu_time * 1000),
        memory_kb=run.memory_bytes // 1024,
        exit_code=run.exit_code,
        signal=run.signal,
        message=message,
    )


class Grader(ABC, Generic[Referee]):
    """Compiles in one box, then runs the tests on up to ``parallel`` other boxes
    at once (default: $PANDA_JUDGE_PARALLEL, else one per core), boxes that only
    run (docker: the slim run image)."""

    def __init__(self, backend: SandboxBackend, judge_node: str = "", parallel: int | None = None) -> None:
        self.backend = backend
        self.judge_node = judge_node
        self.parallel = parallel if parallel is not None else parallelism_from_env()
        if self.parallel < 1:
            raise ValueError(f"parallel must be at least 1, not {self.parallel}")

    @abstractmethod
    def referee_for(self, job: SubmissionJob, testdata: LocalTestdata) -> Referee:
        """What judges this job's tests, built once before the submission compiles."""

    @abstractmethod
    def run_test(self, box: Box, test: TestFile, plan: GradingPlan[Referee]) -> TestResult:
        """One test, on a box holding only the compile's artifacts."""

    def grade(
        self, job: SubmissionJob, testdata: LocalTestdata, on_progress: ProgressCallback = no_progress
    ) -> JudgeResult:
        scoring = Scoring(job.scoring)
        language = get_language(job.language)
        referee = self.referee_for(job, testdata)
        tests = testdata.tests
        built = build_step(
            self.backend, language, job.program, testdata.included(language.id), job.entrypoint
        )
        compiled = built.compiled
        if built.artifacts is None:
            return self._result(job, Verdict.CE, [], 0.0, compiled.message)
        with contextlib.ExitStack() as stack:
            scratch = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="panda-run-")))
            plan = GradingPlan(
                language=language,
                limits=language.run_limits(job.time_limit_ms, job.memory_limit_kb),
                referee=referee,
                testdata=testdata,
                scratch=scratch,
                artifacts=built.artifacts,
                layout=built.layout,
            )
            # As many boxes as there is work for.
            boxes = [
                stack.enter_context(self.backend.create_box(language.id, compiling=False))
                for _ in range(max(1, min(self.parallel, len(tests))))
            ]
            run: OrderedRun[Box, TestResult] = OrderedRun(
                len(tests),
                lambda test_box, index: self._fresh_run(test_box, tests[index], plan),
                failed=lambda result: result.verdict is not Verdict.AC,
                stop_at_first_failure=scoring.stops_at_first_failure,
                on_start=lambda index: on_progress(index + 1, len(tests)),
            )
            results = run(boxes)
        if scoring is Scoring.IOI:
            scored_alone = testdata.manifest.scored_alone
            points = custom_points(tests, plan.scores, scored_alone)
            results = award_points(results, points, scored_alone)
        return self._result(
            job, submission_verdict(results), results, score(scoring, results), compiled.message
        )

    def _fresh_run(self, box: Box, test: TestFile, plan: GradingPlan[Referee]) -> TestResult:
        if plan.artifacts is not None:  # nothing an earlier test left behind stays
            artifacts.install(box, plan.artifacts)
        return self.run_test(box, test, plan)

    def _result(
        self,
        job: SubmissionJob,
        verdict: Verdict,
        results: list[TestResult],
        points: float,
        compile_message: str,
    ) -> JudgeResult:
        return JudgeResult(
            submission_id=job.submission_id,
            verdict=verdict,
            time_ms=max((r.time_ms for r in results), default=0),
            memory_kb=max((r.memory_kb for r in results), default=0),
            score=points,
            tests=results,
            judge_node=self.judge_node,
            compile_message=compile_message,
        )
