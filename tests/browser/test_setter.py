"""A setter uploads a problem package in the browser: the bar follows the upload
and then the import job (a package over the inline size is imported by the
import worker), the problem appears, and its reference submissions fill a
verify-style table live as the judge gets through them."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from testbed.stack import Stack
from tests.browser.conftest import (
    PY_ACCEPTED,
    VERDICT_WAIT_S,
    Browser,
    BrowserFactory,
    start_stack,
    unique_name,
)

PACKAGE = Path(__file__).resolve().parents[2] / "problems" / "circlearea"
# Statuses the upload's live region said, in order (recorded as the page writes them).
RECORD_STATUSES = (
    "window.__statuses = [];"
    "new MutationObserver(() => window.__statuses.push(document.querySelector('#upload-status').textContent))"
    ".observe(document.querySelector('#upload-status'), {childList: true, subtree: true, characterData: true});"
)


@pytest.fixture(scope="module")
def job_import_stack(
    ui_bundles: None, tmp_path_factory: pytest.TempPathFactory, redis_url: str, namespace: str
) -> Iterator[Stack]:
    # Every package is imported by the import worker (202 + its job), as big ones are.
    with start_stack(
        tmp_path_factory, redis_url, namespace, "setter", settings={"PANDA_IMPORT_INLINE_BYTES": "1"}
    ) as stack:
        yield stack


def _zip(tmp_path: Path) -> Path:
    path = tmp_path / "circlearea.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for file in sorted(PACKAGE.rglob("*")):
            if file.is_file():
                archive.write(file, Path("circlearea") / file.relative_to(PACKAGE))
    return path


def _new_setter(stack: Stack, browsers: BrowserFactory) -> Browser:
    """A new user made a setter by the admin, logged in in a browser."""
    username = unique_name("setter")
    user = stack.post("/auth/register", {}, json={"username": username, "password": "secret-password"}).json()
    admin = stack.login("admin", "admin-panda")
    promoted = requests.patch(
        f"{stack.api}/users/{user['id']}", headers=admin, json={"role": "setter"}, timeout=10
    )
    assert promoted.status_code == 200, promoted.text
    browser = browsers(stack)
    browser.log_in(username, "secret-password")
    return browser


def test_a_setter_uploads_a_package_and_sees_its_reference_results_live(
    job_import_stack: Stack, browsers: BrowserFactory, tmp_path: Path
) -> None:
    stack = job_import_stack
    browser = _new_setter(stack, browsers)
    browser.open("/setter")
    browser.driver.execute_script(RECORD_STATUSES)
    browser.element("#package").send_keys(str(_zip(tmp_path)))
    browser.element("#upload-form button[type=submit]").click()
    form = browser.wait_js(
        "const form = document.querySelector('#upload-form');"
        "return ['done', 'error'].includes(form.dataset.state) ? form : null",
        "the import to end",
        timeout=VERDICT_WAIT_S,
    )
    assert form.get_attribute("data-state") == "done", browser.text("#upload-form")
    statuses = browser.driver.execute_script("return window.__statuses")
    assert any(status.startswith("Uploading") and status.endswith("%") for status in statuses), statuses
    assert any(status.startswith("Waiting for the import worker") for status in statuses), statuses
    bar = browser.element("#upload-progress")
    assert bar.get_attribute("value") == bar.get_attribute("max")
    assert "Circle Area" in browser.text("#imported-problem")

    # The package's submissions/ are judged as reference submissions, shown as verify shows them.
    problem = form.get_attribute("data-problem-id")
    browser.open("/setter")
    browser.element(f"[data-problem-id='{problem}'] button[aria-label^='References']").click()
    table = browser.wait_js(
        "const table = document.querySelector('#reference-table');"
        "return table && table.dataset.state === 'done' ? table : null",
        "every reference submission's verdict",
        timeout=VERDICT_WAIT_S * 2,
    )
    rows = table.find_elements("css selector", "tbody tr")
    expected = len([f for f in (PACKAGE / "submissions").rglob("*") if f.is_file()])
    assert len(rows) == expected, table.text
    assert all(row.get_attribute("data-ok") == "true" for row in rows), table.text


def test_a_setter_writes_a_problem_in_the_editor_and_a_contestant_solves_it(
    stack: Stack, browsers: BrowserFactory
) -> None:
    setter = _new_setter(stack, browsers)
    setter.open("/setter/problems/new")
    setter.element("#title").send_keys("Sum of Two")
    setter.element("#slug").send_keys("Not A Slug")
    setter.element("#statement").send_keys("Print $a+b$.\n\n$$a, b \\le 10^9$$")
    setter.wait_js("return document.querySelector('#statement-preview .katex') !== null", "the math preview")
    for group, (given, answer) in (("sample", ("1 2", "3")), ("secret", ("20 22", "42"))):
        setter.element(f"fieldset[data-group={group}] .add-test").click()
        setter.element(f"#{group}-test-1-input").send_keys(given)
        setter.element(f"#{group}-test-1-answer").send_keys(answer)
    setter.element("#save-problem").click()
    # The server's field error shows beside the slug.
    setter.wait_js(
        "return document.querySelector('#slug').getAttribute('aria-invalid') === 'true'", "the slug's error"
    )
    slug = setter.element("#slug")
    slug.clear()
    slug.send_keys(unique_name("sum"))
    setter.element("#save-problem").click()
    form = setter.wait_js(
        "const form = document.querySelector('#problem-form'); return form.dataset.state === 'saved' ? form : null",
        "the problem to be saved",
    )
    problem = form.get_attribute("data-problem-id")

    contestant = browsers(stack)
    username = unique_name()
    stack.register(username)
    contestant.log_in(username, "secret-password")
    contestant.open(f"/problems/{problem}")
    assert contestant.text("#problem-title") == "Sum of Two"
    assert contestant.driver.find_elements("css selector", "#statement .katex")
    assert "1 2" in contestant.text(".samples")
    contestant.choose_language("py3")
    contestant.type_in_editor(PY_ACCEPTED)
    contestant.element("#submit").click()
    verdict = contestant.wait_js(
        "const panel = document.querySelector('#verdict-panel');"
        "return panel.dataset.state === 'done' ? panel.dataset.verdict : null",
        "the verdict",
        VERDICT_WAIT_S,
    )
    assert verdict == "AC", contestant.text("#verdict-panel")
