"""Signing in and out in the browser: the login form by keyboard alone, a reload
keeps the session, logging out ends it (its tokens revoked), and the access token
is refreshed before it expires.

This module's stack issues access tokens that live ``ACCESS_TOKEN_S``: the UI
refreshes a minute before expiry, so it does so seconds after each login.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import requests
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from testbed.stack import Stack
from tests.browser.conftest import Browser, BrowserFactory, start_stack, unique_name

ACCESS_TOKEN_S = 64
PASSWORD = "secret-password"
# Enough to pass the header's links and reach the login form.
MAX_TABS = 15


@pytest.fixture(scope="module")
def short_token_stack(
    ui_bundles: None, tmp_path_factory: pytest.TempPathFactory, redis_url: str, namespace: str
) -> Iterator[Stack]:
    with start_stack(
        tmp_path_factory,
        redis_url,
        namespace,
        "session",
        settings={"PANDA_ACCESS_TOKEN_S": str(ACCESS_TOKEN_S)},
    ) as stack:
        yield stack


def header_user(browser: Browser) -> str:
    return browser.text("#account")


def fetch_me(browser: Browser, token: str) -> Any:
    """GET /api/me from the page with ``token``: its HTTP status."""
    return browser.driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "fetch('/api/me', {headers: {Authorization: `Bearer ${arguments[0]}`}}).then((r) => done(r.status));",
        token,
    )


def test_log_in_by_keyboard_reload_and_log_out(short_token_stack: Stack, browsers: BrowserFactory) -> None:
    username = unique_name()
    short_token_stack.register(username, PASSWORD)
    browser = browsers(short_token_stack)
    browser.open("/login")
    # From the page's first stop (the skip link), as a keyboard user arrives.
    browser.driver.execute_script("document.querySelector('.skip-link').focus()")

    focused = []
    keys = ActionChains(browser.driver)
    for _ in range(MAX_TABS):
        keys.send_keys(Keys.TAB).perform()
        active = browser.driver.switch_to.active_element
        focused.append(active.get_attribute("id") or active.get_attribute("type") or active.tag_name)
        if active.get_attribute("type") == "submit":
            break
        if active.get_attribute("id") == "username":
            assert active.value_of_css_property("outline-style") != "none", "the focus is not visible"
            active.send_keys(username)
        if active.get_attribute("id") == "password":
            active.send_keys(PASSWORD)
    assert focused[-3:] == ["username", "password", "submit"], focused
    keys.send_keys(Keys.ENTER).perform()

    browser.wait(lambda _driver: username in header_user(browser), "the header to name the user")
    assert browser.driver.current_url.rstrip("/") == short_token_stack.base_url
    browser.driver.refresh()
    browser.wait_ready()
    assert username in header_user(browser), "a reload lost the session"

    login = browser.stored_login()
    assert login is not None
    browser.driver.find_element(By.XPATH, "//header//button[normalize-space()='Log out']").click()
    browser.wait(lambda _driver: "Log in" in header_user(browser), "the header to offer logging in")
    assert browser.stored_login() is None
    refresh = requests.post(
        f"{short_token_stack.api}/auth/refresh",
        headers={"Authorization": f"Bearer {login['refresh_token']}"},
        timeout=10,
    )
    assert refresh.status_code == 401, "logging out left the refresh token alive"


def test_the_access_token_is_refreshed_before_it_expires(
    short_token_stack: Stack, browsers: BrowserFactory
) -> None:
    username = unique_name()
    short_token_stack.register(username, PASSWORD)
    browser = browsers(short_token_stack)
    first = browser.log_in(username, PASSWORD)
    browser.open("/problems")

    renewed = browser.wait(
        lambda _driver: (
            (login := browser.stored_login()) and login["access_token"] != first["access_token"] and login
        ),
        "the UI to refresh the access token",
    )
    assert renewed["refresh_token"] != first["refresh_token"], "a refresh token is spent on use"
    assert fetch_me(browser, renewed["access_token"]) == 200
    browser.driver.refresh()
    browser.wait_ready()
    assert username in header_user(browser)
