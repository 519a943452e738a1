"""A package's files by relative path, from a folder or straight from a zip (no extraction)."""

from __future__ import annotations

import hashlib
import lzma
import os
import re
import stat
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import IO

from problempkg import constants
from problempkg.errors import PackageError
from problempkg.model import SpooledFile

# Zip bomb guard: what a zip may hold once inflated.
MAX_TOTAL_BYTES = 1 << 30
MAX_FILES = 20_000

# The methods zipfile inflates; a zip tool may write others (deflate64, zstd, PPMd).
_METHODS = {
    zipfile.ZIP_STORED: "stored",
    zipfile.ZIP_DEFLATED: "deflate",
    zipfile.ZIP_BZIP2: "bzip2",
    zipfile.ZIP_LZMA: "lzma",
}
_ENCRYPTED_FLAG = 0x1
# What inflating an entry raises when its data is damaged (bz2 raises OSError and
# EOFError; zipfile's own BadZipFile is a "corrupt zip" of the whole archive).
_INFLATE_ERRORS = (zlib.error, lzma.LZMAError, OSError, EOFError)

# Litter from editors, zip tools and VCS; never part of a package.
_IGNORED_DIRS = frozenset({"__MACOSX", ".git", ".svn", "__pycache__"})
_IGNORED_FILES = frozenset({".DS_Store", "Thumbs.db"})
SPOOL_CHUNK_BYTES = 1 << 20


def _ignored(path: str) -> bool:
    parts = path.split("/")
    name = parts[-1]
    return (
        any(part in _IGNORED_DIRS for part in parts[:-1])
        or name in _IGNORED_FILES
        or name.startswith("._")
        or name.endswith(".pyc")
    )


class PackageFiles:
    """The files of one package: ``read(path)`` by POSIX path relative to the root."""

    def __init__(self, slug: str, paths: list[str]) -> None:
        self.slug = slug
        # Where test files are spooled to instead of read (None: into memory).
        self.spool_dir: Path | None = None
        self._spooled = 0
        self.paths = sorted(p for p in paths if not _ignored(p))
        self._path_set = frozenset(self.paths)
        # problem.yaml's constants (2025-09), once read: replaced where the format says.
        self.constants: dict[str, dict[str, bytes]] = {}

    def read(self, path: str) -> bytes:
        data = self._read(path)
        if self.constants and constants.applies_to(path):
            return constants.substitute(data, self.constants)
        return data

    def _read(self, path: str) -> bytes:
        raise NotImplementedError

    def spool(self, path: str, folder: Path) -> SpooledFile:
        """The file copied into ``folder`` a chunk at a time (hashed on the way), never
        whole in memory; files that constants change are read, as ``read`` does."""
        self._spooled += 1
        target = folder / f"{self._spooled:06d}"
        digest, size = hashlib.sha256(), 0
        with target.open("xb") as out:
            if self.constants and constants.applies_to(path):
                chunks: Iterator[bytes] = iter([self.read(path)])
            else:
                chunks = self._chunks(path)
            for chunk in chunks:
                out.write(chunk)
                digest.update(chunk)
                size += len(chunk)
        return SpooledFile(target, size, digest.hexdigest())

    def _chunks(self, path: str) -> Iterator[bytes]:
        yield self._read(path)

    def __contains__(self, path: str) -> bool:
        return path in self._path_set

    def under(self, folder: str) -> list[str]:
        """Paths below ``folder`` (relative to it), in order."""
        prefix = folder.rstrip("/") + "/"
        return [p[len(prefix) :] for p in self.paths if p.startswith(prefix)]

    def is_dir(self, folder: str) -> bool:
        return bool(self.under(folder))


class _FolderFiles(PackageFiles):
    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        paths = []
        for dirpath, dirnames, filenames in os.walk(self.root):
            dirnames[:] = [d for d in dirnames if d not in _IGNORED_DIRS]
            for name in filenames:
                full = Path(dirpath, name)
                rel = full.relative_to(self.root).as_posix()
                if full.is_symlink() and not full.resolve().is_relative_to(self.root):
                    raise PackageError(rel, "symbolic link leads outside the package")
                if full.is_file():
                    paths.append(rel)
        super().__init__(self.root.name, paths)

    def _read(self, path: str) -> bytes:
        return (self.root / path).read_bytes()

    def _chunks(self, path: str) -> Iterator[bytes]:
        with (self.root / path).open("rb") as file:
            yield from _read_chunks(file)


def _safe_name(name: str) -> str:
    """The entry's path, or a PackageError when unpacking it would leave the package."""
    path = name.replace("\\", "/")
    parts = path.split("/")
    if path.startswith("/") or re.match(r"^[A-Za-z]:", path) or ".." in parts:
        raise PackageError(name, "unsafe path in zip (absolute or with '..')")
    return "/".join(p for p in parts if p not in ("", "."))


class _ZipFiles(PackageFiles):
    def __init__(self, archive: zipfile.ZipFile, slug: str, max_bytes: int, max_files: int) -> None:
        self.archive = archive
        self.max_bytes = max_bytes
        self.entries: dict[str, zipfile.ZipInfo] = {}
        total = 0
        for info in archive.infolist():
            name = _safe_name(info.filename)
            if info.is_dir() or not name or stat.S_ISDIR(info.external_attr >> 16):
                continue
            _check_readable(info)
            self.entries[name] = info
            total += info.file_size
        if len(self.entries) > max_files:
            raise PackageError("", f"zip holds {len(self.entries)} files, more than the {max_files} allowed")
        if total > max_bytes:
            raise PackageError("", f"zip unpacks to {total} bytes, more than the {max_bytes} allowed")
        # A zip of the package folder: strip the one top folder.
        tops = {name.split("/", 1)[0] for name in self.entries}
        if "problem.yaml" not in self.entries and len(tops) == 1 and all("/" in n for n in self.entries):
            prefix = len(next(iter(tops))) + 1
            self.entries = {name[prefix:]: info for name, info in self.entries.items()}
        super().__init__(slug, list(self.entries))

    def _read(self, path: str) -> bytes:
        # zipfile inflates no more than the declared size and then checks the CRC, so a
        # header that lies about the size fails as BadZipFile (a "corrupt zip" PackageError).
        info = self.entries[path]
        try:
            return self.archive.read(info)
        except _INFLATE_ERRORS as exc:
            method = _METHODS[info.compress_type]
            raise PackageError(info.filename, f"corrupt zip entry ({method}): {exc}") from None

    def _chunks(self, path: str) -> Iterator[bytes]:
        # zipfile checks the CRC when the entry's last chunk has been read.
        info = self.entries[path]
        try:
            with self.archive.open(info) as entry:
                yield from _read_chunks(entry)
        except _INFLATE_ERRORS as exc:
            method = _METHODS[info.compress_type]
            raise PackageError(info.filename, f"corrupt zip entry ({method}): {exc}") from None


def _read_chunks(file: IO[bytes]) -> Iterator[bytes]:
    while chunk := file.read(SPOOL_CHUNK_BYTES):
        yield chunk


def _check_readable(info: zipfile.ZipInfo) -> None:
    """A PackageError naming an entry zipfile could not inflate: encrypted or of an unknown method."""
    if info.flag_bits & _ENCRYPTED_FLAG:
        raise PackageError(info.filename, "encrypted zip entry: packages must be zipped without a password")
    if info.compress_type not in _METHODS:
        known = ", ".join(_METHODS.values())
        message = (
            f"zip entry compressed by method {info.compress_type}, which this judge cannot unpack ({known})"
        )
        raise PackageError(info.filename, message)


@contextmanager
def open_files(
    path: Path, max_bytes: int = MAX_TOTAL_BYTES, max_files: int = MAX_FILES
) -> Iterator[PackageFiles]:
    """The files of the package folder or .zip at ``path``."""
    if path.is_dir():
        yield _FolderFiles(path)
        return
    if not path.is_file():
        raise PackageError(str(path), "no such package folder or zip")
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise PackageError(path.name, f"not a readable zip: {exc}") from None
    with archive:
        try:
            yield _ZipFiles(archive, PurePosixPath(path.name).stem, max_bytes, max_files)
        except zipfile.BadZipFile as exc:
            raise PackageError(path.name, f"corrupt zip: {exc}") from None
