"""Test data the way web packs it: a manifest plus input/answer files."""

from __future__ import annotations

import io
import json
import threading
import zipfile
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from judge.sandbox.base import SandboxBackend
from judge.testdata import LocalTestdata
from queues.judge_api import CHECKSUM_HEADER, TestdataManifest
from queues.testdata import TestSource, assemble_testdata


@dataclass(frozen=True)
class Case:
    input: bytes
    answer: bytes
    group: str = ""
    points: float = 0.0
    is_sample: bool = False


def package_files(
    problem_id: int, cases: list[Case], scored_alone: list[str] | None = None
) -> tuple[TestdataManifest, dict[str, bytes]]:
    """The manifest and files web would serve for ``cases`` (the one assembly, queues.testdata)."""
    tests = [
        TestSource(c.group, c.input, c.answer, c.points, c.is_sample, 100 + n) for n, c in enumerate(cases, 1)
    ]
    manifest, files = assemble_testdata(problem_id, tests, scored_alone=scored_alone or [])
    return manifest, {name: content for name, content in files.items() if isinstance(content, bytes)}


def write_testdata(
    root: Path, problem_id: int, cases: list[Case], scored_alone: list[str] | None = None
) -> LocalTestdata:
    for name, data in package_files(problem_id, cases, scored_alone)[1].items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    return LocalTestdata.load(root)


def zip_bytes(files: dict[str, bytes], links: dict[str, str] | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
        for name, target in (links or {}).items():
            info = zipfile.ZipInfo(name)
            info.external_attr = 0o120777 << 16  # a symlink, as `zip -y` stores it
            archive.writestr(info, target)
    return buffer.getvalue()


def aplusb_cases() -> list[Case]:
    pairs = [(1, 2), (3, 4), (-5, 5), (10**9, 10**9), (123, 456)]
    return [Case(f"{a} {b}\n".encode(), f"{a + b}\n".encode()) for a, b in pairs]


def sandbox_backend() -> SandboxBackend:
    """The real local sandbox; a host that cannot run it fails the tests loudly."""
    from judge.sandbox import get_backend

    backend = get_backend()
    backend.check()
    return backend


class FakeWeb:
    """A real HTTP server playing web's judge API: serves the test data zip a
    test sets, and records every request and every JSON body posted."""

    def __init__(self) -> None:
        self.body = b""
        self.checksum = ""
        self.status = 200
        self.requests: list[tuple[str, str | None]] = []
        self.posted: list[tuple[str, dict]] = []
        web = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                web.requests.append((self.path, self.headers.get("Authorization")))
                self._reply(web.status, web.body, {CHECKSUM_HEADER: web.checksum})

            def do_POST(self) -> None:
                web.requests.append((self.path, self.headers.get("Authorization")))
                body = self.rfile.read(int(self.headers["Content-Length"]))
                web.posted.append((self.path, json.loads(body)))
                self._reply(web.status, b"{}", {"Content-Type": "application/json"})

            def _reply(self, status: int, body: bytes, headers: dict[str, str]) -> None:
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/api"

    def serve(self, files: dict[str, bytes], checksum: str, links: dict[str, str] | None = None) -> None:
        self.body, self.checksum = zip_bytes(files, links), checksum

    def __enter__(self) -> FakeWeb:
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
