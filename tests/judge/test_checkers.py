"""Every checker, pass and fail, tolerances at their boundaries, and the registry."""

from __future__ import annotations

import pytest

from judge.checkers import CHECKERS, get_checker
from queues.payloads import CheckerSpec


def check(name: str, output: bytes, answer: bytes, **args: object) -> tuple[bool, str]:
    result = get_checker(CheckerSpec(name, dict(args)))(output, answer)
    return result.ok, result.message


# (checker, args, output, answer, accepted)
CASES = [
    ("tokens", {}, b"3\n", b"3\n", True),
    ("tokens", {}, b"  1   2\n\n3", b"1 2 3\n", True),
    ("tokens", {}, b"1 2 4\n", b"1 2 3\n", False),
    ("tokens", {}, b"1 2\n", b"1 2 3\n", False),
    ("tokens", {}, b"1 2 3 4\n", b"1 2 3\n", False),
    ("tokens", {}, b"", b"", True),
    ("tokens", {}, b"YES", b"yes", False),
    ("exact", {}, b"a b\nc\n", b"a b\nc\n", True),
    ("exact", {}, b"a b\nc", b"a b\nc\n", True),  # a missing final newline is forgiven
    ("exact", {}, b"a  b\nc\n", b"a b\nc\n", False),
    ("exact", {}, b"a b \nc\n", b"a b\nc\n", False),  # trailing space is a difference
    ("exact", {}, b"a b\nc\n\n", b"a b\nc", False),
    ("exact", {}, b"a b\r\nc\n", b"a b\nc\n", False),
    ("case_insensitive", {}, b"YES\nNo", b"yes no\n", True),
    ("case_insensitive", {}, b"YES", b"yess", False),
    ("floats", {}, b"0.3333333", b"0.333333333\n", True),
    ("floats", {}, b"0.3334", b"0.3333", False),
    ("floats", {}, b"x 1.0", b"x 1", True),
    ("floats", {}, b"X 1.0", b"x 1", False),  # words stay exact
    ("floats", {}, b"1_0", b"10", False),  # Python syntax is not a number here
    ("floats", {}, b"nan", b"1", False),
    ("floats", {}, b"1e999", b"1e999", True),  # byte-equal tokens match without arithmetic
    # Absolute tolerance, boundary included (values exact in binary).
    ("floats", {"abs": 0.5, "rel": 0}, b"1.5", b"1", True),
    ("floats", {"abs": 0.5, "rel": 0}, b"0.5", b"1", True),
    ("floats", {"abs": 0.5, "rel": 0}, b"1.5000001", b"1", False),
    ("floats", {"abs": 0.5, "rel": 0}, b"0.4999999", b"1", False),
    # Relative tolerance is relative to the answer.
    ("floats", {"abs": 0, "rel": 0.25}, b"5", b"4", True),
    ("floats", {"abs": 0, "rel": 0.25}, b"5.0000001", b"4", False),
    ("floats", {"abs": 0, "rel": 0.25}, b"-5", b"-4", True),
    ("floats", {"abs": 0, "rel": 0.25}, b"3", b"4", True),
    ("floats", {"abs": 0, "rel": 0.25}, b"2.9999999", b"4", False),
]


@pytest.mark.parametrize(("name", "args", "output", "answer", "accepted"), CASES)
def test_checker(name: str, args: dict, output: bytes, answer: bytes, accepted: bool) -> None:
    ok, message = check(name, output, answer, **args)
    assert ok is accepted
    assert bool(message) is not accepted  # a rejection always says where


def test_every_registered_checker_has_a_case() -> None:
    assert {case[0] for case in CASES} == set(CHECKERS)


@pytest.mark.parametrize(
    ("name", "output", "answer", "message"),
    [
        ("tokens", b"1 5 3", b"1 2 3", "token 2 differs"),
        ("tokens", b"1", b"1 2 3", "output ends early: 1 tokens"),
        ("tokens", b"1 2 3 4", b"1 2 3", "extra output after token 3"),
        ("exact", b"a\nb\nX\n", b"a\nb\nc\n", "line 3 differs"),
        ("floats", b"1 2 3.5", b"1 2 3", "token 3 differs"),
    ],
)
def test_message_is_a_position_not_the_answer(name: str, output: bytes, answer: bytes, message: str) -> None:
    assert check(name, output, answer) == (False, message)


def test_message_never_contains_the_expected_token() -> None:
    _, message = check("tokens", b"wrong", b"secret-answer")
    assert "secret" not in message


def test_default_spec_is_tokens() -> None:
    assert get_checker(CheckerSpec())(b"1  2", b"1\n2\n").ok


def test_unknown_checker_names_the_choices() -> None:
    with pytest.raises(ValueError, match="unknown checker 'nope'") as error:
        get_checker(CheckerSpec("nope"))
    for name in CHECKERS:
        assert name in str(error.value)


@pytest.mark.parametrize(
    "spec",
    [
        CheckerSpec("tokens", {"abs": 1e-6}),  # tokens takes no arguments
        CheckerSpec("floats", {"epsilon": 1e-6}),
        CheckerSpec("floats", {"abs": "small"}),
        CheckerSpec("floats", {"rel": -1}),
    ],
)
def test_wrong_arguments_fail_when_bound(spec: CheckerSpec) -> None:
    with pytest.raises(ValueError, match="bad arguments"):
        get_checker(spec)
