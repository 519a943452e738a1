"""A problem's test data as judges download it: the manifest and its files by zip member.

One assembly for every maker of test data: web (tests stored as blobs, given by
digest and streamed by web itself), the setter CLI's local verify (a package
in memory) and the judge's tests. The checksum comes with it, so what a judge
checks is always what was assembled.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from queues.judge_api import (
    BATCH,
    MANIFEST_NAME,
    ProgramFile,
    TestdataManifest,
    TestFile,
    TestRow,
    include_role,
    testdata_checksum,
)
from queues.names import INTERACTOR, VALIDATOR

# A setter's program: (language, source), the source one file or several by name.
ProgramSource = tuple[str, bytes | dict[str, bytes]]


@dataclass(frozen=True)
class ByDigest:
    """Content its maker streams itself (web's blobs), known here by its sha256 (hex)."""

    sha256: str


Content = bytes | ByDigest


@dataclass(frozen=True)
class TestSource:
    """One test as its maker has it."""

    __test__ = False

    group: str
    input: Content
    answer: Content
    points: float = 0.0
    is_sample: bool = False
    id: int | None = None  # web's test row id; the ordinal when None


def sha256_of(content: Content) -> str:
    return content.sha256 if isinstance(content, ByDigest) else hashlib.sha256(content).hexdigest()


def assemble_testdata(
    problem_id: int,
    tests: Sequence[TestSource],
    *,
    mode: str = BATCH,
    programs: Mapping[str, ProgramSource] | None = None,
    includes: Mapping[str, dict[str, bytes]] | None = None,
    scored_alone: Sequence[str] = (),
    custom_score: str = "",
) -> tuple[TestdataManifest, dict[str, Content]]:
    """The manifest (with its checksum) and every file of the zip by member name, the
    manifest's own among them. ``programs`` by role ("validator", "interactor");
    ``includes``: the files added to submissions, by language id (or INCLUDE_DEFAULT)."""
    files: dict[str, Content] = {}
    entries: list[TestFile] = []
    rows: list[TestRow] = []
    for ordinal, test in enumerate(tests, start=1):
        test_id = ordinal if test.id is None else test.id
        entry = TestFile.numbered(test_id, ordinal, test.group, test.points, test.is_sample)
        files[entry.input], files[entry.answer] = test.input, test.answer
        entries.append(entry)
        rows.append(
            TestRow(
                ordinal,
                test.group,
                test.points,
                test.is_sample,
                sha256_of(test.input),
                sha256_of(test.answer),
            )
        )
    every_program = {
        **(programs or {}),
        **{include_role(language): (language, source) for language, source in (includes or {}).items()},
    }
    stored = {role: stored_program(role, program, files) for role, program in every_program.items()}
    manifest = TestdataManifest(
        problem_id=problem_id,
        checksum=testdata_checksum(rows, mode, every_program, scored_alone, custom_score),
        tests=entries,
        mode=mode,
        validator=stored.get(VALIDATOR),
        interactor=stored.get(INTERACTOR),
        scored_alone=list(scored_alone),
        custom_score=custom_score,
        includes={language: stored[include_role(language)] for language in includes or {}},
    )
    files[MANIFEST_NAME] = manifest.to_json().encode()
    return manifest, files


def stored_program(role: str, program: ProgramSource, files: dict[str, Content]) -> ProgramFile:
    """The program's manifest entry; its files go into ``files`` by member name."""
    language, source = program
    entry = ProgramFile.stored(role, language, source)
    if isinstance(source, dict):
        files.update({member: source[name] for name, member in entry.members().items()})
    else:
        files[entry.source] = source
    return entry
