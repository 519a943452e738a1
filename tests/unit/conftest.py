"""Unit tests: pure logic, no root, no Redis, no PostgreSQL, no sandbox, no network
(``make unit``; as any user, in seconds).

tests/conftest.py's session fixture only points the var dirs at a temp dir; its
Redis and PostgreSQL fixtures run only when a test asks for them, which no test
here does. So that none starts to, every connect fails here at once instead of
waiting on a server a contributor may not run.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest


class NetworkUsed(AssertionError):
    """A unit test tried to connect: to Redis, PostgreSQL, Docker or anything else."""


def _refuse(_socket: socket.socket, address: object) -> None:
    raise NetworkUsed(f"a unit test connected to {address!r}: it belongs outside tests/unit")


@pytest.fixture(autouse=True)
def _no_network() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(socket.socket, "connect", _refuse)
        patch.setattr(socket.socket, "connect_ex", _refuse)
        yield
