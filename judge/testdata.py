"""A node's cache of problem test data, keyed by problem id and checksum.

``<cache>/<problem id>-<checksum>/`` holds ``manifest.json`` and the files it
names. The checksum covers the tests' content only, so two problems with
identical tests share it; their manifests differ (problem id, test ids), hence
one entry per problem. An
entry appears only complete (extracted elsewhere, then renamed into place), so
judge processes sharing a node never see half a download. The cache is
root-only (0700) and is never mounted into a box: tests reach programs as
stdin files the host opens.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import stat
import tempfile
import time
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Protocol

from judge.config import settings
from queues.judge_api import (
    MANIFEST_NAME,
    ProgramFile,
    TestdataManifest,
    TestFile,
    files_checksum,
    program_checksum,
)

log = logging.getLogger(__name__)

REPO_ROOT = Path(__file__).resolve().parent.parent
_CHECKSUM = re.compile(r"[0-9a-f]{64}")
# Leftovers of a process killed mid-download are removed after this long.
STALE_INCOMING_S = 3600


class TestdataError(RuntimeError):
    """Test data is unsafe, inconsistent or not the version the job asked for."""

    __test__ = False  # not a pytest test class


class TestdataSource(Protocol):
    def fetch_testdata(self, problem_id: int, dest: Path) -> str:
        """Writes the zip to dest; returns the checksum web announced."""


def safe_member_name(name: str) -> PurePosixPath:
    """A relative path that stays inside the directory it is extracted to."""
    path = PurePosixPath(name)
    if not name or "\\" in name or "\0" in name or path.is_absolute():
        raise TestdataError(f"unsafe member name {name!r}")
    if any(part in ("", ".", "..") for part in name.rstrip("/").split("/")):
        raise TestdataError(f"unsafe member name {name!r}")
    return path


@dataclass(frozen=True)
class LocalTestdata:
    """One problem's test data on local disk."""

    __test__ = False  # not a pytest test class

    root: Path
    manifest: TestdataManifest

    @classmethod
    def load(cls, root: Path) -> LocalTestdata:
        manifest = TestdataManifest.from_dict(json.loads((root / MANIFEST_NAME).read_text()))
        for test in manifest.tests:
            safe_member_name(test.input)
            safe_member_name(test.answer)
        return cls(root=root, manifest=manifest)

    @property
    def tests(self) -> list[TestFile]:
        return sorted(self.manifest.tests, key=lambda test: test.ordinal)

    def input_path(self, test: TestFile) -> Path:
        return self.root / test.input

    def answer_path(self, test: TestFile) -> Path:
        return self.root / test.answer

    def read_program(self, spec: ProgramFile) -> bytes | dict[str, bytes]:
        """A program the manifest names: its one file, or every file by name.
        TestdataError when what is stored does not match the checksum."""
        source: bytes | dict[str, bytes]
        if spec.files:
            source = {
                name: (self.root / safe_member_name(m)).read_bytes() for name, m in spec.members().items()
            }
            checksum = files_checksum(source)
        else:
            source = (self.root / safe_member_name(spec.source)).read_bytes()
            checksum = program_checksum(source)
        if checksum != spec.checksum:
            raise TestdataError(f"{spec.source}: the source does not match its checksum")
        return source

    def included(self, language: str) -> dict[str, bytes]:
        """The files every submission in ``language`` gets (a package's include/)."""
        spec = self.manifest.included(language)
        if spec is None:
            return {}
        files = self.read_program(spec)
        return files if isinstance(files, dict) else {spec.source.rsplit("/", 1)[-1]: files}


def _check_members(archive: zipfile.ZipFile, max_bytes: int) -> list[zipfile.ZipInfo]:
    files, seen, total = [], set(), 0
    for info in archive.infolist():
        safe_member_name(info.filename)
        if stat.S_ISLNK(info.external_attr >> 16):
            raise TestdataError(f"link in test data: {info.filename!r}")
        if info.is_dir():
            continue
        if info.filename in seen:
            raise TestdataError(f"duplicate member {info.filename!r}")
        seen.add(info.filename)
        total += info.file_size
        if total > max_bytes:
            raise TestdataError(f"test data unpacks to more than {max_bytes} bytes")
        files.append(info)
    return files


def extract_testdata(zip_path: Path, dest: Path, max_bytes: int) -> None:
    """Extracts into the new, empty dir ``dest``, refusing absolute paths, ``..`` and links."""
    with zipfile.ZipFile(zip_path) as archive:
        for info in _check_members(archive, max_bytes):
            target = dest / info.filename
            target.parent.mkdir(parents=True, exist_ok=True)
            # O_EXCL|O_NOFOLLOW: never write through anything already there.
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
            with archive.open(info) as source, os.fdopen(fd, "wb") as sink:
                shutil.copyfileobj(source, sink, 1 << 16)  # zipfile checks size and CRC


def _verify(testdata: LocalTestdata, problem_id: int, checksum: str) -> None:
    manifest = testdata.manifest
    if manifest.checksum != checksum or manifest.problem_id != problem_id:
        raise TestdataError(
            f"manifest is problem {manifest.problem_id} checksum {manifest.checksum}, "
            f"the job wants problem {problem_id} checksum {checksum}"
        )
    for test in manifest.tests:
        for path in (testdata.input_path(test), testdata.answer_path(test)):
            if not path.is_file():
                raise TestdataError(f"manifest names missing file {path.name!r}")


def _tree_size(path: Path) -> int:
    return sum(
        os.lstat(os.path.join(folder, name)).st_size for folder, _, names in os.walk(path) for name in names
    )


class TestdataCache:
    __test__ = False  # not a pytest test class

    def __init__(self, cache_dir: Path, api: TestdataSource, budget_bytes: int | None = None) -> None:
        self.cache_dir = cache_dir
        self.api = api
        if budget_bytes is None:
            budget_bytes = settings().judge_cache_mb * 1024 * 1024
        self.budget_bytes = budget_bytes
        cache_dir.mkdir(parents=True, exist_ok=True)
        cache_dir.chmod(0o700)

    @staticmethod
    def default_dir() -> Path:
        return settings().judge_cache

    def entry_dir(self, problem_id: int, checksum: str) -> Path:
        """Where one problem's test data of this checksum is cached."""
        if not _CHECKSUM.fullmatch(checksum):  # it becomes part of a directory name
            raise TestdataError(f"malformed checksum {checksum!r}")
        return self.cache_dir / f"{int(problem_id)}-{checksum}"

    def get(self, problem_id: int, checksum: str) -> LocalTestdata:
        entry = self.entry_dir(problem_id, checksum)
        if not entry.is_dir():
            self._download(problem_id, checksum, entry)
            self.evict(keep=entry)
        # Recently used: evicted last. The clock's own ns, not the kernel's coarse
        # UTIME_NOW, so entries used within one tick keep their order.
        now = time.time_ns()
        os.utime(entry, ns=(now, now))
        testdata = LocalTestdata.load(entry)
        _verify(testdata, problem_id, checksum)
        return testdata

    def _download(self, problem_id: int, checksum: str, entry: Path) -> None:
        incoming = Path(tempfile.mkdtemp(prefix=".incoming-", dir=self.cache_dir))
        try:
            zip_path, unpacked = incoming / "testdata.zip", incoming / "data"
            announced = self.api.fetch_testdata(problem_id, zip_path)
            if announced != checksum:
                raise TestdataError(f"web sent test data {announced!r}, the job wants {checksum}")
            unpacked.mkdir()
            try:
                extract_testdata(zip_path, unpacked, self.budget_bytes)
            except zipfile.BadZipFile as exc:
                raise TestdataError(f"bad test data zip: {exc}") from exc
            _verify(LocalTestdata.load(unpacked), problem_id, checksum)
            try:
                os.rename(unpacked, entry)
            except OSError:
                if not entry.is_dir():
                    raise
                # Another judge process on this node got there first; same problem and checksum, same data.
            log.info("cached test data of problem %s (%s)", problem_id, checksum[:12])
        finally:
            shutil.rmtree(incoming, ignore_errors=True)

    def evict(self, keep: Path | None = None) -> None:
        """Removes least recently used entries until the cache fits its budget."""
        entries, stale = [], time.time() - STALE_INCOMING_S
        for path in self.cache_dir.iterdir():
            try:
                modified = path.stat().st_mtime
            except FileNotFoundError:  # another judge of this node finished or evicted it meanwhile
                continue
            if path.name.startswith("."):
                if modified < stale:
                    shutil.rmtree(path, ignore_errors=True)
                continue
            entries.append((modified, _tree_size(path), path))
        total = sum(size for _, size, _ in entries)
        for _, size, path in sorted(entries):
            if total <= self.budget_bytes:
                break
            if path == keep:
                continue
            # Renamed first so no reader ever opens a half-deleted entry by its name.
            doomed = self.cache_dir / f".evicted-{uuid.uuid4().hex}"
            try:
                os.rename(path, doomed)
            except FileNotFoundError:
                continue  # another process evicted it
            shutil.rmtree(doomed, ignore_errors=True)
            total -= size
            log.info("evicted test data %s", path.name[:12])
