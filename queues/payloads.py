"""Wire formats: what web puts on the judge queue, what judges send back.

Every payload is a dataclass with ``to_dict``/``from_dict`` so that only plain
JSON-able dicts cross process boundaries, and a ``version`` so that a judge
can refuse a job shaped by a newer web.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any, TypeVar

from queues.verdicts import SubmissionStatus, Verdict

PAYLOAD_VERSION = 1

T = TypeVar("T", bound="_Payload")


class PayloadError(ValueError):
    """A payload is missing fields or comes from an incompatible version."""


class _Payload:
    def to_dict(self) -> dict[str, Any]:
        return asdict(self)  # type: ignore[call-overload]

    @classmethod
    def from_dict(cls: type[T], data: dict[str, Any]) -> T:
        names = {f.name for f in fields(cls)}  # type: ignore[arg-type]
        try:
            return cls(**{k: v for k, v in data.items() if k in names})
        except TypeError as exc:
            raise PayloadError(f"bad {cls.__name__}: {exc}") from exc


@dataclass(frozen=True)
class CheckerSpec(_Payload):
    """Which output checker a problem uses, by name, with its arguments."""

    name: str = "tokens"
    args: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class SubmissionJob(_Payload):
    """One submission to judge, as enqueued on the judge queue."""

    submission_id: int
    problem_id: int
    language: str
    source: str
    time_limit_ms: int
    memory_limit_kb: int
    testdata_checksum: str
    # Base URL of the web's judge API (test data download, result upload).
    api_url: str
    user_id: int
    contest_id: int | None = None
    checker: dict[str, Any] = field(default_factory=lambda: CheckerSpec().to_dict())
    # "icpc": stop at the first failing test; "ioi": run every test.
    scoring: str = "icpc"
    attempt: int = 1
    version: int = PAYLOAD_VERSION

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SubmissionJob:
        if data.get("version", PAYLOAD_VERSION) > PAYLOAD_VERSION:
            raise PayloadError(f"job version {data['version']} is newer than {PAYLOAD_VERSION}")
        return super().from_dict(data)

    @property
    def checker_spec(self) -> CheckerSpec:
        return CheckerSpec.from_dict(self.checker)


@dataclass(frozen=True)
class TestResult(_Payload):
    """The outcome of one test. ``test_id`` points at the problem's test row."""

    __test__ = False  # not a pytest test class

    ordinal: int
    test_id: int
    group: str
    verdict: Verdict
    time_ms: int
    memory_kb: int
    exit_code: int | None = None
    signal: int | None = None
    points: float = 0.0
    # Checker feedback for the author; never the test's data.
    message: str = ""

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["verdict"] = Verdict(self.verdict).value
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TestResult:
        result = super().from_dict(data)
        return cls(**{**asdict(result), "verdict": Verdict(result.verdict)})


@dataclass(frozen=True)
class JudgeResult(_Payload):
    """The final result of a submission, posted by the judge to web."""

    submission_id: int
    verdict: Verdict
    time_ms: int
    memory_kb: int
    score: float
    tests: list[TestResult]
    judge_node: str
    compile_message: str = ""
    version: int = PAYLOAD_VERSION

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["verdict"] = Verdict(self.verdict).value
        data["tests"] = [t.to_dict() for t in self.tests]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> JudgeResult:
        try:
            tests = [TestResult.from_dict(t) for t in data["tests"]]
            return cls(
                submission_id=int(data["submission_id"]),
                verdict=Verdict(data["verdict"]),
                time_ms=int(data["time_ms"]),
                memory_kb=int(data["memory_kb"]),
                score=float(data["score"]),
                tests=tests,
                judge_node=str(data["judge_node"]),
                compile_message=str(data.get("compile_message", "")),
                version=int(data.get("version", PAYLOAD_VERSION)),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise PayloadError(f"bad JudgeResult: {exc}") from exc


@dataclass(frozen=True)
class SubmissionUpdate(_Payload):
    """A live progress event (``submission.update``) sent to the author's room.

    ``status`` moves queued -> compiling -> running (test k of n) -> done; the
    ``done`` event carries the verdict and is sent only after web stored it.
    """

    submission_id: int
    user_id: int
    status: SubmissionStatus
    contest_id: int | None = None
    test: int | None = None
    total_tests: int | None = None
    verdict: Verdict | None = None
    time_ms: int | None = None
    memory_kb: int | None = None
    score: float | None = None

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["status"] = SubmissionStatus(self.status).value
        data["verdict"] = Verdict(self.verdict).value if self.verdict else None
        return data
