"""A problem package in memory: what ``read_package`` returns and ``write_package`` takes.

The ICPC / Kattis problem package format (problemtools' ``verifyproblem``
is the reference): ``problem.yaml``, ``problem_statement/``, ``data/sample``
and ``data/secret`` (sub-folders are test groups, each with an optional
``testdata.yaml``), ``output_validators/``, ``input_validators/``,
``attachments/`` and ``submissions/<expected verdict>/``.

Plain data only, no I/O: the web app turns a Package into database rows, the
setter CLI judges its submissions, the writer turns it back into files.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeAlias

from problempkg.errors import PackageError
from queues import names

# A group's aggregation: MIN = a subtask, all or nothing; SUM = each test earns its own points.
MIN, SUM = names.MIN, names.SUM

# data/ folders: the samples (shown to contestants) and the secret tests.
SAMPLE_GROUP, SECRET_GROUP = "sample", "secret"

# validation: in problem.yaml
DEFAULT_VALIDATION = "default"
CUSTOM_VALIDATION = "custom"
INTERACTIVE_VALIDATION = "custom interactive"
VALIDATIONS = (DEFAULT_VALIDATION, CUSTOM_VALIDATION, INTERACTIVE_VALIDATION)

PARTIALLY_ACCEPTED = "PAC"
# A submission in a folder of none of these, nor 2025-09's rejected/ and brute_force/,
# nor one submissions/submissions.yaml names (DOMjudge's mixed-verdicts/): problemtools
# reports each of its files and judges none; so do we.
IGNORED = "ignored"


class _FolderVerdicts(dict[str, str]):
    """The table below; a folder not in it expects IGNORED (and is not added to it)."""

    def __missing__(self, folder: str) -> str:
        return IGNORED


# submissions/<folder>/ -> the verdict every file in it must get (queues.Verdict values).
EXPECTED_VERDICTS = _FolderVerdicts(
    {
        "accepted": "AC",
        # Legacy: accepted, but short of the full score (scoring problems), as problemtools checks it.
        "partially_accepted": PARTIALLY_ACCEPTED,
        "wrong_answer": "WA",
        "time_limit_exceeded": "TLE",
        "run_time_error": "RE",
    }
)

# The format's test verdicts (its RTE is our RE), in the order a label names them.
FORMAT_VERDICTS = ("AC", "WA", "TLE", "RE")

# 2025-09's default folders that are not one verdict: (permitted, required). Every
# test's verdict is in ``permitted``; at least one test's is in ``required``.
VERDICT_SETS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "rejected": (frozenset(FORMAT_VERDICTS), frozenset({"WA", "TLE", "RE"})),
    "brute_force": (frozenset({"AC", "RE", "TLE"}), frozenset({"RE", "TLE"})),
}


def folder_verdicts(folder: str) -> tuple[frozenset[str], frozenset[str]] | None:
    """A default folder's (permitted, required); None for PAC and folders no one knows."""
    if folder in VERDICT_SETS:
        return VERDICT_SETS[folder]
    verdict = EXPECTED_VERDICTS[folder]
    if verdict in (IGNORED, PARTIALLY_ACCEPTED):
        return None
    return frozenset({verdict}), frozenset({verdict})


def verdicts_label(permitted: frozenset[str], required: frozenset[str]) -> str:
    """The verdicts a submission may end with, judged by its one verdict: "AC", "WA|TLE|RE".

    A submission's verdict is its first failure (all its tests AC when AC), so it
    passes when that verdict is both permitted and required."""
    return "|".join(v for v in FORMAT_VERDICTS if v in permitted and v in required)


def label_verdicts(label: str) -> frozenset[str]:
    """``verdicts_label`` read back (the server path builds its checks from the label)."""
    return frozenset(label.split("|"))


# The format's folders know AC, WA, TLE and RTE. problemtools limits memory with
# RLIMIT_AS, so a run over it fails to allocate and crashes: RTE. It checks the output's
# size only after a run that ended in time and without a crash, so a run we stop at
# the output limit is, there, TLE (had it kept printing) or RTE (had it crashed):
# either folder matches. Users still see MLE and OLE; only this comparison maps.
FORMAT_VERDICT = {
    "MLE": ("RE",),
    "OLE": ("TLE", "RE"),
}


def verdict_allowed(got: str, permitted: frozenset[str], required: frozenset[str]) -> bool:
    """Does a submission judged ``got`` (our verdict) pass a folder's (permitted, required)?

    Its verdict is its first failing test's (every test's when AC): it must be
    both permitted and required, read in the format's verdicts (FORMAT_VERDICT)."""
    return any(v in permitted and v in required for v in (got, *FORMAT_VERDICT.get(got, ())))


def label_allows(label: str, got: str) -> bool:
    """``verdict_allowed`` for a ``verdicts_label`` ("AC", "WA|TLE|RE"), as the server stores it."""
    verdicts = label_verdicts(label)
    return verdict_allowed(got, verdicts, verdicts)


@dataclass(frozen=True)
class SpooledFile:
    """A test file copied to disk while the package was read (``read_package(spool_dir=...)``),
    so that a big test set is never held in memory: where it is, its size and sha256."""

    path: Path
    size: int
    sha256: str  # hex

    def read_bytes(self) -> bytes:
        return self.path.read_bytes()


# A test file's content: in memory, or spooled to disk.
TestData: TypeAlias = bytes | SpooledFile


def data_bytes(data: TestData) -> bytes:
    return data.read_bytes() if isinstance(data, SpooledFile) else data


def data_sha256(data: TestData) -> str:
    return data.sha256 if isinstance(data, SpooledFile) else hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class TestCase:
    """One ``.in``/``.ans`` pair; ``name`` is its path under data/ without the suffix."""

    __test__ = False  # not a pytest test class

    name: str  # e.g. "sample/1", "secret/group1/03"
    input: TestData
    answer: TestData


@dataclass(frozen=True)
class TestGroup:
    """A folder of tests under data/: "sample", "secret", or a subtask "secret/<name>"."""

    __test__ = False

    name: str
    tests: list[TestCase] = field(default_factory=list)
    # From the folder's testdata.yaml (inherited from data/secret when absent there).
    points: float | None = None  # accept_score of the group (IOI subtasks)
    aggregation: str = SUM  # SUM or MIN (grader_flags)
    settings: dict[str, Any] = field(default_factory=dict)  # testdata.yaml as read, for export


@dataclass(frozen=True)
class Program:
    """A program of the package: an output validator (checker or interactor), an
    input validator, or a submission. ``files`` are relative to its folder;
    ``language`` is one of our language ids (judge/languages)."""

    name: str  # file or folder name under its parent folder
    language: str  # "" when ``unavailable``
    files: dict[str, bytes]
    # The language it is written in when this judge lacks it ("Kotlin", "Python 2"):
    # that program is reported as not available, the rest of the package is judged.
    unavailable: str = ""

    @property
    def judge_source(self) -> bytes | dict[str, bytes]:
        """What the judge builds: the one file's bytes, or every file by name
        (compiled together; the language picks the main one)."""
        return self.source if len(self.files) == 1 else dict(self.files)

    @property
    def source(self) -> bytes:
        """The only file of a single-file program (see ``judge_source`` for any program)."""
        if len(self.files) != 1:
            raise ValueError(f"{self.name}: {len(self.files)} files, the judge takes one")
        return next(iter(self.files.values()))


def submission_files(program: Program) -> list[dict[str, str]]:
    """A package's submission as a job's files: names kept (Java's class name, the main file)."""
    return [
        {"name": name, "content": data.decode("utf-8", errors="replace")}
        for name, data in sorted(program.files.items())
    ]


@dataclass(frozen=True)
class Submission:
    """A file under submissions/<folder>/ and what its folder (and submissions.yaml) demand."""

    folder: str  # "accepted", "wrong_answer", ...
    program: Program
    # Test verdicts (FORMAT_VERDICTS): every test's is permitted, at least one test's is
    # required. None: the folder's (its one verdict, the default folders' sets, or none);
    # submissions.yaml's gives both.
    permitted: frozenset[str] | None = None
    required: frozenset[str] | None = None
    # submissions.yaml's score (scoring problems): the inclusive range it must fall in.
    score: tuple[float, float] | None = None
    # submissions.yaml's entrypoint: the main file, or Java's class; "" when not given.
    entrypoint: str = ""

    @property
    def verdicts(self) -> tuple[frozenset[str], frozenset[str]] | None:
        """(permitted, required), or None when its folder expects PAC or is ignored."""
        if self.permitted is None or self.required is None:
            return folder_verdicts(self.folder)
        return self.permitted, self.required

    @property
    def expected_verdict(self) -> str:
        verdicts = self.verdicts
        if verdicts is None:
            return EXPECTED_VERDICTS[self.folder]
        return verdicts_label(*verdicts)

    @property
    def path(self) -> str:
        """Where it sits in the package, as a setter names it."""
        return f"submissions/{self.folder}/{self.program.name}"


@dataclass(frozen=True)
class Package:
    slug: str  # the package's folder (or zip) name
    name: str  # problem.yaml name (the title)
    time_limit_s: float  # limits.time_limit, or .timelimit, else the default (1 s)
    memory_mb: int  # limits.memory (MiB), default 2048 as in the format, capped by our judge
    validation: str  # one of VALIDATIONS
    validator_flags: str  # for the default validator: float_tolerance X, case_sensitive, ...
    scoring: bool  # problem.yaml's type is scoring (IOI-style points), not pass-fail
    statements: dict[str, str]  # language code ("en") -> Markdown
    groups: list[TestGroup]  # sample first, then secret groups in order
    author: str = ""
    source: str = ""
    license: str = ""
    output_validator: Program | None = None  # checker (custom) or interactor (custom interactive)
    input_validators: list[Program] = field(default_factory=list)
    attachments: dict[str, bytes] = field(default_factory=dict)
    submissions: list[Submission] = field(default_factory=list)
    # problem.yaml as read: keys we do not use are written back on export.
    config: dict[str, Any] = field(default_factory=dict)
    # False when the package gives no time limit (time_limit_s is then the default):
    # derive one from the slowest accepted submission (config's limits multipliers).
    time_limit_explicit: bool = True
    # The statement folder's other files (images, other formats), by relative path.
    statement_files: dict[str, bytes] = field(default_factory=dict)
    # testdata.yaml of data folders holding no tests themselves ("" for data/, "secret"
    # above its groups), by path under data/; groups carry their own in settings.
    folder_settings: dict[str, dict[str, Any]] = field(default_factory=dict)
    # include/<language code>/ (2025-09): files added to every submission in that language
    # before it compiles ("default": languages without their own), by format language code.
    includes: dict[str, dict[str, bytes]] = field(default_factory=dict)
    # What is wrong but did not stop reading it (read_package's ``to_verify``).
    problems: list[PackageError] = field(default_factory=list)
