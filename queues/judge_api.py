"""The HTTP side of the contract: how a judge node talks to web.

A judge may run on another machine than web, so it never reads web's files
or database. It downloads a problem's test data as a zip (cached on the node
by checksum), reports progress and posts the final result. Every call carries
``Authorization: Bearer <PANDA_JUDGE_TOKEN>``.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from typing import Any

TESTDATA_PATH = "/judge/problems/{problem_id}/testdata"
STATUS_PATH = "/judge/submissions/{submission_id}/status"
RESULT_PATH = "/judge/submissions/{submission_id}/result"

# Inside the test data zip.
MANIFEST_NAME = "manifest.json"
CHECKSUM_HEADER = "X-Testdata-Checksum"


def auth_header(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@dataclass(frozen=True)
class TestFile:
    __test__ = False  # not a pytest test class

    id: int
    ordinal: int
    group: str
    input: str  # member name of the input file in the zip
    answer: str  # member name of the answer file in the zip
    points: float = 0.0
    is_sample: bool = False


@dataclass(frozen=True)
class TestdataManifest:
    """What ``manifest.json`` in the test data zip holds."""

    problem_id: int
    checksum: str
    tests: list[TestFile] = field(default_factory=list)

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TestdataManifest:
        return cls(
            problem_id=int(data["problem_id"]),
            checksum=str(data["checksum"]),
            tests=[TestFile(**t) for t in data["tests"]],
        )


def testdata_checksum(tests: list[tuple[int, str, float, bool, bytes, bytes]]) -> str:
    """Checksum of a problem's tests: (ordinal, group, points, is_sample, input, answer).

    Any change to data, order, grouping or points changes it, so judge caches
    keyed by it never serve stale tests.
    """
    digest = hashlib.sha256()
    for ordinal, group, points, is_sample, data_in, data_ans in sorted(tests, key=lambda t: t[0]):
        header = json.dumps([ordinal, group, float(points), bool(is_sample)])
        digest.update(header.encode())
        digest.update(hashlib.sha256(data_in).digest())
        digest.update(hashlib.sha256(data_ans).digest())
    return digest.hexdigest()
