"""The judge's side of the judge API (``queues/judge_api.py``): test data
download, status and result upload, with retries for a web that restarts.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import requests

from queues.judge_api import CHECKSUM_HEADER, RESULT_PATH, STATUS_PATH, TESTDATA_PATH, auth_header
from queues.payloads import JudgeResult
from queues.verdicts import SubmissionStatus

log = logging.getLogger(__name__)

T = TypeVar("T")

# Failures worth another try: web is restarting, overloaded or the network blinked.
_TRANSIENT = (requests.ConnectionError, requests.Timeout, requests.exceptions.ChunkedEncodingError)


class JudgeApiError(RuntimeError):
    """Web refused a request, or kept failing after the retries."""


class _ServerError(RuntimeError):
    """A 5xx reply: retried like a connection error."""


class JudgeApiClient:
    def __init__(
        self,
        base_url: str,
        token: str,
        *,
        attempts: int = 4,
        backoff_s: float = 0.5,
        timeout_s: float = 30.0,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.attempts = attempts
        self.backoff_s = backoff_s
        self.timeout_s = timeout_s
        self.session = requests.Session()
        self.session.headers.update(auth_header(token))

    def _retrying(self, what: str, action: Callable[[], T]) -> T:
        for attempt in range(1, self.attempts + 1):
            try:
                return action()
            except (*_TRANSIENT, _ServerError) as exc:
                if attempt == self.attempts:
                    raise JudgeApiError(f"{what}: failed {attempt} times, last: {exc}") from exc
                delay = self.backoff_s * 2 ** (attempt - 1)
                log.warning("%s failed (%s); retrying in %.1f s", what, exc, delay)
                time.sleep(delay)
        raise AssertionError("unreachable")

    def _checked(self, what: str, reply: requests.Response) -> requests.Response:
        if reply.status_code >= 500:
            raise _ServerError(f"HTTP {reply.status_code}")
        if not reply.ok:
            raise JudgeApiError(f"{what}: HTTP {reply.status_code}: {reply.text[:300]}")
        return reply

    def _post(self, what: str, path: str, body: dict[str, Any]) -> None:
        def post() -> None:
            self._checked(what, self.session.post(self.base_url + path, json=body, timeout=self.timeout_s))

        self._retrying(what, post)

    def fetch_testdata(self, problem_id: int, dest: Path) -> str:
        """Downloads problem test data as a zip into ``dest``; returns the checksum header."""
        what = f"test data of problem {problem_id}"
        url = self.base_url + TESTDATA_PATH.format(problem_id=problem_id)

        def download() -> str:
            with self.session.get(url, stream=True, timeout=self.timeout_s) as reply:
                self._checked(what, reply)
                with dest.open("wb") as file:
                    for chunk in reply.iter_content(chunk_size=1 << 16):
                        file.write(chunk)
                return reply.headers.get(CHECKSUM_HEADER, "")

        return self._retrying(what, download)

    def post_status(self, submission_id: int, status: SubmissionStatus, **fields: Any) -> None:
        body = {"status": SubmissionStatus(status).value, **fields}
        self._post(
            f"status of submission {submission_id}", STATUS_PATH.format(submission_id=submission_id), body
        )

    def post_result(self, result: JudgeResult) -> None:
        self._post(
            f"result of submission {result.submission_id}",
            RESULT_PATH.format(submission_id=result.submission_id),
            result.to_dict(),
        )
