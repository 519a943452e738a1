"""Who is in a pair room across web processes (web/pair/presence.py, real Redis):
a process that died without its disconnect handlers does not leave its users
listed for ever."""

from __future__ import annotations

import uuid

from redis import Redis

from queues import QueueConfig
from web.pair.presence import PROCESS_TTL_S, Member, Presence

ALICE = Member(1, "alice", "#e6194b")
BOB = Member(2, "bob", "#3cb44b")


def _processes(redis_url: str, namespace: str) -> tuple[Redis, Presence, Presence]:
    redis = Redis.from_url(redis_url)
    config = QueueConfig(redis_url, f"{namespace}-{uuid.uuid4().hex[:6]}")
    return redis, Presence(redis, config, "web-a"), Presence(redis, config, "web-b")


def test_both_processes_see_everyone_and_a_user_with_two_tabs_once(redis_url: str, namespace: str) -> None:
    _redis, web_a, web_b = _processes(redis_url, namespace)
    web_a.add(7, "sid-a1", ALICE)
    web_a.add(7, "sid-a2", ALICE)
    web_b.add(7, "sid-b1", BOB)
    assert web_a.members(7) == web_b.members(7) == [ALICE, BOB]
    assert sorted(web_b.sids_of(7, ALICE.id)) == ["sid-a1", "sid-a2"]
    web_a.remove(7, "sid-a1")
    web_a.remove(7, "sid-a2")
    assert web_b.members(7) == [BOB]


def test_the_members_of_a_dead_process_drop_out_when_its_key_expires(redis_url: str, namespace: str) -> None:
    redis, web_a, web_b = _processes(redis_url, namespace)
    web_a.add(7, "sid-a1", ALICE)
    web_b.add(7, "sid-b1", BOB)
    alive = web_a._process_key("web-a")
    assert 0 < int(redis.ttl(alive)) <= PROCESS_TTL_S  # type: ignore[arg-type]  # sync client
    # web-a is killed: no disconnect handler runs, its key is no longer renewed.
    redis.delete(alive)
    assert web_b.members(7) == [BOB]
    assert web_b.sids_of(7, ALICE.id) == []
    assert redis.hkeys(web_b._key(7)) == [b"sid-b1"]  # the dead entries are gone for good


def test_talking_sockets_keep_their_process_alive(redis_url: str, namespace: str) -> None:
    redis, web_a, web_b = _processes(redis_url, namespace)
    web_a.add(7, "sid-a1", ALICE)
    alive = web_a._process_key("web-a")
    redis.expire(alive, 1)
    web_a._renewed_at -= PROCESS_TTL_S  # a third of the TTL has passed since the last renewal
    web_a.keep_alive()  # a sync or awareness message from one of its sockets
    assert int(redis.ttl(alive)) > 1  # type: ignore[arg-type]  # sync client
    assert web_b.members(7) == [ALICE]
