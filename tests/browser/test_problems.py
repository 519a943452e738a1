"""The problem list's filters and pages in the browser, and a setter's hostile
statement opened by a contestant: nothing of it runs, its math renders."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from testbed.stack import Stack
from tests.browser.conftest import (
    PY_ACCEPTED,
    Browser,
    BrowserFactory,
    submit_judged,
    unique_name,
)

# One more than a page (PAGE_SIZE in frontend/src/widgets/pagination.js is 25).
BULK_PROBLEMS = 27
HOSTILE_STATEMENT = """Add them: $x^2$.

<script>window.__pandaXss = "script"</script>
<img src="x" onerror="window.__pandaXss = 'onerror'">
<a href="javascript:window.__pandaXss = 'html link'">an HTML link</a>

[a Markdown link](javascript:window.__pandaXss='markdown%20link')
"""


@dataclass(frozen=True)
class Catalogue:
    tag: str
    needle_title: str
    contestant: str
    hostile_id: int


def create_problem(stack: Stack, setter: dict[str, str], **fields: object) -> int:
    reply = stack.post("/problems", setter, json={"slug": unique_name("p"), **fields})
    assert reply.status_code == 201, reply.text
    return int(reply.json()["id"])


@pytest.fixture(scope="module")
def catalogue(stack: Stack) -> Catalogue:
    """Problems of a tag of their own (difficulties 100, 200, ...), one to search by
    title, a hostile statement, and a contestant who solved A+B."""
    setter = stack.login("setter", "setter-panda")
    tag = unique_name("t")
    for number in range(1, BULK_PROBLEMS + 1):
        create_problem(stack, setter, title=f"Bulk {tag} {number}", tags=[tag], difficulty=number * 100)
    needle_title = f"Needle {unique_name()}"
    create_problem(stack, setter, title=needle_title, tags=["needle"])
    hostile_id = create_problem(stack, setter, title="Hostile statement", statement=HOSTILE_STATEMENT)

    contestant = unique_name()
    headers = stack.register(contestant)
    submit_judged(stack, headers, "aplusb", PY_ACCEPTED)
    return Catalogue(tag=tag, needle_title=needle_title, contestant=contestant, hostile_id=hostile_id)


def listed_titles(browser: Browser) -> list[str]:
    return [link.text for link in browser.driver.find_elements(By.CSS_SELECTOR, "#problem-list a.title")]


def caption(browser: Browser) -> str:
    return browser.text("#problem-list caption")


def filter_by(browser: Browser, **fields: str) -> None:
    """Fills the filter form and submits it (a GET: the URL becomes the state)."""
    form = browser.element("form.filters")
    for name, value in fields.items():
        field = form.find_element(By.NAME, name)
        if field.tag_name == "select":
            Select(field).select_by_value(value)
        else:
            field.clear()
            field.send_keys(value)
    old_url = browser.driver.current_url
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    browser.wait(lambda driver: driver.current_url != old_url, "the filtered list's URL")
    browser.wait_ready()


def test_tag_filter_and_pagination(stack: Stack, catalogue: Catalogue, browsers: BrowserFactory) -> None:
    browser = browsers(stack)
    browser.open("/problems")
    filter_by(browser, tag=catalogue.tag)

    assert caption(browser) == f"{BULK_PROBLEMS} problems"
    first_page = listed_titles(browser)
    assert len(first_page) == 25
    assert all(catalogue.tag in title for title in first_page)

    browser.driver.find_element(By.CSS_SELECTOR, "nav.pagination a[rel=next]").click()
    browser.wait(lambda driver: "page=2" in driver.current_url, "page 2")
    browser.wait_ready()
    second_page = listed_titles(browser)
    assert len(second_page) == BULK_PROBLEMS - 25
    assert not set(first_page) & set(second_page)
    assert browser.element("nav.pagination [aria-current=page]").text == "2"


def test_title_search_and_difficulty(stack: Stack, catalogue: Catalogue, browsers: BrowserFactory) -> None:
    browser = browsers(stack)
    browser.open("/problems")
    filter_by(browser, q=catalogue.needle_title)
    assert listed_titles(browser) == [catalogue.needle_title]

    browser.open(f"/problems?tag={catalogue.tag}")
    filter_by(browser, min_difficulty="1000", max_difficulty="1500")
    difficulties = [
        int(cell.text)
        for cell in browser.driver.find_elements(By.CSS_SELECTOR, "#problem-list tbody td:nth-child(3)")
    ]
    assert sorted(difficulties) == [1000, 1100, 1200, 1300, 1400, 1500]

    filter_by(browser, q="no problem is called this", tag="", min_difficulty="", max_difficulty="")
    assert "No problems match" in browser.text("#problem-list")


def test_solved_filter(stack: Stack, catalogue: Catalogue, browsers: BrowserFactory) -> None:
    browser = browsers(stack)
    browser.open("/problems")
    assert not browser.driver.find_element(By.ID, "solved-filter").is_displayed(), (
        "anonymous visitors solved nothing"
    )

    browser.log_in(catalogue.contestant, "secret-password")
    browser.open("/problems")
    filter_by(browser, solved="true")
    assert listed_titles(browser) == ["A + B"]
    assert browser.driver.find_elements(By.CSS_SELECTOR, "#problem-list tr.solved .badge.good")
    filter_by(browser, solved="false")
    assert "A + B" not in listed_titles(browser)
    assert listed_titles(browser)


def test_a_hostile_statement_runs_nothing_and_its_math_renders(
    stack: Stack, catalogue: Catalogue, browsers: BrowserFactory
) -> None:
    browser = browsers(stack)
    browser.log_in(catalogue.contestant, "secret-password")
    browser.open(f"/problems/{catalogue.hostile_id}")
    statement = browser.element("#statement")

    assert statement.find_elements(By.CSS_SELECTOR, ".katex"), statement.get_attribute("innerHTML")
    # The sanitiser removed what would run (the page's CSP would stop it too, but
    # a statement must be safe without it).
    assert not statement.find_elements(By.CSS_SELECTOR, "script, [onerror]")
    links = statement.find_elements(By.CSS_SELECTOR, "a")
    assert links, "the links' text stays"
    assert not [a for a in links if (a.get_attribute("href") or "").lower().startswith("javascript:")]
    for link in links:
        link.click()  # a link with its javascript: URL removed goes nowhere
    browser.driver.switch_to.window(browser.driver.window_handles[0])
    assert browser.driver.execute_script("return window.__pandaXss") is None
    with pytest.raises(NoAlertPresentException):
        browser.driver.switch_to.alert.accept()
