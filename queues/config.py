"""Where the shared Redis is and how names are prefixed.

A namespace lets several independent deployments (or test sessions) share one
Redis: queue names, the Socket.IO channel and registry keys all carry it.
Pub/sub channels ignore Redis database numbers, so a namespace is the only
real separation.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"


@dataclass(frozen=True)
class QueueConfig:
    redis_url: str = DEFAULT_REDIS_URL
    namespace: str = ""

    @classmethod
    def from_env(cls) -> QueueConfig:
        return cls(
            redis_url=os.environ.get("REDIS_URL", DEFAULT_REDIS_URL),
            namespace=os.environ.get("PANDA_NAMESPACE", ""),
        )

    def name(self, base: str) -> str:
        """A queue, channel or key name inside this namespace."""
        return f"{self.namespace}-{base}" if self.namespace else base

    @property
    def judge_queue(self) -> str:
        return self.name(JUDGE_QUEUE)

    @property
    def ai_queue(self) -> str:
        return self.name(AI_QUEUE)

    @property
    def import_queue(self) -> str:
        return self.name(IMPORT_QUEUE)

    @property
    def socketio_channel(self) -> str:
        return self.name(SOCKETIO_CHANNEL)


JUDGE_QUEUE = "judge"
AI_QUEUE = "ai"
IMPORT_QUEUE = "imports"  # package imports too big for a request (web's own import workers)
SOCKETIO_CHANNEL = "panda-socketio"
