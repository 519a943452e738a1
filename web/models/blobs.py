"""Files by content: test data and uploaded packages, stored by sha256 in chunks.

As CMS keeps its files by digest in the database, so do we: the data is shared
by every web process and import worker wherever they run, an identical test is
stored once, and no row, request or process ever holds a big file whole: it is
written and read a chunk (``CHUNK_BYTES``) at a time. Rows refer to a blob by
its digest; the sweeper deletes blobs nothing refers to.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import BinaryIO, cast

from sqlalchemy import BigInteger, ForeignKey, Integer, LargeBinary, String, Table, insert, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, Session, mapped_column

from problempkg.model import SpooledFile, TestData
from web.models.base import Base, UtcDateTime, utcnow

CHUNK_BYTES = 1 << 20
DIGEST_LENGTH = 64  # sha256, hex


class Blob(Base):
    __tablename__ = "blobs"

    digest: Mapped[str] = mapped_column(String(DIGEST_LENGTH), primary_key=True)
    size: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class BlobChunk(Base):
    __tablename__ = "blob_chunks"

    digest: Mapped[str] = mapped_column(
        String(DIGEST_LENGTH), ForeignKey("blobs.digest", ondelete="CASCADE"), primary_key=True
    )
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)


def store_blob(session: Session, data: TestData | Path) -> str:
    """Stores ``data`` (bytes, a spooled test file or a file on disk) unless a blob of its
    content exists; its digest. Part of the session's transaction."""
    if isinstance(data, bytes):
        digest, size = hashlib.sha256(data).hexdigest(), len(data)
    elif isinstance(data, SpooledFile):
        digest, size = data.sha256, data.size
    else:
        digest, size = file_sha256(data), data.stat().st_size
    if not _claim(session, digest, size):
        return digest  # stored already (or being stored by a concurrent transaction that commits it)
    if isinstance(data, bytes):
        for seq, start in enumerate(range(0, len(data), CHUNK_BYTES)):
            _insert_chunk(session, digest, seq, data[start : start + CHUNK_BYTES])
        return digest
    with (data.path if isinstance(data, SpooledFile) else data).open("rb") as file:
        for seq, chunk in enumerate(_file_chunks(file)):
            _insert_chunk(session, digest, seq, chunk)
    return digest


def blob_chunks(session: Session, digest: str) -> Iterator[bytes]:
    """The blob's content, a chunk at a time (one query per chunk: memory stays one chunk)."""
    seq = 0
    while True:
        chunk = session.scalar(select(BlobChunk.data).where(BlobChunk.digest == digest, BlobChunk.seq == seq))
        if chunk is None:
            return
        yield chunk
        seq += 1


def read_blob(session: Session, digest: str) -> bytes:
    """The blob whole: for what is small (tests shown in the API, an export)."""
    return b"".join(blob_chunks(session, digest))


def blob_size(session: Session, digest: str) -> int:
    return int(session.scalar(select(Blob.size).where(Blob.digest == digest)) or 0)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for chunk in _file_chunks(file):
            digest.update(chunk)
    return digest.hexdigest()


def _claim(session: Session, digest: str, size: int) -> bool:
    """Inserts the blob's row; False when it exists. A concurrent transaction inserting the
    same digest makes this one wait for it (the primary key), not fail."""
    dialect = {"postgresql": postgresql, "sqlite": sqlite}[session.get_bind().dialect.name]
    values = {"digest": digest, "size": size, "created_at": utcnow()}
    statement = (
        dialect.insert(Blob.__table__)
        .values(values)
        .on_conflict_do_nothing(index_elements=["digest"])
        .returning(Blob.__table__.c.digest)  # rowcount is -1 here on psycopg
    )
    return session.execute(statement).first() is not None


def _insert_chunk(session: Session, digest: str, seq: int, data: bytes) -> None:
    # A declarative class's __table__ is typed as any FromClause; ours are Tables.
    session.execute(insert(cast(Table, BlobChunk.__table__)).values(digest=digest, seq=seq, data=data))
    # A cooperative yield under gevent (time.sleep is patched there): a web worker storing
    # a big upload lets other requests run between chunks, even on SQLite's blocking driver.
    time.sleep(0)


def _file_chunks(file: BinaryIO) -> Iterator[bytes]:
    while chunk := file.read(CHUNK_BYTES):
        yield chunk
