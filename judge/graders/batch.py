"""Batch problems: compile once, run each test on its input file, check the output."""

from __future__ import annotations

import contextlib
import signal
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from judge import artifacts
from judge.artifacts import Artifacts
from judge.checkers import Checker, FileChecker, check_step, checker_for
from judge.graders.parallel import OrderedRun, parallelism_from_env
from judge.graders.scoring import Scoring, award_points, custom_points, score, submission_verdict
from judge.languages import Language, get_language
from judge.languages.base import Layout
from judge.sandbox.base import Box, Limits, Outcome, RunResult, SandboxBackend
from judge.steps import build_step, ensure_sandbox_ok, run_step, verdict_for
from judge.testdata import LocalTestdata
from queues.judge_api import TestFile
from queues.payloads import JudgeResult, SubmissionJob, TestResult
from queues.verdicts import Verdict

# on_progress(k, n): test k of n is about to run.
ProgressCallback = Callable[[int, int], None]


def _no_progress(test: int, total: int) -> None:
    pass


@dataclass(frozen=True)
class GradingPlan:
    """Everything a test run needs besides its box; immutable, so tests run
    in parallel across boxes."""

    language: Language
    limits: Limits
    checker: Checker | FileChecker
    testdata: LocalTestdata
    scratch: Path  # host dir for program output, outside every box
    # What each test's box holds before the program starts (None: leave the box as is).
    artifacts: Artifacts | None = None
    layout: Layout | None = None  # the program's main file (class)
    # Accepted tests' scores from the validator's score.txt (custom score), by test id;
    # each test's own key, so runs in parallel fill it safely.
    scores: dict[int, float] = field(default_factory=dict)


def _run_message(run: RunResult) -> str:
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


class BatchGrader:
    """Compiles in one box, then runs the tests on up to ``parallel`` other boxes
    at once (default: $PANDA_JUDGE_PARALLEL, else one per core), boxes that only
    run (docker: the slim run image). Each test starts from a work dir holding
    only the compile's artifacts."""

    def __init__(self, backend: SandboxBackend, judge_node: str = "", parallel: int | None = None) -> None:
        self.backend = backend
        self.judge_node = judge_node
        self.parallel = parallel if parallel is not None else parallelism_from_env()
        if self.parallel < 1:
            raise ValueError(f"parallel must be at least 1, not {self.parallel}")

    def grade(
        self, job: SubmissionJob, testdata: LocalTestdata, on_progress: ProgressCallback = _no_progress
    ) -> JudgeResult:
        scoring = Scoring(job.scoring)
        language = get_language(job.language)
        checker = checker_for(job.checker_spec, testdata, self.backend)
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
                checker=checker,
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
            run = OrderedRun(
                len(tests),
                lambda test_box, index: self.run_test(test_box, tests[index], plan),
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

    def run_test(self, box: Box, test: TestFile, plan: GradingPlan) -> TestResult:
        if plan.artifacts is not None:  # nothing an earlier test left behind stays
            artifacts.install(box, plan.artifacts)
        output = plan.scratch / f"{test.ordinal}.out"
        run = ensure_sandbox_ok(
            run_step(box, plan.language, plan.limits, plan.testdata.input_path(test), output, plan.layout)
        )
        verdict, message = verdict_for(run.outcome), _run_message(run)
        if verdict is Verdict.AC:
            checked = check_step(
                plan.checker,
                output,
                plan.testdata.answer_path(test),
                input_path=plan.testdata.input_path(test),
            )
            verdict, message = (Verdict.AC if checked.ok else Verdict.WA), checked.message
            if checked.score is not None:
                plan.scores[test.id] = checked.score
        output.unlink(missing_ok=True)
        return result_for(test, run, verdict, message)

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
