"""Zip entries zipfile cannot inflate (an unknown method, the encrypted flag, a
damaged bzip2 stream), made by patching a real zip's bytes: each is a PackageError
naming the entry, never a traceback."""

from __future__ import annotations

import zipfile
from pathlib import Path

from tests.problempkg.helpers import MINIMAL, package_error

VICTIM = "data/secret/02.in"  # written last, so its headers are the last in the zip


def zip_with_victim(path: Path, method: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for rel, content in {**MINIMAL, "data/secret/02.ans": "6\n"}.items():
            archive.writestr(rel, content)
        archive.writestr(VICTIM, "3 3\n" * 1000, compress_type=method)
    return path


def patch_victim_headers(path: Path, offset_in_local: int, value: int) -> None:
    """Writes a 2-byte field of the last entry's local header (and the same field of its
    central directory record, 2 bytes further on) as a zip tool would have."""
    data = bytearray(path.read_bytes())
    local, central = data.rfind(b"PK\x03\x04"), data.rfind(b"PK\x01\x02")
    for at in (local + offset_in_local, central + offset_in_local + 2):
        data[at : at + 2] = value.to_bytes(2, "little")
    path.write_bytes(bytes(data))


def test_zip_entry_of_an_unknown_compression_method(tmp_path: Path) -> None:
    zipped = zip_with_victim(tmp_path / "p.zip")
    patch_victim_headers(zipped, 8, 98)  # method: PPMd
    error = package_error(zipped)
    assert error.path == VICTIM
    assert error.message.startswith("zip entry compressed by method 98, which this judge cannot unpack")


def test_zip_entry_with_the_encrypted_flag(tmp_path: Path) -> None:
    zipped = zip_with_victim(tmp_path / "p.zip")
    patch_victim_headers(zipped, 6, 0x1)  # general purpose flags: encrypted
    error = package_error(zipped)
    assert error.path == VICTIM
    assert error.message == "encrypted zip entry: packages must be zipped without a password"


def test_corrupt_bzip2_entry(tmp_path: Path) -> None:
    zipped = zip_with_victim(tmp_path / "p.zip", method=zipfile.ZIP_BZIP2)
    data = bytearray(zipped.read_bytes())
    local = data.rfind(b"PK\x03\x04")
    name_length = int.from_bytes(data[local + 26 : local + 28], "little")
    extra_length = int.from_bytes(data[local + 28 : local + 30], "little")
    stream = local + 30 + name_length + extra_length
    assert data[stream : stream + 3] == b"BZh"
    data[stream + 4 : stream + 10] = b"\0" * 6  # the block's magic number
    zipped.write_bytes(bytes(data))
    error = package_error(zipped)
    assert error.path == VICTIM
    assert error.message.startswith("corrupt zip entry (bzip2): ")
