"""The HTTP side of the contract: how a judge node talks to web.

A judge may run on another machine than web, so it never reads web's files
or database. It downloads a problem's test data as a zip (cached on the node
by checksum), reports progress and posts the final result. Every call carries
``Authorization: Bearer <PANDA_JUDGE_TOKEN>``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from queues import names

TESTDATA_PATH = "/judge/problems/{problem_id}/testdata"
STATUS_PATH = "/judge/submissions/{submission_id}/status"
RESULT_PATH = "/judge/submissions/{submission_id}/result"

# Inside the test data zip.
MANIFEST_NAME = "manifest.json"
# Problem types (the manifest's ``mode``): batch runs a program on an input
# file; interactive runs it against the problem's interactor through pipes.
BATCH = "batch"
INTERACTIVE = "interactive"
MODES = (BATCH, INTERACTIVE)
# A manifest's custom_score: the validator's score.txt may, or must, give an accepted test's score.
CUSTOM_SCORE_ALLOWED, CUSTOM_SCORE_REQUIRED = "allowed", "required"
CUSTOM_SCORES = ("", CUSTOM_SCORE_ALLOWED, CUSTOM_SCORE_REQUIRED)
# A manifest's includes: files added to every submission before it compiles (a package's
# include/), by language id; INCLUDE_DEFAULT's go to a language without its own.
INCLUDE_DEFAULT = "default"
# The checker name meaning "the output validator the test data carries".
CUSTOM_CHECKER = names.CUSTOM_CHECKER
CHECKSUM_HEADER = "X-Testdata-Checksum"


def auth_header(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


# Where the zip keeps tests (``tests/<ordinal>.in|.ans``) and setter programs (``programs/<role>``).
TESTS_DIR = "tests"
PROGRAMS_DIR = "programs"


@dataclass(frozen=True)
class TestFile:
    __test__ = False  # not a pytest test class

    id: int
    ordinal: int
    group: str
    input: str  # member name of the input file in the zip
    answer: str  # member name of the answer file in the zip
    points: float = 0.0
    is_sample: bool = False

    @classmethod
    def numbered(cls, test_id: int, ordinal: int, group: str, points: float, is_sample: bool) -> TestFile:
        """A test stored as ``tests/<ordinal>.in`` and ``.ans``."""
        stem = f"{TESTS_DIR}/{ordinal}"
        return cls(test_id, ordinal, group, f"{stem}.in", f"{stem}.ans", points, is_sample)


@dataclass(frozen=True)
class ProgramFile:
    """A setter's program in the zip: an output validator or an interactor
    (the ICPC protocol: ``program input judge_answer feedback_dir``, exit 42
    accepts, 43 rejects)."""

    language: str  # a queues.languages id
    source: str  # member name of the source in the zip
    checksum: str  # sha256 hex of the source(s): judges cache the compiled program by it
    # A program of several files (validate.cpp + validate.h): their names, each
    # stored as ``<source>/<name>``; ``source`` is then a folder. Empty: one file.
    files: list[str] = field(default_factory=list)

    @classmethod
    def stored(cls, name: str, language: str, source: bytes | dict[str, bytes]) -> ProgramFile:
        """The program stored as ``programs/<name>`` (a role: "validator", "interactor"),
        a file, or a folder of the given files."""
        if isinstance(source, dict):
            return cls(language, f"{PROGRAMS_DIR}/{name}", files_checksum(source), sorted(source))
        return cls(language, f"{PROGRAMS_DIR}/{name}", program_checksum(source))

    def members(self) -> dict[str, str]:
        """Zip member name of each file, by the file's name in the program ({} for one file)."""
        return {name: f"{self.source}/{name}" for name in self.files}

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> ProgramFile | None:
        if data is None:
            return None
        files = [str(name) for name in data.get("files", [])]
        return cls(str(data["language"]), str(data["source"]), str(data["checksum"]), files)


@dataclass(frozen=True)
class TestdataManifest:
    """What ``manifest.json`` in the test data zip holds.

    ``mode``, ``validator`` and ``interactor`` were added later: a manifest
    without them is a batch problem with a built-in checker.
    """

    problem_id: int
    checksum: str
    tests: list[TestFile] = field(default_factory=list)
    mode: str = BATCH
    # The custom checker (the job's checker name is "custom").
    validator: ProgramFile | None = None
    # Interactive problems: talks to the submission and decides the verdict.
    interactor: ProgramFile | None = None
    # Groups whose tests each earn their own points (a package's ``sum``
    # aggregation); every other named group is all or nothing (``min``).
    scored_alone: list[str] = field(default_factory=list)
    # The validator's score.txt (a package's custom score): "" means writing one is a
    # judge error; CUSTOM_SCORE_ALLOWED, it is the test's score if written;
    # CUSTOM_SCORE_REQUIRED, an accepted test without one is a judge error.
    custom_score: str = ""
    # Stored as programs named include_role(language); in the checksum as those programs.
    includes: dict[str, ProgramFile] = field(default_factory=dict)

    def included(self, language: str) -> ProgramFile | None:
        """The files a submission in ``language`` gets, if any."""
        return self.includes.get(language) or self.includes.get(INCLUDE_DEFAULT)

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TestdataManifest:
        return cls(
            problem_id=int(data["problem_id"]),
            checksum=str(data["checksum"]),
            tests=[TestFile(**t) for t in data["tests"]],
            mode=str(data.get("mode", BATCH)),
            validator=ProgramFile.from_dict(data.get(names.VALIDATOR)),
            interactor=ProgramFile.from_dict(data.get(names.INTERACTOR)),
            scored_alone=[str(group) for group in data.get("scored_alone", [])],
            custom_score=str(data.get("custom_score", "")),
            includes={
                str(language): program
                for language, entry in (data.get("includes") or {}).items()
                if (program := ProgramFile.from_dict(entry)) is not None
            },
        )


def include_role(language: str) -> str:
    """The program name (``programs/<name>``, the checksum's role) of a language's included files."""
    return f"include-{language}"


def program_checksum(source: bytes) -> str:
    return hashlib.sha256(source).hexdigest()


def files_checksum(files: dict[str, bytes]) -> str:
    """Checksum of a program of several files: names and contents."""
    digest = hashlib.sha256()
    for name, data in sorted(files.items()):
        digest.update(json.dumps(name).encode())
        digest.update(hashlib.sha256(data).digest())
    return digest.hexdigest()


@dataclass(frozen=True)
class TestRow:
    """What the checksum covers of one test: where it is, how it scores, and its data's sha256."""

    __test__ = False

    ordinal: int
    group: str
    points: float
    is_sample: bool
    input_sha256: str  # hex
    answer_sha256: str


def testdata_checksum(
    tests: Sequence[TestRow],
    mode: str = BATCH,
    programs: Mapping[str, tuple[str, bytes | dict[str, bytes]]] | None = None,
    scored_alone: Sequence[str] = (),
    custom_score: str = "",
) -> str:
    """Checksum of a problem's tests, its mode, its programs ({"validator": (language,
    source), ...}, included files as ``include_role`` programs), the groups scored
    test by test (``scored_alone``) and its custom score.

    Any change to data, order, grouping, points, mode or a program changes
    it, so judge caches keyed by it never serve stale tests. A batch problem
    without programs keeps the checksum it had before programs existed. It
    takes the data's digests, so tests stored by digest are never read for it.
    """
    digest = hashlib.sha256()
    for test in sorted(tests, key=lambda t: t.ordinal):
        header = json.dumps([test.ordinal, test.group, float(test.points), bool(test.is_sample)])
        digest.update(header.encode())
        digest.update(bytes.fromhex(test.input_sha256))
        digest.update(bytes.fromhex(test.answer_sha256))
    if mode != BATCH or programs:
        digest.update(json.dumps(["mode", mode]).encode())
        for role, (language, source) in sorted((programs or {}).items()):
            digest.update(json.dumps([role, language]).encode())
            data = files_checksum(source).encode() if isinstance(source, dict) else source
            digest.update(hashlib.sha256(data).digest())
    if scored_alone:
        digest.update(json.dumps(["scored_alone", sorted(scored_alone)]).encode())
    if custom_score:
        digest.update(json.dumps(["custom_score", custom_score]).encode())
    return digest.hexdigest()
