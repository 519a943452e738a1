"""A pair room in two real browsers: the owner opens it from the problem page and
invites a second user from the room; each sees the other's typing, cursor and
presence; one reloads and finds the same text; an uninvited user is kept out."""

from __future__ import annotations

from selenium.webdriver.common.keys import Keys

from testbed.stack import Stack
from tests.browser.conftest import (
    Browser,
    BrowserFactory,
    format_violations,
    problem_id,
    publish_doc_screenshot,
    unique_name,
)

EDITOR = "#pair-editor"


def _user(stack: Stack, browsers: BrowserFactory, variant: str = "light") -> tuple[Browser, str]:
    username = unique_name("pair")
    stack.register(username)
    browser = browsers(stack, variant)
    browser.log_in(username, "secret-password")
    return browser, username


def _joined(browser: Browser) -> None:
    browser.wait_js("return document.querySelector('main').dataset.synced === 'true'", "the room to sync")


def _presence(browser: Browser) -> str:
    return browser.text("#presence")


def test_two_browsers_edit_one_document_live_and_a_reload_keeps_it(
    stack: Stack, browsers: BrowserFactory
) -> None:
    owner, owner_name = _user(stack, browsers)
    guest, guest_name = _user(stack, browsers, "dark")
    outsider, _ = _user(stack, browsers)

    owner.open(f"/problems/{problem_id(stack, 'aplusb')}")
    owner.element("#pair").click()
    owner.wait(lambda driver: "/pair/" in driver.current_url, "the pair room to open")
    room_path = owner.driver.current_url.removeprefix(stack.base_url)
    owner.wait_ready()
    _joined(owner)
    owner.element("#invite-username").send_keys(guest_name)
    owner.element("#invite-form button[type=submit]").click()
    owner.wait(lambda _d: guest_name in owner.text("#invited"), "the guest to be listed as invited")

    guest.open(room_path)
    _joined(guest)
    owner.wait(lambda _d: guest_name in _presence(owner), "the owner to see the guest here")
    assert owner_name in _presence(guest)

    owner.type_in_editor("import sys", EDITOR, alone=False)
    guest.wait(lambda _d: "import sys" in guest.editor_text(EDITOR), "the guest to see the owner's typing")
    # The guest types at the end of the shared text, on a line of their own.
    guest.element(f"{EDITOR} .cm-content").click()
    guest.element(f"{EDITOR} .cm-content").send_keys(Keys.CONTROL, Keys.END)
    guest.type_in_editor("\na, b = map(int, sys.stdin.read().split())", EDITOR, alone=False)
    owner.wait(
        lambda _d: "a, b = map(int" in owner.editor_text(EDITOR), "the owner to see the guest's typing"
    )
    owner.wait(lambda _d: f"{guest_name} is typing" in owner.text("#typing"), "the guest's typing indicator")
    # The guest's caret, labelled with their name, in the owner's editor (y-codemirror.next).
    owner.wait_js(
        "return [...document.querySelectorAll('#pair-editor .cm-ySelectionInfo')]"
        f".some((label) => label.textContent === {guest_name!r})",
        "the guest's cursor in the owner's editor",
    )
    guest.wait_js(
        "return [...document.querySelectorAll('#pair-editor .cm-ySelectionInfo')]"
        f".some((label) => label.textContent === {owner_name!r})",
        "the owner's cursor in the guest's editor",
    )
    owner.wait(lambda _d: owner.editor_text(EDITOR) == guest.editor_text(EDITOR), "both editors to agree")
    text = owner.editor_text(EDITOR)
    assert text == "import sys\na, b = map(int, sys.stdin.read().split())", text

    publish_doc_screenshot(owner.screenshot("pair-room"), "pair-room.png")
    violations = owner.axe_violations()
    assert not violations, format_violations(violations)

    guest.driver.refresh()
    guest.wait_ready()
    _joined(guest)
    guest.wait(lambda _d: guest.editor_text(EDITOR) == text, "the reloaded guest to see the same text")

    # Someone not invited gets the room's refusal, never its text.
    outsider.driver.get(stack.base_url + room_path)
    outsider.wait_js(
        "return document.querySelector('#flash .flash-error') !== null", "the outsider to be refused"
    )
    assert "import sys" not in outsider.driver.page_source
