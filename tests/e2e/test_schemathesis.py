"""Schemathesis over every operation of the live OpenAPI spec, against a real
cluster (gunicorn web on PostgreSQL and Redis): zero 5xx, every error a JSON 4xx.

Each operation gets a bounded number of generated requests, valid and invalid
ones (derandomized, so a run is reproducible), as anonymous, contestant, setter
and admin; the judge endpoints with the judge token against a throw-away
submission. Failures are collected (not shrunk) and reported together.

Order matters, because some operations change what later calls can do:
- roles run contestant, setter, then admin: an admin's role changes
  (PATCH /api/users/{id}) may demote anyone, so they come last of all;
- each role's DELETE runs after its other operations;
- refresh spends its refresh token (a second use revokes the login) and logout
  revokes the login: both run last for each role, on a login of their own.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode

from testbed.databases import pg_schema_url
from testbed.stack import Stack, running_stack

JUDGE_TOKEN = "e2e-judge-token"
# Generated requests per operation, mode and caller: bounds the whole test to a few minutes.
MAX_EXAMPLES = 12
# Operations that change what later calls can do: run deliberately, see the module's docstring.
DELETE_PROBLEM = ("DELETE", "/api/problems/{problem_id}")
CHANGE_ROLE = ("PATCH", "/api/users/{user_id}")
REFRESH = ("POST", "/api/auth/refresh")
LOGOUT = ("POST", "/api/auth/logout")
LAST = (DELETE_PROBLEM, CHANGE_ROLE, REFRESH, LOGOUT)
JUDGE_PREFIX = "/api/judge/"


@dataclass
class Findings:
    """What broke, by operation: one line per distinct (status, operation, caller)."""

    lines: dict[tuple[str, str, int], str] = field(default_factory=dict)
    statuses: dict[tuple[str, str], set[int]] = field(default_factory=dict)

    def check(self, case: schemathesis.Case, caller: str, response: requests.Response) -> None:
        self.statuses.setdefault((case.operation.label, caller), set()).add(response.status_code)
        problem = _problem(response)
        key = (case.operation.label, caller, response.status_code)
        if problem and key not in self.lines:
            self.lines[key] = f"{case.operation.label} as {caller}: {problem}\n    {case.as_curl_command()}"


def _problem(response: requests.Response) -> str | None:
    status = response.status_code
    if status >= 500:
        return f"{status} {response.text[:300]!r}"
    if status >= 400:
        try:
            body = response.json()
        except ValueError:
            return f"{status} is not JSON: {response.headers.get('Content-Type')} {response.text[:200]!r}"
        if not isinstance(body, dict) or not isinstance(body.get("error"), str):
            return f"{status} has no 'error' string: {response.text[:200]!r}"
    return None


def _fuzz(
    operation: schemathesis.APIOperation,
    stack: Stack,
    caller: str,
    headers: dict[str, str],
    findings: Findings,
    adjust: Callable[[schemathesis.Case], None] | None = None,
    **fixed: Any,
) -> None:
    began = time.monotonic()
    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

        @settings(
            max_examples=MAX_EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy(generation_mode=mode, **fixed))
        def run(case: schemathesis.Case) -> None:
            if adjust is not None:
                adjust(case)
            response = case.call(base_url=stack.base_url, headers=headers, timeout=30)
            findings.check(case, caller, response)

        try:
            run()
        except Unsatisfiable:  # nothing to make invalid (no parameters, no body): nothing to send
            assert mode is GenerationMode.NEGATIVE, operation.label
    print(f"{time.monotonic() - began:5.1f} s {operation.label} as {caller}", flush=True)


def _tokens(stack: Stack, username: str, password: str) -> dict[str, str]:
    reply = requests.post(
        f"{stack.api}/auth/login", json={"username": username, "password": password}, timeout=10
    )
    reply.raise_for_status()
    return reply.json()


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture(scope="module")
def stack(
    tmp_path_factory: pytest.TempPathFactory, redis_url: str, namespace: str, pg_admin_dsn: str
) -> Iterator[Stack]:
    # No judge: the throw-away submission stays queued for the judge endpoints' calls.
    # Rate limits: the suite's raised ones (tests/conftest.py, inherited through the
    # environment); a 429 would pass anyway, as a JSON 4xx.
    with (
        pg_schema_url(pg_admin_dsn) as database,
        running_stack(
            tmp_path_factory.mktemp("schemathesis"), database, redis_url, f"{namespace}st", judges=0
        ) as running,
    ):
        yield running


@pytest.mark.postgres
@pytest.mark.timeout(600)  # about 90 s alone; more beside the rest of the suite on a busy machine
def test_no_operation_answers_5xx_or_a_non_json_error(stack: Stack) -> None:
    started = time.monotonic()
    schema = schemathesis.openapi.from_url(f"{stack.api}/openapi.json")
    operations = {(op.method.upper(), op.path): op for op in (r.ok() for r in schema.get_all_operations())}
    findings = Findings()
    contestant = _bearer(_tokens(stack, "demo", "demo-panda")["access_token"])
    # Fixed path parameters reach past the 404s of random ids. This problem has a
    # submission (below), so no role's DELETE removes it.
    problem_id = requests.get(f"{stack.api}/problems", headers=contestant, timeout=10).json()["items"][0][
        "id"
    ]
    made = requests.post(
        f"{stack.api}/submissions",
        headers=contestant,
        json={"problem_id": problem_id, "language": "py3", "source": "print(input())\n"},
        timeout=10,
    )
    assert made.status_code == 202, made.text
    submission_id = made.json()["id"]

    def each(keep: Callable[[tuple[str, str]], bool]) -> list[schemathesis.APIOperation]:
        return [op for key, op in operations.items() if keep(key)]

    def real_problem(case: schemathesis.Case) -> None:
        # A random problem_id is a 404: most submissions name a real problem, to reach what follows.
        if isinstance(case.body, dict) and isinstance(case.body.get("problem_id"), int):
            case.body["problem_id"] = problem_id
            if "source" in case.body:  # one source or files, never both
                case.body.pop("files", None)

    adjustments = {("POST", "/api/submissions"): real_problem}
    ordinary = each(lambda k: k not in LAST and not k[1].startswith(JUDGE_PREFIX))
    for op in each(lambda k: k not in LAST):
        _fuzz(op, stack, "anonymous", {}, findings)
    judge = _bearer(JUDGE_TOKEN)
    for op in each(lambda k: k[1].startswith(JUDGE_PREFIX)):
        _fuzz(op, stack, "judge", judge, findings)
        if "{submission_id}" in op.path:  # status and result posts for the throw-away submission
            _fuzz(op, stack, "judge", judge, findings, path_parameters={"submission_id": submission_id})
        else:
            _fuzz(op, stack, "judge", judge, findings, path_parameters={"problem_id": problem_id})
    for username, password in (("demo", "demo-panda"), ("setter", "setter-panda"), ("admin", "admin-panda")):
        main = _bearer(_tokens(stack, username, password)["access_token"])
        for op in ordinary:
            _fuzz(op, stack, username, main, findings, adjustments.get((op.method.upper(), op.path)))
            if "{problem_id}" in op.path:
                _fuzz(op, stack, username, main, findings, path_parameters={"problem_id": problem_id})
            if "{submission_id}" in op.path:
                _fuzz(op, stack, username, main, findings, path_parameters={"submission_id": submission_id})
        _fuzz(operations[DELETE_PROBLEM], stack, username, main, findings)
        _fuzz(operations[CHANGE_ROLE], stack, username, main, findings)
        spare = _tokens(stack, username, password)
        _fuzz(operations[REFRESH], stack, username, _bearer(spare["refresh_token"]), findings)
        spare = _tokens(stack, username, password)
        _fuzz(operations[LOGOUT], stack, username, _bearer(spare["access_token"]), findings)
    elapsed = time.monotonic() - started
    for (label, caller), codes in findings.statuses.items():
        print(f"{label} as {caller}: {sorted(codes)}")
    print(f"schemathesis: {len(operations)} operations in {elapsed:.0f} s")
    assert {label for label, _ in findings.statuses} == {op.label for op in operations.values()}
    assert not findings.lines, "\n".join(findings.lines.values()) + "\n" + stack.dump_logs()
