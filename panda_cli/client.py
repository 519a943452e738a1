"""The web API as the setter CLI uses it: JSON errors become one-line CLI errors."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import requests
from requests_toolbelt import MultipartEncoder, MultipartEncoderMonitor

from panda_cli import config

TIMEOUT = 60.0


class ApiError(SystemExit):
    """A refused request or an unreachable server: printed, exit status 1."""

    def __init__(self, message: str) -> None:
        super().__init__(f"panda: {message}")


class Client:
    def __init__(self, server: str, credentials: config.Credentials | None = None) -> None:
        self.server = server.rstrip("/")
        self.credentials = credentials
        self.session = requests.Session()

    @classmethod
    def logged_in(cls, server: str | None) -> Client:
        """A client with the stored tokens (for ``server``, if given)."""
        credentials = config.load()
        if credentials is None or (server and server.rstrip("/") != credentials.server):
            raise ApiError(f"not logged in to {server or 'a server'}: run `panda login --server URL` first")
        return cls(credentials.server, credentials)

    def request(self, method: str, path: str, *, refreshed: bool = False, **kwargs: Any) -> requests.Response:
        headers = dict(kwargs.pop("headers", {}))
        if self.credentials:
            headers["Authorization"] = f"Bearer {self.credentials.access_token}"
        try:
            response = self.session.request(
                method, self.server + path, headers=headers, timeout=TIMEOUT, **kwargs
            )
        except requests.RequestException as exc:
            raise ApiError(f"cannot reach {self.server}: {exc}") from None
        if response.status_code == 401 and self.credentials and not refreshed and "data" not in kwargs:
            self._refresh()
            return self.request(method, path, refreshed=True, headers=headers, **kwargs)
        if response.status_code >= 400:
            raise ApiError(f"{method} {path}: {response.status_code} {_message(response)}")
        return response

    def json(self, method: str, path: str, **kwargs: Any) -> Any:
        return self.request(method, path, **kwargs).json()

    def _refresh(self) -> None:
        assert self.credentials is not None
        response = self.session.post(
            f"{self.server}/api/auth/refresh",
            headers={"Authorization": f"Bearer {self.credentials.refresh_token}"},
            timeout=TIMEOUT,
        )
        if response.status_code != 200:
            raise ApiError("the stored login has expired: run `panda login` again")
        self.credentials.access_token = response.json()["access_token"]
        config.save(self.credentials)

    def login(self, username: str, password: str) -> config.Credentials:
        tokens = self.json("POST", "/api/auth/login", json={"username": username, "password": password})
        self.credentials = config.Credentials(self.server, tokens["access_token"], tokens["refresh_token"])
        return self.credentials

    def upload(
        self,
        zip_path: Path,
        replace: bool,
        progress: Callable[[int, int], None],
        import_progress: Callable[[str, int, int], None] = lambda _stage, _done, _total: None,
    ) -> dict[str, Any]:
        """POST the package zip, streamed (a large test set is never held in memory); the problem.
        A big package is imported by a job on the server (202): followed to its end."""
        with zip_path.open("rb") as file:
            encoder = MultipartEncoder({"package": (zip_path.name, file, "application/zip")})
            monitor = MultipartEncoderMonitor(encoder, lambda m: progress(m.bytes_read, m.len))
            response = self.request(
                "POST",
                "/api/problems/import",
                params={"replace": "true"} if replace else {},
                data=monitor,
                headers={"Content-Type": monitor.content_type},
            )
        if response.status_code != 202:
            return response.json()
        return self.wait_for_import(response.headers["Location"], import_progress)

    def wait_for_import(
        self, location: str, progress: Callable[[str, int, int], None], timeout: float = 3600.0
    ) -> dict[str, Any]:
        """Polls a queued import (its ``Location``) until it ends; the problem, or ApiError with its error."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            record = self.json("GET", location)
            if record["status"] == "done":
                return self.json("GET", f"/api/problems/{record['problem_id']}")
            if record["status"] == "failed":
                error = record.get("error") or {}
                raise ApiError(f"import {record['id']}: {error.get('code')} {_error_text(error)}")
            progress(record.get("stage") or record["status"], record.get("done", 0), record.get("total", 0))
            time.sleep(0.5)
        raise ApiError(f"{location}: the import did not end in {timeout:.0f} s")

    def wait_for_verdict(self, submission_id: int, timeout: float = 300.0) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            submission = self.json("GET", f"/api/submissions/{submission_id}")
            if submission.get("status") == "done":
                return submission
            time.sleep(0.2)
        raise ApiError(f"submission {submission_id}: no verdict after {timeout:.0f} s")


def _message(response: requests.Response) -> str:
    """The server's JSON error (``{"error": ..., "details": ...}``) on one line;
    a package error names its file and line first, as a compiler does."""
    try:
        body = response.json()
    except ValueError:
        return response.text[:200]
    return _error_text(body)


def _error_text(body: dict[str, Any]) -> str:
    message = str(body.get("error", body))
    details = body.get("details")
    if isinstance(details, dict) and "file" in details:
        where = ":".join(str(details[key]) for key in ("file", "line") if details.get(key) is not None)
        return f"{where}: {message}"
    return f"{message} {details}" if details else message
