"""Who is in a pair room, across every web process: a Redis hash per room,
socket id -> the member as the server authenticated it, and the web process
that holds the socket.

A process that dies without running its disconnect handlers would leave its
sockets listed for ever: each process keeps a key of its own alive while its
sockets talk (Yjs clients renew their awareness every 15 s, well inside
``PROCESS_TTL_S``), and members of a process whose key expired are dropped
when anyone reads the room.

Awareness (cursors, selections, typing) is what clients assert about
themselves; presence is the server's word on who they are.
"""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import asdict, dataclass
from typing import Any

from redis import Redis

from queues import QueueConfig

# User colours for cursors and avatars: distinct hues, readable on white and dark.
PROCESS_TTL_S = 60
PALETTE = ("#e6194b", "#3cb44b", "#4363d8", "#f58231", "#911eb4", "#42d4f4", "#f032e6", "#9a6324")


def user_color(user_id: int) -> str:
    return PALETTE[user_id % len(PALETTE)]


@dataclass(frozen=True)
class Member:
    id: int
    username: str
    color: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class Presence:
    def __init__(self, redis: Redis, config: QueueConfig, process: str | None = None) -> None:
        self.redis = redis
        self.config = config
        self.process = process or uuid.uuid4().hex
        self._renewed_at = float("-inf")

    def _key(self, room_id: int) -> str:
        return self.config.name(f"pair-presence:{room_id}")

    def _process_key(self, process: str) -> str:
        return self.config.name(f"pair-process:{process}")

    def keep_alive(self) -> None:
        """Says this process still runs (a Redis write at most every third of the TTL)."""
        now = time.monotonic()
        if now - self._renewed_at >= PROCESS_TTL_S / 3:
            self.redis.set(self._process_key(self.process), 1, ex=PROCESS_TTL_S)
            self._renewed_at = now

    def add(self, room_id: int, sid: str, member: Member) -> None:
        self._renewed_at = float("-inf")  # a first socket, or one after a quiet spell
        self.keep_alive()
        self.redis.hset(self._key(room_id), sid, json.dumps({**member.to_dict(), "process": self.process}))

    def remove(self, room_id: int, sid: str) -> None:
        self.redis.hdel(self._key(room_id), sid)

    def _entries(self, room_id: int) -> dict[str, Member]:
        raw: dict[bytes, bytes] = self.redis.hgetall(self._key(room_id))  # type: ignore[assignment]  # sync client
        entries = {sid.decode(): json.loads(value) for sid, value in raw.items()}
        processes = {entry["process"] for entry in entries.values()}
        alive = {process for process in processes if self.redis.exists(self._process_key(process))}
        gone = [sid for sid, entry in entries.items() if entry["process"] not in alive]
        if gone:
            self.redis.hdel(self._key(room_id), *gone)
        return {
            sid: Member(entry["id"], entry["username"], entry["color"])
            for sid, entry in entries.items()
            if entry["process"] in alive
        }

    def members(self, room_id: int) -> list[Member]:
        """Each user present once (a user may have several tabs), by user id."""
        by_user = {member.id: member for member in self._entries(room_id).values()}
        return [by_user[user_id] for user_id in sorted(by_user)]

    def sids_of(self, room_id: int, user_id: int) -> list[str]:
        return [sid for sid, member in self._entries(room_id).items() if member.id == user_id]
