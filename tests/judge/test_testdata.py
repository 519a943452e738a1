"""The test data cache against a real HTTP server: download once, reuse,
refuse unsafe or mismatched archives."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from judge.api_client import JudgeApiClient, JudgeApiError
from judge.testdata import TestdataCache, TestdataError
from queues.judge_api import TESTDATA_PATH
from tests.judge.helpers import Case, FakeWeb, aplusb_cases, package_files

TOKEN = "judge-secret"
PROBLEM = 7


@pytest.fixture
def web() -> Iterator[FakeWeb]:
    with FakeWeb() as server:
        yield server


@pytest.fixture
def cache(tmp_path: Path, web: FakeWeb) -> TestdataCache:
    return TestdataCache(tmp_path / "cache", JudgeApiClient(web.url, TOKEN, backoff_s=0.01))


def test_downloads_once_then_reuses(cache: TestdataCache, web: FakeWeb) -> None:
    manifest, files = package_files(PROBLEM, aplusb_cases())
    web.serve(files, manifest.checksum)

    first = cache.get(PROBLEM, manifest.checksum)
    second = cache.get(PROBLEM, manifest.checksum)

    assert web.requests == [("/api" + TESTDATA_PATH.format(problem_id=PROBLEM), f"Bearer {TOKEN}")]
    assert first.root == second.root == cache.entry_dir(PROBLEM, manifest.checksum)
    assert [t.ordinal for t in second.tests] == [1, 2, 3, 4, 5]
    assert second.input_path(second.tests[0]).read_bytes() == b"1 2\n"
    assert second.answer_path(second.tests[4]).read_bytes() == b"579\n"
    assert oct(cache.cache_dir.stat().st_mode & 0o777) == "0o700"
    assert list(cache.cache_dir.iterdir()) == [first.root]  # no leftovers


def test_changed_tests_mean_a_new_download(cache: TestdataCache, web: FakeWeb) -> None:
    old, old_files = package_files(PROBLEM, aplusb_cases())
    new, new_files = package_files(PROBLEM, [*aplusb_cases(), Case(b"0 0\n", b"0\n")])
    assert old.checksum != new.checksum
    web.serve(old_files, old.checksum)
    cache.get(PROBLEM, old.checksum)
    web.serve(new_files, new.checksum)
    assert len(cache.get(PROBLEM, new.checksum).tests) == 6
    assert len(web.requests) == 2


@pytest.mark.parametrize("bad_name", ["../escape.in", "/abs.in", "a/../../escape.in", "dir\\x.in"])
def test_rejects_members_outside_the_entry(
    cache: TestdataCache, web: FakeWeb, tmp_path: Path, bad_name: str
) -> None:
    manifest, files = package_files(PROBLEM, aplusb_cases())
    web.serve({**files, bad_name: b"pwned"}, manifest.checksum)
    with pytest.raises(TestdataError, match="unsafe member name"):
        cache.get(PROBLEM, manifest.checksum)
    assert not (tmp_path / "escape.in").exists()
    assert list(cache.cache_dir.iterdir()) == []  # nothing half-extracted stays


def test_rejects_links(cache: TestdataCache, web: FakeWeb) -> None:
    manifest, files = package_files(PROBLEM, aplusb_cases())
    web.serve(files, manifest.checksum, links={"evil.in": "/etc/shadow"})
    with pytest.raises(TestdataError, match="link"):
        cache.get(PROBLEM, manifest.checksum)


def test_rejects_a_manifest_for_other_data(cache: TestdataCache, web: FakeWeb) -> None:
    _, files = package_files(PROBLEM, aplusb_cases())
    wanted = "0" * 64
    web.serve(files, wanted)  # header agrees with the job, the manifest does not
    with pytest.raises(TestdataError, match="manifest"):
        cache.get(PROBLEM, wanted)
    assert not cache.entry_dir(PROBLEM, wanted).exists()


def test_rejects_a_wrong_checksum_header(cache: TestdataCache, web: FakeWeb) -> None:
    manifest, files = package_files(PROBLEM, aplusb_cases())
    web.serve(files, "f" * 64)
    with pytest.raises(TestdataError, match="web sent"):
        cache.get(PROBLEM, manifest.checksum)


def test_rejects_a_malformed_checksum(cache: TestdataCache, web: FakeWeb) -> None:
    with pytest.raises(TestdataError, match="malformed"):
        cache.get(PROBLEM, "../../etc")
    assert web.requests == []


def test_web_refusal_is_not_retried(cache: TestdataCache, web: FakeWeb) -> None:
    web.status = 403
    with pytest.raises(JudgeApiError, match="HTTP 403"):
        cache.get(PROBLEM, "a" * 64)
    assert len(web.requests) == 1


def test_server_errors_are_retried_then_reported(cache: TestdataCache, web: FakeWeb) -> None:
    web.status = 503
    with pytest.raises(JudgeApiError, match="failed 4 times"):
        cache.get(PROBLEM, "a" * 64)
    assert len(web.requests) == 4


def test_evicts_least_recently_used_beyond_budget(tmp_path: Path, web: FakeWeb) -> None:
    big = b"x" * 40_000
    one, one_files = package_files(1, [Case(big, b"1\n")])
    two, two_files = package_files(2, [Case(big, b"2\n")])
    three, three_files = package_files(3, [Case(big, b"3\n")])
    cache = TestdataCache(tmp_path / "cache", JudgeApiClient(web.url, TOKEN), budget_bytes=100_000)
    for problem, manifest, files in [(1, one, one_files), (2, two, two_files)]:
        web.serve(files, manifest.checksum)
        cache.get(problem, manifest.checksum)
    web.serve(one_files, one.checksum)
    cache.get(1, one.checksum)  # a hit: now problem 2 is the least recently used
    web.serve(three_files, three.checksum)
    cache.get(3, three.checksum)

    assert sorted(cache.cache_dir.iterdir()) == sorted(
        [cache.entry_dir(1, one.checksum), cache.entry_dir(3, three.checksum)]
    )
