"""Live events to browsers through Flask-SocketIO's Redis message queue.

Any process (a judge, an AI worker) can emit: the web processes subscribed to
the channel deliver the event to the sockets in the room.
"""

from __future__ import annotations

import socketio

from queues.config import QueueConfig
from queues.payloads import RunUpdate, SubmissionUpdate

SUBMISSION_UPDATE = "submission.update"
# A run's progress and result (runs are never stored: this is their only way out).
RUN_UPDATE = "run.update"


def user_room(user_id: int) -> str:
    return f"user:{user_id}"


class EventPublisher:
    """Write-only Socket.IO emitter for processes that are not the web."""

    def __init__(self, config: QueueConfig) -> None:
        self._manager = socketio.RedisManager(
            config.redis_url, channel=config.socketio_channel, write_only=True
        )

    def submission_update(self, update: SubmissionUpdate) -> None:
        self._manager.emit(SUBMISSION_UPDATE, update.to_dict(), room=user_room(update.user_id), namespace="/")

    def run_update(self, update: RunUpdate) -> None:
        self._manager.emit(RUN_UPDATE, update.to_dict(), room=user_room(update.user_id), namespace="/")
