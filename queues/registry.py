"""Which judge nodes are alive and what they offer: the hash ``judge:nodes``.

A node writes one field (its name) holding JSON ``{"languages": {id: version},
"seen": t, "expires_at": t}`` and refreshes it on every heartbeat; web reads
it to tell clients which languages can be judged now. Redis 7.0 has no
per-field TTL, so each value carries ``expires_at``: readers skip expired
fields, and each refresh drops other nodes' expired ones.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from dataclasses import dataclass

from redis import Redis

NODES_KEY = "judge:nodes"


@dataclass(frozen=True)
class NodeEntry:
    node: str
    languages: dict[str, str]  # language id -> version
    expires_at: float
    seen: float = 0.0

    @classmethod
    def from_json(cls, node: str, raw: bytes | str) -> NodeEntry | None:
        """The entry, or None when the value is not one (a reader never fails on it)."""
        try:
            value = json.loads(raw)
            languages = {str(lang): str(version) for lang, version in value["languages"].items()}
            return cls(node, languages, float(value["expires_at"]), float(value.get("seen", 0.0)))
        except (ValueError, TypeError, KeyError, AttributeError):
            return None

    def to_json(self) -> str:
        return json.dumps({"languages": self.languages, "seen": self.seen, "expires_at": self.expires_at})


def _node_name(field: bytes | str) -> str:
    return field.decode() if isinstance(field, bytes) else field


def live_nodes(connection: Redis, key: str, now: float | None = None) -> list[NodeEntry]:
    """The nodes whose advertisement has not expired, by name."""
    now = time.time() if now is None else now
    entries = (NodeEntry.from_json(_node_name(f), raw) for f, raw in connection.hgetall(key).items())
    return sorted((e for e in entries if e is not None and e.expires_at >= now), key=lambda e: e.node)


@dataclass(frozen=True)
class OfferedLanguage:
    id: str
    versions: list[str]  # distinct, sorted
    nodes: int  # how many live nodes offer it


def offered_languages(nodes: Iterable[NodeEntry]) -> dict[str, OfferedLanguage]:
    """The union of the nodes' languages, with their versions and node counts."""
    versions: dict[str, set[str]] = {}
    counts: dict[str, int] = {}
    for entry in nodes:
        for language, version in entry.languages.items():
            versions.setdefault(language, set()).add(version)
            counts[language] = counts.get(language, 0) + 1
    return {lang: OfferedLanguage(lang, sorted(versions[lang]), counts[lang]) for lang in sorted(versions)}


class NodeAdvertisement:
    """This node's entry in the hash (field = node name), refreshed on each heartbeat."""

    def __init__(self, connection: Redis, key: str, node: str, languages: dict[str, str], ttl_s: int) -> None:
        self.connection, self.key, self.node, self.ttl_s = connection, key, node, ttl_s
        self.languages = languages

    def refresh(self) -> None:
        now = time.time()
        entry = NodeEntry(self.node, self.languages, expires_at=now + self.ttl_s, seen=now)
        self.connection.hset(self.key, self.node, entry.to_json())
        self.connection.expire(self.key, self.ttl_s)
        for field, raw in self.connection.hgetall(self.key).items():
            other = NodeEntry.from_json(_node_name(field), raw)
            if other is None or other.expires_at < now:
                self.connection.hdel(self.key, field)

    def withdraw(self) -> None:
        self.connection.hdel(self.key, self.node)
