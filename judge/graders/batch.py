"""Batch problems: compile once, run each test on its input file, check the output."""

from __future__ import annotations

from judge.checkers import Checker, FileChecker, check_step, checker_for
from judge.graders.base import Grader, GradingPlan, result_for, run_message
from judge.sandbox.base import Box
from judge.steps import ensure_sandbox_ok, run_step, verdict_for
from judge.testdata import LocalTestdata
from queues.judge_api import TestFile
from queues.payloads import SubmissionJob, TestResult
from queues.verdicts import Verdict


class BatchGrader(Grader[Checker | FileChecker]):
    """Each test: the program reads the test's input file, the job's checker
    judges what it wrote against the answer."""

    def referee_for(self, job: SubmissionJob, testdata: LocalTestdata) -> Checker | FileChecker:
        return checker_for(job.checker_spec, testdata, self.backend)

    def run_test(self, box: Box, test: TestFile, plan: GradingPlan[Checker | FileChecker]) -> TestResult:
        output = plan.scratch / f"{test.ordinal}.out"
        run = ensure_sandbox_ok(
            run_step(box, plan.language, plan.limits, plan.testdata.input_path(test), output, plan.layout)
        )
        verdict, message = verdict_for(run.outcome), run_message(run)
        if verdict is Verdict.AC:
            checked = check_step(
                plan.referee,
                output,
                plan.testdata.answer_path(test),
                input_path=plan.testdata.input_path(test),
            )
            verdict, message = (Verdict.AC if checked.ok else Verdict.WA), checked.message
            if checked.score is not None:
                plan.scores[test.id] = checked.score
        output.unlink(missing_ok=True)
        return result_for(test, run, verdict, message)
