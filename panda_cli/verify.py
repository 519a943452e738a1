"""``panda problem verify``: every file under submissions/ must get a verdict its folder
(and submissions/submissions.yaml's ``permitted``, ``required`` and ``score``) allows.

Like problemtools' ``verifyproblem``: input validators accept every test
input, then each submission is judged by the real judge (in this process,
with the local sandbox, or by a server) and compared with the verdicts its
folder names.
"""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from judge.checkers.kattis import ACCEPT_EXIT
from judge.graders import Grader, get_grader
from judge.programs import PROGRAM_LIMITS, ProgramCache, ProgramError
from judge.sandbox import Outcome, SandboxBackend, get_backend
from judge.testdata import LocalTestdata
from problempkg import Package, Program, judge_terms
from problempkg.grading import reference_verdict
from problempkg.model import (
    IGNORED,
    PARTIALLY_ACCEPTED,
    SAMPLE_GROUP,
    data_bytes,
    label_allows,
    submission_files,
    verdict_allowed,
)
from queues import JudgeResult, SubmissionJob, Verdict
from queues.judge_api import files_checksum, program_checksum
from queues.testdata import Content, TestSource, assemble_testdata, stored_program

# An input validator accepts an input as an output validator accepts an output.
VALID_INPUT = ACCEPT_EXIT


@dataclass(frozen=True)
class Check:
    """One line of the verify table."""

    what: str  # "submissions/accepted/a.py" or "input_validators/v.py"
    expected: str
    got: str
    detail: str = ""
    # Scoring problems: the score as a share of the best one (1.0 otherwise), for expected PAC.
    share: float = 1.0
    # A submission's (permitted, required) test verdicts; None: those ``expected``
    # names (a verdicts_label, or one verdict).
    verdicts: tuple[frozenset[str], frozenset[str]] | None = None
    # submissions.yaml's score range, and the score the submission got.
    score_range: tuple[float, float] | None = None
    score: float | None = None

    @property
    def ok(self) -> bool:
        if self.got in (NOT_AVAILABLE, IGNORED):  # reported, not a failure of the package
            return True
        if self.score_range is not None and not (
            self.score is not None and self.score_range[0] <= self.score <= self.score_range[1]
        ):
            return False
        if self.expected == PARTIALLY_ACCEPTED:  # some points, short of the full score
            return (self.got == Verdict.AC.value or self.share > 0) and self.share < 1
        if self.verdicts is None:
            return label_allows(self.expected, self.got)
        return verdict_allowed(self.got, *self.verdicts)


# A program in a language this judge lacks: its line in the table, never a failed check.
NOT_AVAILABLE = "N/A"


def write_testdata(package: Package, root: Path) -> LocalTestdata:
    """The package's tests laid out as a judge node's test data (manifest + files)."""
    groups = judge_terms.judge_groups(package)
    tests = [
        TestSource(
            judged.group.name,
            data_bytes(test.input),
            data_bytes(test.answer),
            points,
            judged.group.name == SAMPLE_GROUP,
        )
        for judged in groups
        for test, points in zip(judged.group.tests, judged.points, strict=True)
    ]
    _manifest, files = assemble_testdata(
        0,
        tests,
        mode=judge_terms.mode(package),
        programs=judge_terms.program_sources(package),
        includes=judge_terms.included_files(package),
        scored_alone=judge_terms.scored_alone(groups),
        custom_score=judge_terms.custom_score(package),
    )
    for name, content in files.items():
        assert isinstance(content, bytes)  # a package in memory: no content by digest
        _write(root / name, content)
    return LocalTestdata.load(root)


def _write(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)


def job_for(package: Package, program: Program, checksum: str, entrypoint: str = "") -> SubmissionJob:
    return SubmissionJob(
        entrypoint=entrypoint,
        submission_id=0,
        problem_id=0,
        language=program.language,
        source="",
        files=submission_files(program),
        time_limit_ms=judge_terms.time_limit_ms(package),
        memory_limit_kb=judge_terms.memory_limit_kb(package),
        testdata_checksum=checksum,
        api_url="",
        user_id=0,
        checker=judge_terms.checker(package).to_dict(),
        scoring=judge_terms.scoring(package),
    )


def verify_locally(package: Package, backend: SandboxBackend | None = None) -> Iterator[Check]:
    """Judges the package in this process; yields each check as it is done."""
    backend = backend or get_backend()
    for problem in package.problems:  # wrong, and the rest still checked (as problemtools goes on)
        yield Check(problem.path, "valid", "invalid", problem.message)
    with tempfile.TemporaryDirectory(prefix="panda-verify-") as scratch:
        testdata = write_testdata(package, Path(scratch, "testdata"))
        yield from _check_inputs(package, testdata, backend)
        compiled = _compile_output_validator(package, testdata, backend)
        if compiled is not None:
            yield compiled
            return  # every submission would end in a judge error
        grader = get_grader(testdata.manifest.mode)(backend, "panda-verify")
        names = [test.name for group in package.groups for test in group.tests]  # by ordinal - 1
        judged: dict[int, JudgeResult] = {}
        if not package.time_limit_explicit:
            package, derived, judged = _derive_time_limit(package, grader, testdata)
            yield derived
        for index, submission in enumerate(package.submissions):
            if submission.program.unavailable:
                yield not_available(submission.path, submission.expected_verdict, submission.program)
                continue
            # Accepted within the search limit is accepted within the derived one
            # (at least the slowest such run): those are not judged again.
            result = judged.get(index)
            if result is None or result.verdict is not Verdict.AC:
                try:
                    job = job_for(
                        package, submission.program, testdata.manifest.checksum, submission.entrypoint
                    )
                    result = grader.grade(job, testdata)
                except ProgramError as exc:  # the validator or interactor misbehaved: the package's fault
                    yield Check(submission.path, submission.expected_verdict, "IE", _first_line(exc))
                    continue
            got, summary = result.verdict.value, _summary(result.tests, result.score, package.scoring)
            if submission.score is not None:  # submissions.yaml's
                low, high = submission.score
                wanted = f"{low:g}" if low == high else f"{low:g}..{high:g}"
                summary += f"; expected score {wanted}" if package.scoring else "; a score, but not scoring"
            if package.scoring and result.tests:  # the reference's verdict: its grader, not our first failure
                got = reference_verdict(
                    package, {names[t.ordinal - 1]: t.verdict.value for t in result.tests}
                )
                if got != result.verdict.value:
                    summary += f"; the judge shows its first failure, {result.verdict.value}"
            yield Check(
                submission.path,
                submission.expected_verdict,
                got,
                summary,
                share=_share(package, result.score),
                verdicts=submission.verdicts,
                score_range=submission.score,
                score=result.score if package.scoring else None,
            )


def _share(package: Package, score: float) -> float:
    """The score as a share of the best a submission can get: every test's points,
    or under a custom score (the validator's score.txt), the top of data/'s ``range``."""
    best = sum(sum(group.points) for group in judge_terms.judge_groups(package))
    if judge_terms.custom_score(package):
        best = judge_terms.score_range(package)[1]
    return score / best if package.scoring and best > 0 else 1.0


def not_available(what: str, expected: str, program: Program) -> Check:
    """The table line of a program in a language this judge lacks, or of one in a
    submissions folder no one knows (problemtools' "does not match any known
    submissions directory; ignoring it"): reported, not judged."""
    if expected == IGNORED:
        return Check(what, IGNORED, IGNORED, f"not judged: {program.unavailable}")
    return Check(what, expected, NOT_AVAILABLE, f"language not available: {program.unavailable}")


# How long an accepted submission may take while the limit is being found.
SEARCH_TIME_LIMIT_S = 10.0


def _derive_time_limit(
    package: Package, grader: Grader[Any], testdata: LocalTestdata
) -> tuple[Package, Check, dict[int, JudgeResult]]:
    """No time limit given: judge the accepted submissions with a generous one and
    set the package's limit from the slowest, as problemtools does. Also returns
    those results, by the submission's index."""
    searching = replace(package, time_limit_s=SEARCH_TIME_LIMIT_S)
    judged: dict[int, JudgeResult] = {}
    for index, submission in enumerate(package.submissions):
        if submission.expected_verdict == Verdict.AC.value and not submission.program.unavailable:
            with contextlib.suppress(ProgramError):  # reported when the submission is judged for real
                job = job_for(
                    searching, submission.program, testdata.manifest.checksum, submission.entrypoint
                )
                judged[index] = grader.grade(job, testdata)
    accepted = [t.time_ms for result in judged.values() if result.verdict is Verdict.AC for t in result.tests]
    slowest = max(accepted, default=0) / 1000
    limit = judge_terms.derived_time_limit(package, slowest)
    detail = f"slowest accepted {slowest:.3f} s x {judge_terms.time_multiplier(package):g}"
    check = Check("time limit (none given)", "derived", "derived", f"{limit:g} s: {detail}")
    return replace(package, time_limit_s=limit), check, judged


def _compile_output_validator(
    package: Package, testdata: LocalTestdata, backend: SandboxBackend
) -> Check | None:
    """A failed check when the package's validator or interactor does not compile."""
    spec = testdata.manifest.validator or testdata.manifest.interactor
    if spec is None or package.output_validator is None:
        return None
    try:
        ProgramCache.beside(testdata, backend).get(testdata, spec)
    except ProgramError as exc:
        return Check(f"output_validators/{package.output_validator.name}", "compiles", "CE", _first_line(exc))
    return None


def _first_line(exc: Exception, width: int = 160) -> str:
    lines = [line for line in str(exc).splitlines() if line.strip()]
    return " / ".join(lines[:3])[:width]


def _check_inputs(package: Package, testdata: LocalTestdata, backend: SandboxBackend) -> Iterator[Check]:
    programs = ProgramCache.beside(testdata, backend)
    names = [test.name for group in package.groups for test in group.tests]
    for validator in package.input_validators:
        if validator.unavailable:
            yield not_available(f"input_validators/{validator.name}", "valid", validator)
            continue
        source = validator.judge_source
        key = files_checksum(source) if isinstance(source, dict) else program_checksum(source)
        members: dict[str, Content] = {}
        spec = stored_program(f"input-{key}", (validator.language, source), members)
        for member, content in members.items():
            assert isinstance(content, bytes)
            _write(testdata.root / member, content)
        compiled = programs.get(testdata, spec)
        rejected = []
        for test, name in zip(testdata.tests, names, strict=True):
            with backend.create_box(validator.language, compiling=False) as box:
                compiled.install(box)
                run = box.run(
                    compiled.argv([]), PROGRAM_LIMITS, stdin=testdata.input_path(test), env=compiled.env()
                )
            if not (run.outcome is Outcome.NONZERO_EXIT and run.exit_code == VALID_INPUT):
                rejected.append(f"data/{name}.in")
        got = "valid" if not rejected else f"rejects {len(rejected)}"
        yield Check(f"input_validators/{validator.name}", "valid", got, ", ".join(rejected[:3]))


def _summary(tests: list, score: float, scoring: bool) -> str:
    slowest = max((t.time_ms for t in tests), default=0)
    text = f"{len(tests)} tests, max {slowest} ms"
    return f"{text}, score {score:g}" if scoring else text
