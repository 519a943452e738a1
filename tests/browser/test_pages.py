"""Every main page, as the visitor it is for, in light, dark and 375 px wide:
axe-core finds no serious or critical violation (light and dark), nothing scrolls
sideways on a phone, and each is screenshotted into the test artifacts."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
import requests

from testbed.stack import Stack
from tests.browser.conftest import (
    MOBILE,
    PY_ACCEPTED,
    Browser,
    BrowserFactory,
    format_violations,
    problem_id,
    submit_judged,
    unique_name,
)


@dataclass(frozen=True)
class MainPage:
    name: str  # the screenshot's name
    path: str  # may name {problem}, {submission}, {user}
    visitor: str  # "anonymous", "contestant" or "setter"


# In visitor order: a browser logs in once, as the contestant, then as the setter.
MAIN_PAGES = (
    MainPage("login", "/login", "anonymous"),
    MainPage("register", "/register", "anonymous"),
    MainPage("problems", "/problems", "contestant"),
    MainPage("problem", "/problems/{problem}", "contestant"),
    MainPage("submissions", "/submissions", "contestant"),
    MainPage("submission", "/submissions/{submission}", "contestant"),
    MainPage("profile", "/users/{user}", "contestant"),
    MainPage("settings", "/settings", "contestant"),
    MainPage("setter", "/setter", "setter"),
    MainPage("problem-new", "/setter/problems/new", "setter"),
)


@dataclass(frozen=True)
class Site:
    stack: Stack
    contestant: str
    ids: dict[str, int]

    def url_path(self, page: MainPage) -> str:
        return page.path.format(**self.ids)


@pytest.fixture(scope="module")
def site(stack: Stack) -> Site:
    """A contestant with one accepted and one wrong submission, so their pages have content."""
    contestant = unique_name()
    headers = stack.register(contestant)
    submit_judged(stack, headers, "aplusb", PY_ACCEPTED.replace("a + b", "a - b"))
    submission = submit_judged(stack, headers, "aplusb", PY_ACCEPTED)
    user = stack.get("/me", headers).json()["id"]
    return Site(
        stack, contestant, {"problem": problem_id(stack, "aplusb"), "submission": submission, "user": user}
    )


def each_main_page(browser: Browser, site: Site, missing: list[str]) -> Iterator[MainPage]:
    """Opens each main page in turn, as its visitor; a page not served (yet) goes to ``missing``."""
    visitor = "anonymous"
    for page in MAIN_PAGES:
        if page.visitor != visitor:
            visitor = page.visitor
            if visitor == "contestant":
                browser.log_in(site.contestant, "secret-password")
            else:
                browser.log_in("setter", "setter-panda")
        status = requests.get(site.stack.base_url + site.url_path(page), timeout=10).status_code
        if status != 200:
            missing.append(f"{page.path} answers {status}")
            continue
        browser.open(site.url_path(page))
        yield page


def report(missing: list[str], problems: dict[str, str]) -> str:
    return "\n".join([*missing, *(f"{path}: {problem}" for path, problem in problems.items())])


@pytest.mark.parametrize("variant", ["light", "dark"])
def test_main_pages_have_no_serious_axe_violations(
    site: Site, browsers: BrowserFactory, variant: str
) -> None:
    browser = browsers(site.stack, variant)
    missing: list[str] = []
    violations: dict[str, str] = {}
    for page in each_main_page(browser, site, missing):
        browser.screenshot(page.name)
        assert browser.background_is_dark() == (variant == "dark"), f"{page.path} ignores the system's scheme"
        found = browser.axe_violations()
        if found:
            violations[page.path] = "\n" + format_violations(found)
    assert not missing and not violations, report(missing, violations)


def test_main_pages_fit_a_375px_screen(site: Site, browsers: BrowserFactory) -> None:
    browser = browsers(site.stack, "mobile")
    missing: list[str] = []
    too_wide: dict[str, str] = {}
    for page in each_main_page(browser, site, missing):
        browser.screenshot(page.name)
        width = browser.page_width()
        if width > MOBILE[0]:
            too_wide[page.path] = f"{width} px wide, scrolls sideways"
    assert not missing and not too_wide, report(missing, too_wide)


def test_the_api_docs_render_offline_from_our_own_swagger_ui(stack: Stack, browsers: BrowserFactory) -> None:
    """No CDN is reachable here (nor from many judges' networks): the docs' assets are ours."""
    browser = browsers(stack)
    browser.driver.get(f"{stack.base_url}/api/docs")
    browser.wait_js(
        "return [...document.querySelectorAll('.opblock-summary-path')]"
        ".some((path) => path.textContent.includes('/api/submissions'))",
        "Swagger UI to list the API's operations",
    )
