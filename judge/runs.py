"""The RQ job function of a run (``queues.enqueue.RUN_FUNCTION``): a program run on
a problem's samples or on its author's own input, which is not a submission.

Built and run like one (judge/steps.py: compile once in a box, each input in a
box holding only the compile's artifacts, under the problem's limits), but
nothing goes to web's judge API: the inputs come in the job, and the result
leaves only as ``run.update`` events to the author's room (compiling ->
running k of n -> done). Every input runs, even after one fails: the author
wants to see each output.

An input with an answer (a sample) is checked with the problem's built-in
checker. A problem whose checker is the setter's validator (checker
"custom") would need its test data here: its samples run unchecked, as
custom input does. Interactive problems never get here (web refuses them:
their program talks to an interactor, there is no input to run it on).
"""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path
from typing import Any

from judge import artifacts
from judge.checkers import CUSTOM, Checker, check_step, get_checker
from judge.graders.base import run_message
from judge.languages import Language, get_language
from judge.sandbox.base import Box, Outcome
from judge.sandbox.local import pool
from judge.steps import Build, build_step, ensure_sandbox_ok, read_prefix, run_step, verdict_for
from judge.tasks import backend, publisher
from queues.payloads import RunInput, RunJob, RunOutput, RunUpdate
from queues.verdicts import SubmissionStatus, Verdict

log = logging.getLogger(__name__)

# What of a run's output an event carries: enough to read, small enough for a socket.
STDOUT_LIMIT = 64 * 1024
STDERR_LIMIT = 8 * 1024
INTERNAL_ERROR_MESSAGE = "the judge failed to run this program; try again"


def _update(job: RunJob, status: SubmissionStatus, **fields: Any) -> RunUpdate:
    return RunUpdate(run_id=job.run_id, user_id=job.user_id, status=status, **fields)


def _send(update: RunUpdate) -> None:
    """Best effort, as a submission's progress: a lost event is a run to redo."""
    try:
        publisher().run_update(update)
    except Exception:
        log.warning("could not publish %s for run %s", update.status.value, update.run_id, exc_info=True)


def _head(path: Path, limit: int) -> tuple[str, bool]:
    """The first ``limit`` bytes of a file as text, and whether there was more."""
    data = read_prefix(path, limit + 1)
    return data[:limit].decode("utf-8", errors="replace"), len(data) > limit


def _checker(job: RunJob) -> Checker | None:
    """The problem's built-in checker; None for the setter's validator (unchecked runs)."""
    spec = job.checker_spec
    return None if spec.name == CUSTOM else get_checker(spec)


class _Runner:
    """One job's inputs, one after another on one box, each from the compile's artifacts."""

    def __init__(
        self, job: RunJob, language: Language, built: Build, checker: Checker | None, scratch: Path
    ) -> None:
        self.job, self.language, self.built, self.checker = job, language, built, checker
        self.limits = language.run_limits(job.time_limit_ms, job.memory_limit_kb)
        self.scratch = scratch

    def run_all(self) -> list[RunOutput]:
        assert self.built.artifacts is not None  # only a program that compiled runs
        total = len(self.job.inputs)
        results = []
        with backend().create_box(self.language.id, compiling=False) as box:
            for index, given in enumerate(self.job.inputs):
                _send(_update(self.job, SubmissionStatus.RUNNING, input=index + 1, total_inputs=total))
                artifacts.install(box, self.built.artifacts)
                results.append(self._run_one(box, index, given))
        return results

    def _run_one(self, box: Box, index: int, given: RunInput) -> RunOutput:
        files = {role: self.scratch / f"{index}.{role}" for role in ("in", "out", "err", "ans")}
        files["in"].write_text(given.input, encoding="utf-8")
        run = ensure_sandbox_ok(
            run_step(
                box,
                self.language,
                self.limits,
                files["in"],
                files["out"],
                self.built.layout,
                error_path=files["err"],
            )
        )
        verdict, message = verdict_for(run.outcome), run_message(run)
        checked = given.answer is not None and self.checker is not None
        if verdict is Verdict.AC and given.answer is not None and self.checker is not None:
            files["ans"].write_text(given.answer, encoding="utf-8")
            result = check_step(self.checker, files["out"], files["ans"])
            verdict, message = (Verdict.AC if result.ok else Verdict.WA), result.message
        stdout, stdout_truncated = _head(files["out"], STDOUT_LIMIT)
        stderr, stderr_truncated = _head(files["err"], STDERR_LIMIT)
        for path in files.values():
            path.unlink(missing_ok=True)
        return RunOutput(
            name=given.name,
            verdict=verdict,
            checked=checked,
            time_ms=round(run.cpu_time * 1000),
            memory_kb=run.memory_bytes // 1024,
            stdout=stdout,
            stdout_truncated=stdout_truncated,
            stderr=stderr,
            stderr_truncated=stderr_truncated,
            exit_code=0 if run.outcome is Outcome.OK else run.exit_code,  # the sandbox leaves it unset
            signal=run.signal,
            message=message,
        )


def _run(job: RunJob) -> RunUpdate:
    """The "done" update: CE, or every input's output and the first verdict that is not AC."""
    _send(_update(job, SubmissionStatus.COMPILING))
    language = get_language(job.language)
    checker = _checker(job)  # a bad one fails the job before anything compiles
    built = build_step(backend(), language, job.source, job.included_files)
    message = built.compiled.message
    if built.artifacts is None:
        return _update(job, SubmissionStatus.DONE, verdict=Verdict.CE, compile_message=message)
    with tempfile.TemporaryDirectory(prefix="panda-run-") as scratch:
        results = _Runner(job, language, built, checker, Path(scratch)).run_all()
    verdict = next((r.verdict for r in results if r.verdict is not Verdict.AC), Verdict.AC)
    return _update(job, SubmissionStatus.DONE, verdict=verdict, compile_message=message, results=results)


def run(job_dict: dict[str, Any]) -> dict[str, Any]:
    """Runs one job's program on its inputs; returns the final ``RunUpdate`` as a dict,
    after publishing it. A failure of the judge's own ends the run with IE."""
    job = RunJob.from_dict(job_dict)
    log.info("run %s (%s, %d inputs)", job.run_id, job.language, len(job.inputs))
    try:
        done = _run(job)
    except Exception:
        _send(_update(job, SubmissionStatus.DONE, verdict=Verdict.IE, message=INTERNAL_ERROR_MESSAGE))
        raise
    finally:
        pool.close_all()  # as judge.tasks.grade: a work horse skips exit handlers
    _send(done)
    log.info("run %s: %s", job.run_id, done.verdict)
    return done.to_dict()
