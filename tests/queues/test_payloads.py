"""The contract against the real Redis: the enqueue/publish helpers reach it under the
namespace, and the test data checksum. The payloads' JSON round trips and version
checks are pure: tests/unit/test_payloads.py."""

from __future__ import annotations

import json
import time
from hashlib import sha256

import redis
from rq import Queue

from queues import (
    EventPublisher,
    QueueConfig,
    SubmissionJob,
    SubmissionStatus,
    SubmissionUpdate,
    Verdict,
    enqueue_submission,
)
from queues import testdata_checksum as checksum_of  # a test* name pytest would collect
from queues.enqueue import GRADE_FUNCTION
from queues.judge_api import TestRow
from tests.unit.test_payloads import make_job


def _row(ordinal: int, group: str, data_in: bytes, data_ans: bytes) -> TestRow:
    return TestRow(ordinal, group, 0.0, False, sha256(data_in).hexdigest(), sha256(data_ans).hexdigest())


def test_checksum_changes_with_data_order_and_grouping() -> None:
    base = [_row(1, "secret", b"1 2\n", b"3\n"), _row(2, "secret", b"2 2\n", b"4\n")]
    checksum = checksum_of(base)
    assert checksum == checksum_of(list(reversed(base)))  # order of the list is not the order of tests
    assert checksum != checksum_of([base[0], _row(2, "secret", b"2 2\n", b"5\n")])
    assert checksum != checksum_of([base[0], _row(2, "group2", b"2 2\n", b"4\n")])
    assert checksum != checksum_of([base[0], _row(3, "secret", b"2 2\n", b"4\n")])


def test_namespace_prefixes_every_name() -> None:
    assert QueueConfig().judge_queue == "judge"
    config = QueueConfig(namespace="t1")
    assert config.judge_queue == "t1-judge"
    assert config.ai_queue == "t1-ai"
    assert config.socketio_channel.startswith("t1-")


def test_enqueue_puts_the_payload_on_the_namespaced_judge_queue(redis_url: str, namespace: str) -> None:
    config = QueueConfig(redis_url=redis_url, namespace=namespace)
    connection = redis.Redis.from_url(redis_url)
    job = make_job(submission_id=4242, attempt=2)
    rq_job = enqueue_submission(connection, config, job)
    try:
        queue = Queue(config.judge_queue, connection=connection)
        assert rq_job.id in queue.job_ids
        stored = queue.fetch_job(rq_job.id)
        assert stored.func_name == GRADE_FUNCTION
        assert SubmissionJob.from_dict(stored.args[0]) == job
        assert rq_job.id == f"{namespace}-submission-4242-2"
        assert stored.retries_left == 2
    finally:
        Queue(config.judge_queue, connection=connection).empty()


def test_publisher_emits_through_the_socketio_channel(redis_url: str, namespace: str) -> None:
    config = QueueConfig(redis_url=redis_url, namespace=namespace)
    pubsub = redis.Redis.from_url(redis_url).pubsub()
    pubsub.subscribe(config.socketio_channel)
    assert pubsub.get_message(timeout=2)["type"] == "subscribe"

    update = SubmissionUpdate(submission_id=9, user_id=11, status=SubmissionStatus.DONE, verdict=Verdict.AC)
    EventPublisher(config).submission_update(update)

    deadline = time.monotonic() + 5
    message = None
    while message is None and time.monotonic() < deadline:
        message = pubsub.get_message(ignore_subscribe_messages=True, timeout=1)
    assert message is not None, "nothing was published"
    data = json.loads(message["data"])
    assert data["event"] == "submission.update"
    assert data["room"] == "user:11"
    assert data["data"] == [update.to_dict()]  # the event's argument list
    assert data["data"][0]["verdict"] == "AC"
