"""Solving a problem in the browser: sign up, open A+B, type a solution, submit and
watch the verdict arrive over Socket.IO (no reload); a wrong one names the failing
test; a run on custom input shows the program's output; drafts per problem and
language; the language picker switches the editor's mode."""

from __future__ import annotations

import re

import pytest
from selenium.webdriver.common.by import By

from testbed.stack import Stack
from tests.browser.conftest import (
    PY_ACCEPTED,
    VERDICT_WAIT_S,
    Browser,
    BrowserFactory,
    problem_id,
    publish_doc_screenshot,
    unique_name,
)

PY_WRONG = "import sys\na, b = map(int, sys.stdin.read().split())\nprint(a + b + 1)\n"
# Set before submitting: a reload would lose it.
NO_RELOAD_MARKER = "window.__pandaNoReload = true"
# frontend/src/widgets/verdict_panel.js: one read on following, one for the final details.
MAX_SUBMISSION_READS = 2


def logged_in_on_problem(stack: Stack, browsers: BrowserFactory, slug: str = "aplusb") -> Browser:
    username = unique_name()
    stack.register(username)
    browser = browsers(stack)
    browser.log_in(username, "secret-password")
    browser.open(f"/problems/{problem_id(stack, slug)}")
    return browser


def submit_and_wait(browser: Browser) -> str:
    """Clicks Submit and waits for the verdict panel's final state; returns the verdict."""
    browser.driver.execute_script(NO_RELOAD_MARKER)
    browser.element("#submit").click()
    panel = browser.wait_js(
        "const panel = document.querySelector('#verdict-panel');"
        "return panel.dataset.state === 'done' && panel.dataset.verdict ? panel : null",
        what="the verdict",
        timeout=VERDICT_WAIT_S,
    )
    assert browser.driver.execute_script("return window.__pandaNoReload === true"), "the page reloaded"
    # The verdict came by Socket.IO: the submission was read once on following it
    # and once for the final details, never polled.
    reads = browser.driver.execute_script(
        "const id = document.querySelector('#verdict-panel a[href^=\"/submissions/\"]').textContent.slice(1);"
        "return performance.getEntriesByType('resource')"
        "  .filter((entry) => new URL(entry.name).pathname === `/api/submissions/${id}`).length"
    )
    assert reads <= MAX_SUBMISSION_READS, f"the page read the submission {reads} times: it polls"
    return str(panel.get_attribute("data-verdict"))


@pytest.mark.parametrize("variant", ["light", "dark"])
def test_sign_up_open_aplusb_and_get_accepted(stack: Stack, browsers: BrowserFactory, variant: str) -> None:
    browser = browsers(stack, variant)
    username = unique_name()
    browser.open("/register")
    browser.element("#username").send_keys(username)
    browser.element("#password").send_keys("secret-password")
    browser.element("form button[type=submit]").click()
    browser.wait(
        lambda driver: username in driver.find_element(By.ID, "account").text,
        "the header to name the new user",
    )
    browser.open("/problems")
    browser.driver.find_element(By.LINK_TEXT, "A + B").click()
    browser.wait_ready()
    assert browser.text("#problem-title") == "A + B"

    browser.choose_language("py3")
    browser.type_in_editor(PY_ACCEPTED)
    verdict = submit_and_wait(browser)

    assert verdict == "AC", browser.text("#verdict-panel")
    assert "Accepted" in browser.text("#verdict-panel")
    assert browser.driver.find_elements(By.CSS_SELECTOR, "#verdict-panel table.tests tbody tr")
    shot = browser.screenshot("problem-accepted")
    publish_doc_screenshot(shot, f"problem-{variant}.png")


def test_wrong_answer_names_the_failing_test(stack: Stack, browsers: BrowserFactory) -> None:
    browser = logged_in_on_problem(stack, browsers)
    browser.choose_language("py3")
    browser.type_in_editor(PY_WRONG)

    assert submit_and_wait(browser) == "WA"
    assert re.search(r"Wrong answer on test \d+", browser.text("#verdict-panel")), browser.text(
        "#verdict-panel"
    )


def test_run_on_custom_input_shows_the_output(stack: Stack, browsers: BrowserFactory) -> None:
    browser = logged_in_on_problem(stack, browsers)
    browser.choose_language("py3")
    browser.type_in_editor(PY_ACCEPTED)
    browser.element("details.custom-run summary").click()
    browser.element("#custom-input").send_keys("20 22")
    browser.driver.find_element(By.CSS_SELECTOR, "button[data-run=custom]").click()

    browser.wait_js(
        "return document.querySelector('#run-panel').dataset.state === 'done'",
        "the run's result",
        VERDICT_WAIT_S,
    )
    assert browser.text("#run-panel pre.output").strip() == "42", browser.text("#run-panel")
    assert "Run on custom input" in browser.text("#run-panel")


def test_run_on_samples_checks_each_sample_and_shows_what_the_program_printed(
    stack: Stack, browsers: BrowserFactory
) -> None:
    browser = logged_in_on_problem(stack, browsers)
    browser.choose_language("py3")
    browser.type_in_editor(PY_WRONG)
    browser.driver.find_element(By.CSS_SELECTOR, "button[data-run=samples]").click()
    browser.wait_js(
        "return document.querySelector('#run-panel').dataset.state === 'done'",
        "the run's result",
        VERDICT_WAIT_S,
    )
    results = browser.driver.find_elements(By.CSS_SELECTOR, "#run-panel .run-result")
    # A+B's samples: "1 2" and "-5 17"; the program adds one.
    assert [r.get_attribute("data-verdict") for r in results] == ["WA", "WA"], browser.text("#run-panel")
    assert [r.find_element(By.CSS_SELECTOR, "pre.output").text for r in results] == ["4", "13"]
    assert "Wrong answer" in browser.text("#run-panel")
    # Not a submission: the submissions page has nothing.
    assert (
        browser.driver.execute_script(
            "return fetch('/api/submissions?mine=true', {headers: {"
            "Authorization: 'Bearer ' + JSON.parse(localStorage.getItem('panda.login')).access_token}})"
            ".then((r) => r.json()).then((page) => page.total)"
        )
        == 0
    )


def test_drafts_are_kept_per_problem_and_language(stack: Stack, browsers: BrowserFactory) -> None:
    browser = logged_in_on_problem(stack, browsers)
    browser.choose_language("py3")
    browser.wait(lambda _driver: browser.editor_mode() == "python", "the Python mode")
    browser.type_in_editor("x = 1")

    browser.choose_language("cpp17")
    browser.wait(lambda _driver: browser.editor_mode() == "cpp", "the C++ mode")
    assert browser.editor_text() == "", "another language starts from its own draft"
    browser.type_in_editor("int x;")

    browser.driver.refresh()
    browser.wait_ready()
    # The last language picked comes back, with its draft and mode.
    assert browser.element("#language").get_attribute("value") == "cpp17"
    browser.wait(lambda _driver: browser.editor_text() == "int x;", "the C++ draft after a reload")
    browser.wait(lambda _driver: browser.editor_mode() == "cpp", "the C++ mode after a reload")
    browser.choose_language("py3")
    browser.wait(lambda _driver: browser.editor_text() == "x = 1", "the Python draft")

    browser.open(f"/problems/{problem_id(stack, 'circlearea')}")
    browser.choose_language("py3")
    assert browser.editor_text() == "", "another problem has drafts of its own"
