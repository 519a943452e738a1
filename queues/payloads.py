"""Wire formats: what web puts on the judge queue, what judges send back.

Every payload is a dataclass with ``to_dict``/``from_dict`` so that only plain
JSON-able dicts cross process boundaries, and a ``version`` so that a judge
can refuse a job shaped by a newer web.
"""

from __future__ import annotations

import base64
from dataclasses import asdict, dataclass, field, fields
from enum import Enum
from typing import Any, ClassVar, TypeVar

from queues.verdicts import SubmissionStatus, Verdict

PAYLOAD_VERSION = 1

T = TypeVar("T", bound="_Payload")
J = TypeVar("J", bound="_Job")


class PayloadError(ValueError):
    """A payload is missing fields or comes from an incompatible version."""


def _plain(items: list[tuple[str, Any]]) -> dict[str, Any]:
    """asdict's dict factory: enums travel as their values."""
    return {key: value.value if isinstance(value, Enum) else value for key, value in items}


class _Payload:
    # Fields the wire carries as plain values, parsed back into these enums.
    enum_fields: ClassVar[dict[str, type[Enum]]] = {}

    def __post_init__(self) -> None:
        for name, enum in self.enum_fields.items():
            value = getattr(self, name)
            if value is not None and not isinstance(value, enum):
                object.__setattr__(self, name, enum(value))  # frozen: set once, here

    def to_dict(self) -> dict[str, Any]:
        return asdict(self, dict_factory=_plain)  # type: ignore[call-overload]

    @classmethod
    def from_dict(cls: type[T], data: dict[str, Any]) -> T:
        names = {f.name for f in fields(cls)}  # type: ignore[arg-type]
        try:
            return cls(**{k: v for k, v in data.items() if k in names})
        except (TypeError, ValueError) as exc:
            raise PayloadError(f"bad {cls.__name__}: {exc}") from exc


@dataclass(frozen=True)
class CheckerSpec(_Payload):
    """Which output checker a problem uses, by name, with its arguments."""

    name: str = "tokens"
    args: dict[str, Any] = field(default_factory=dict)


class _Job(_Payload):
    """What a judge is asked to do: refused when a newer web shaped it; its checker by spec."""

    checker: dict[str, Any]

    @classmethod
    def from_dict(cls: type[J], data: dict[str, Any]) -> J:
        if data.get("version", PAYLOAD_VERSION) > PAYLOAD_VERSION:
            raise PayloadError(f"job version {data['version']} is newer than {PAYLOAD_VERSION}")
        return super().from_dict(data)

    @property
    def checker_spec(self) -> CheckerSpec:
        return CheckerSpec.from_dict(self.checker)


@dataclass(frozen=True)
class SubmissionJob(_Job):
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
    # A program of several files: [{"name", "content"}] (text), ``source`` then
    # being its main file's. Empty: ``source`` is the whole program.
    files: list[dict[str, str]] = field(default_factory=list)
    # The main file's name among ``files`` (or Java's class); "": the language picks it.
    # Judges before this field ignore it (only verify sets it, for a package's
    # submissions.yaml ``entrypoint``).
    entrypoint: str = ""

    @property
    def program(self) -> str | dict[str, bytes]:
        """What the judge builds: the one source, or the files by name."""
        if not self.files:
            return self.source
        return {str(f["name"]): str(f["content"]).encode() for f in self.files}


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

    enum_fields = {"verdict": Verdict}


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

    enum_fields = {"verdict": Verdict}

    def __post_init__(self) -> None:
        super().__post_init__()
        tests = [t if isinstance(t, TestResult) else TestResult.from_dict(t) for t in self.tests]
        object.__setattr__(self, "tests", tests)


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

    enum_fields = {"status": SubmissionStatus, "verdict": Verdict}


@dataclass(frozen=True)
class RunInput(_Payload):
    """One input of a run: a sample (with its answer) or the author's own (none)."""

    name: str
    input: str
    answer: str | None = None


@dataclass(frozen=True)
class RunJob(_Job):
    """A run on samples or custom input (``POST /api/runs``): judged like a
    submission, on the same queue and sandbox, but never stored; its result
    goes only to the author's room as ``run.update`` events."""

    run_id: str  # a uuid, made by web
    user_id: int
    problem_id: int
    language: str
    source: str
    time_limit_ms: int
    memory_limit_kb: int
    inputs: list[RunInput]
    checker: dict[str, Any] = field(default_factory=lambda: CheckerSpec().to_dict())
    # The problem's files for every program in this language (a package's include/):
    # name -> content, base64 (they need not be text).
    included: dict[str, str] = field(default_factory=dict)
    version: int = PAYLOAD_VERSION

    def __post_init__(self) -> None:
        super().__post_init__()
        inputs = [i if isinstance(i, RunInput) else RunInput.from_dict(i) for i in self.inputs]
        object.__setattr__(self, "inputs", inputs)

    @property
    def included_files(self) -> dict[str, bytes]:
        return {name: base64.b64decode(content) for name, content in self.included.items()}


@dataclass(frozen=True)
class RunOutput(_Payload):
    """What the program did on one input of a run.

    ``checked``: the output was compared with the input's answer (a sample's,
    with the problem's checker), so ``verdict`` is AC or WA if it ran cleanly.
    Unchecked (custom input, or a problem whose checker is the setter's
    validator), AC only says the program ran cleanly within the limits.
    ``stdout``/``stderr`` hold their first bytes; ``*_truncated`` says there was more.
    """

    name: str
    verdict: Verdict
    checked: bool
    time_ms: int
    memory_kb: int
    stdout: str = ""
    stdout_truncated: bool = False
    stderr: str = ""
    stderr_truncated: bool = False
    exit_code: int | None = None
    signal: int | None = None
    # Why the run ended badly, or the checker's feedback (never the answer).
    message: str = ""

    enum_fields = {"verdict": Verdict}


@dataclass(frozen=True)
class RunUpdate(_Payload):
    """A live event (``run.update``) sent to the author's room: compiling ->
    running (input k of n) -> done. The ``done`` event carries the overall
    ``verdict`` (CE, IE, the first input's that is not AC, else AC), the
    compiler's message and one ``RunOutput`` per input."""

    run_id: str
    user_id: int
    status: SubmissionStatus
    input: int | None = None
    total_inputs: int | None = None
    verdict: Verdict | None = None
    compile_message: str = ""
    results: list[RunOutput] = field(default_factory=list)
    # For the author, with IE: the judge failed (the run is not retried; run again).
    message: str = ""

    enum_fields = {"status": SubmissionStatus, "verdict": Verdict}

    def __post_init__(self) -> None:
        super().__post_init__()
        results = [r if isinstance(r, RunOutput) else RunOutput.from_dict(r) for r in self.results]
        object.__setattr__(self, "results", results)
