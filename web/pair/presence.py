"""Who is in a pair room, across every web process: a Redis hash per room,
socket id -> the member as the server authenticated it.

Awareness (cursors, selections, typing) is what clients assert about
themselves; presence is the server's word on who they are.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Any

from redis import Redis

from queues import QueueConfig

# User colours for cursors and avatars: distinct hues, readable on white and dark.
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
    def __init__(self, redis: Redis, config: QueueConfig) -> None:
        self.redis = redis
        self.config = config

    def _key(self, room_id: int) -> str:
        return self.config.name(f"pair-presence:{room_id}")

    def add(self, room_id: int, sid: str, member: Member) -> None:
        self.redis.hset(self._key(room_id), sid, json.dumps(member.to_dict()))

    def remove(self, room_id: int, sid: str) -> None:
        self.redis.hdel(self._key(room_id), sid)

    def _entries(self, room_id: int) -> dict[str, Member]:
        raw: dict[bytes, bytes] = self.redis.hgetall(self._key(room_id))  # type: ignore[assignment]  # sync client
        return {sid.decode(): Member(**json.loads(value)) for sid, value in raw.items()}

    def members(self, room_id: int) -> list[Member]:
        """Each user present once (a user may have several tabs), by user id."""
        by_user = {member.id: member for member in self._entries(room_id).values()}
        return [by_user[user_id] for user_id in sorted(by_user)]

    def sids_of(self, room_id: int, user_id: int) -> list[str]:
        return [sid for sid, member in self._entries(room_id).items() if member.id == user_id]
