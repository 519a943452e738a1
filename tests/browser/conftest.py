"""The web UI in a real Chromium (Debian's, driven by its chromedriver) against a
real running cluster: gunicorn web, a judge, Redis, the sandbox.

Each xdist worker starts its own cluster in its own namespace (``stack``), once,
for every browser test it runs; a module needing other settings starts its own
with ``start_stack``. ``browsers`` opens as many browsers as a test wants (two
for a pair room), each light, dark or 375 px wide, and closes them after it,
screenshotting each first when the test failed.

The pair room's test (two browsers seeing each other's typing and cursors, one
reloading to the same text) lives in test_pair_room.py, on these same fixtures.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import shutil
import subprocess
import time
import uuid
from collections.abc import Callable, Generator, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import requests
from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException, TimeoutException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.ui import Select, WebDriverWait

from testbed.stack import Stack, running_stack

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("PANDA_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("PANDA_CHROMEDRIVER", "/usr/bin/chromedriver")
AXE_SCRIPT = ROOT / "frontend" / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = Path(os.environ.get("PANDA_ARTIFACTS", ROOT / "var" / "artifacts"))
SCREENSHOTS = ARTIFACTS / "screenshots"
# The README's screenshots, rewritten only when asked (they are committed).
DOC_SCREENSHOTS = ROOT / "docs" / "screenshots"
UPDATE_DOC_SCREENSHOTS = os.environ.get("PANDA_UPDATE_SCREENSHOTS") == "1"
# The key auth.js keeps the login under.
LOGIN_KEY = "panda.login"
WAIT_S = 30
# A verdict needs the judge to fetch the tests, compile and run them all.
VERDICT_WAIT_S = 90
DESKTOP = (1280, 800)
MOBILE = (375, 812)
VARIANTS = ("light", "dark", "mobile")
PY_ACCEPTED = "import sys\na, b = map(int, sys.stdin.read().split())\nprint(a + b)\n"


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """Keeps each phase's report on the item, so fixtures know at teardown that the test failed."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


@contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@pytest.fixture(scope="session")
def ui_bundles() -> None:
    """The UI's bundles, built (or found current) once: every xdist worker asks, one at
    a time, since a build replaces the folder that running servers serve from."""
    with _file_lock(ROOT / "var" / ".ui-build.lock"):
        try:
            # make: npm ci first when node_modules is missing or older than the lockfile.
            built = subprocess.run(
                ["make", "-C", str(ROOT), "ui"], capture_output=True, text=True, timeout=600
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            pytest.fail(f"the UI bundles could not be built (`make ui`): {exc}", pytrace=False)
    if built.returncode != 0:
        pytest.fail(
            f"the UI bundles could not be built (`make ui`):\n{built.stdout}\n{built.stderr}", pytrace=False
        )
    if not AXE_SCRIPT.is_file():
        pytest.fail(f"{AXE_SCRIPT} is missing: run `make ui` (npm ci installs axe-core)", pytrace=False)


@contextmanager
def start_stack(
    tmp_path_factory: pytest.TempPathFactory,
    redis_url: str,
    namespace: str,
    name: str,
    settings: dict[str, str] | None = None,
) -> Iterator[Stack]:
    """A cluster on SQLite with one judge, in a namespace of its own."""
    workdir = tmp_path_factory.mktemp(f"browser-{name}")
    with running_stack(
        workdir,
        f"sqlite:///{workdir / 'panda.db'}",
        redis_url,
        f"{namespace}{name}",
        judges=1,
        settings=settings,
    ) as stack:
        yield stack


@pytest.fixture(scope="session")
def stack(
    ui_bundles: None, tmp_path_factory: pytest.TempPathFactory, redis_url: str, namespace: str
) -> Iterator[Stack]:
    with start_stack(tmp_path_factory, redis_url, namespace, "ui") as running:
        yield running


def unique_name(prefix: str = "b") -> str:
    return f"{prefix}{uuid.uuid4().hex[:10]}"


def problem_id(stack: Stack, slug: str) -> int:
    problems = stack.get("/problems", {}, params={"limit": 100}).json()["items"]
    return int(next(p["id"] for p in problems if p["slug"] == slug))


def submit_judged(stack: Stack, headers: dict[str, str], slug: str, source: str) -> int:
    """Setup, not the thing tested: a py3 submission through the API, once judged."""
    reply = stack.post(
        "/submissions",
        headers,
        json={"problem_id": problem_id(stack, slug), "language": "py3", "source": source},
    )
    assert reply.status_code == 202, reply.text
    submission_id = int(reply.json()["id"])
    deadline = time.monotonic() + VERDICT_WAIT_S
    while stack.get(f"/submissions/{submission_id}", headers).json()["status"] != "done":
        assert time.monotonic() < deadline, f"submission {submission_id} was not judged"
        time.sleep(0.2)
    return submission_id


def api_login(stack: Stack, username: str, password: str) -> dict[str, Any]:
    """What POST /api/auth/login answers: tokens and the user."""
    reply = requests.post(
        f"{stack.api}/auth/login", json={"username": username, "password": password}, timeout=10
    )
    reply.raise_for_status()
    return reply.json()


class Browser:
    """One Chromium session on a stack, with the waits and checks the tests share."""

    def __init__(self, driver: webdriver.Chrome, stack: Stack, variant: str) -> None:
        self.driver = driver
        self.stack = stack
        self.variant = variant

    def open(self, path: str) -> None:
        """Loads a page and waits until its module has filled it."""
        self.driver.get(self.stack.base_url + path)
        self.wait_ready()

    def wait_ready(self) -> None:
        # The module ran (the header's account area is filled) and nothing is loading.
        self.wait_js(
            "return document.readyState === 'complete'"
            " && document.querySelector('#account')?.childElementCount > 0"
            " && !document.querySelector('main [aria-busy=\"true\"]')",
            what="the page to load",
        )

    def wait(self, condition: Callable[[webdriver.Chrome], Any], what: str, timeout: float = WAIT_S) -> Any:
        try:
            # A page that navigates or re-renders while we look leaves stale elements: look again.
            return WebDriverWait(
                self.driver, timeout, ignored_exceptions=(StaleElementReferenceException,)
            ).until(condition)
        except TimeoutException:
            raise AssertionError(f"gave up waiting for {what}\n{self.console()}") from None

    def wait_js(self, script: str, what: str, timeout: float = WAIT_S) -> Any:
        return self.wait(lambda driver: driver.execute_script(script), what, timeout)

    def element(self, css: str, timeout: float = WAIT_S) -> WebElement:
        """The first element matching ``css`` once one is displayed."""

        def displayed(driver: webdriver.Chrome) -> WebElement | bool:
            found = [e for e in driver.find_elements("css selector", css) if e.is_displayed()]
            return found[0] if found else False

        return self.wait(displayed, f"{css!r} to show", timeout)

    def text(self, css: str) -> str:
        return self.driver.find_element("css selector", css).text

    def type_in_editor(self, source: str, editor: str = "#editor", alone: bool = True) -> None:
        """Types ``source`` into the CodeMirror editor key by key, as a person would.

        Source lines must not start with indentation (the editor indents after a
        colon itself) and close brackets right after opening them (the editor closes
        them, and steps over a typed closing one). Escape before Enter dismisses an
        autocompletion popup, whose Enter would pick a completion instead. ``alone``:
        the editor then holds just ``source`` (not so in a shared document)."""
        content = self.element(f"{editor} .cm-content")
        content.click()
        lines = source.rstrip("\n").split("\n")
        for index, line in enumerate(lines):
            content.send_keys(line)
            if index < len(lines) - 1:
                content.send_keys(Keys.ESCAPE, Keys.ENTER)
        typed = source.rstrip("\n")
        self.wait(
            lambda _driver: self.editor_text(editor) == typed if alone else typed in self.editor_text(editor),
            f"the editor to hold {source!r}",
        )

    def editor_text(self, editor: str = "#editor") -> str:
        return str(
            self.driver.execute_script(
                # Without the widgets in a line (a pair room's remote carets carry their user's name).
                "return [...document.querySelectorAll(arguments[0] + ' .cm-content .cm-line')].map((line) => {"
                "  const copy = line.cloneNode(true);"
                "  copy.querySelectorAll('[contenteditable=false], .cm-ySelectionCaret').forEach((w) => w.remove());"
                "  return copy.textContent; }).join('\\n')",
                editor,
            )
        )

    def editor_mode(self) -> str | None:
        """The CodeMirror language of the editor (its data-language attribute)."""
        return self.element("#editor .cm-content").get_attribute("data-language")

    def choose_language(self, language: str) -> None:
        Select(self.element("#language")).select_by_value(language)

    def log_in(self, username: str, password: str) -> dict[str, Any]:
        """Logs in through the API and hands the tokens to the page, as the login form does."""
        login = api_login(self.stack, username, password)
        self.driver.get(self.stack.base_url + "/login")
        stored = {
            "access_token": login["access_token"],
            "refresh_token": login["refresh_token"],
            "user": login["user"],
        }
        self.driver.execute_script(
            "localStorage.setItem(arguments[0], arguments[1])", LOGIN_KEY, json.dumps(stored)
        )
        return login

    def stored_login(self) -> dict[str, Any] | None:
        raw = self.driver.execute_script("return localStorage.getItem(arguments[0])", LOGIN_KEY)
        return json.loads(raw) if raw else None

    def background_is_dark(self) -> bool:
        """Whether the page's background is dark (the colour scheme it follows)."""
        rgb = self.driver.execute_script(
            "return getComputedStyle(document.body).backgroundColor.match(/\\d+/g).slice(0, 3).map(Number)"
        )
        return bool(sum(rgb) < 3 * 128)

    def page_width(self) -> int:
        return int(self.driver.execute_script("return document.documentElement.scrollWidth"))

    def axe_violations(self) -> list[dict[str, Any]]:
        """axe-core's serious and critical violations on the current page."""
        self.driver.execute_script(AXE_SCRIPT.read_text())
        violations = self.driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "axe.run(document, {resultTypes: ['violations']})"
            "  .then((result) => done(result.violations), (error) => done([{id: 'axe-error', impact: 'critical',"
            "    help: String(error), nodes: []}]));"
        )
        return [v for v in violations if v.get("impact") in ("serious", "critical")]

    def screenshot(self, name: str) -> Path:
        """Saves the viewport as an artifact ``<name>-<variant>.png``."""
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        safe = re.sub(r"[^A-Za-z0-9_.-]+", "_", name)
        path = SCREENSHOTS / f"{safe}-{self.variant}.png"
        self.driver.save_screenshot(str(path))
        return path

    def console(self) -> str:
        """The browser console so far (for failure messages)."""
        try:
            entries = self.driver.get_log("browser")
        except WebDriverException as exc:  # a failure message must not fail itself
            return f"(no console: {exc})"
        return "console:\n" + "\n".join(f"  {e['level']}: {e['message']}" for e in entries)


def publish_doc_screenshot(path: Path, name: str) -> None:
    """Copies an artifact into docs/screenshots when PANDA_UPDATE_SCREENSHOTS=1."""
    if UPDATE_DOC_SCREENSHOTS:
        DOC_SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, DOC_SCREENSHOTS / name)


def format_violations(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"- {violation['impact']}: {violation['id']}: {violation['help']}")
        for node in violation.get("nodes", [])[:5]:
            lines.append(
                f"    {' '.join(map(str, node.get('target', [])))}: {node.get('failureSummary', '')}"
            )
    return "\n".join(lines)


def _chrome(variant: str) -> webdriver.Chrome:
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    width, height = MOBILE if variant == "mobile" else DESKTOP
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        f"--window-size={width},{height}",
    ):
        options.add_argument(argument)  # --no-sandbox: the suite runs as root
    if variant == "dark":
        options.add_argument("--force-dark-mode")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_script_timeout(60)
    if variant == "dark":
        # The flag darkens the browser; the page sees prefers-color-scheme from the emulation.
        driver.execute_cdp_cmd(
            "Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": "dark"}]}
        )
    # The window's size is not the viewport's (headless keeps room for a toolbar):
    # the viewport exactly, a phone's for the mobile variant.
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": variant == "mobile"},
    )
    return driver


BrowserFactory = Callable[..., Browser]


@pytest.fixture
def browsers(request: pytest.FixtureRequest) -> Iterator[BrowserFactory]:
    """``browsers(stack, variant="light")`` opens a browser; all close after the test."""
    opened: list[Browser] = []

    def new(on: Stack, variant: str = "light") -> Browser:
        assert variant in VARIANTS, variant
        try:
            driver = _chrome(variant)
        except (OSError, WebDriverException) as exc:  # say what is missing, not just that it failed
            pytest.fail(
                f"Chromium did not start ({CHROMIUM}, {CHROMEDRIVER}; scripts/install_browser.sh): {exc}"
            )
        opened.append(Browser(driver, on, variant))
        return opened[-1]

    yield new
    failed = getattr(request.node, "rep_call", None) is not None and request.node.rep_call.failed
    for index, browser in enumerate(opened):
        try:
            if failed:
                browser.screenshot(f"FAILED-{request.node.name}-{index}")
        finally:
            browser.driver.quit()
