"""The built-in checkers, called on bytes directly: what each accepts and refuses,
and the position its message names (never the expected data)."""

from __future__ import annotations

import pytest

from judge.checkers import case_insensitive, exact, floats, get_checker, tokens
from judge.checkers.base import ACCEPTED, CheckResult
from judge.checkers.floats import parse_float
from queues.payloads import CheckerSpec


def test_tokens_ignore_how_much_whitespace_separates_them() -> None:
    assert tokens.check(b"  1\t2\n\n3\r\n", b"1 2 3\n") == ACCEPTED
    assert tokens.check(b"", b"\n") == ACCEPTED


@pytest.mark.parametrize(
    ("output", "message"),
    [
        (b"1 2 4\n", "token 3 differs"),
        (b"1 2\n", "output ends early: 2 tokens"),
        (b"1 2 3 4\n", "extra output after token 3"),
    ],
)
def test_tokens_name_the_first_difference(output: bytes, message: str) -> None:
    assert tokens.check(output, b"1 2 3\n") == CheckResult(False, message)


def test_tokens_are_case_sensitive_unless_told() -> None:
    assert tokens.check(b"YES", b"yes").ok is False
    assert tokens.check(b"YES", b"yes", case_sensitive=False) == ACCEPTED


def test_tokens_compare_as_c_strings_up_to_a_nul() -> None:
    assert tokens.check(b"abc\0junk", b"abc") == ACCEPTED


def test_space_change_sensitive_wants_the_answers_whitespace() -> None:
    assert tokens.check(b"1 2\n", b"1 2\n", space_change_sensitive=True) == ACCEPTED
    changed = tokens.check(b"1  2\n", b"1 2\n", space_change_sensitive=True)
    assert changed == CheckResult(False, "whitespace differs before token 2")
    trailing = tokens.check(b"1 2", b"1 2\n", space_change_sensitive=True)
    assert trailing == CheckResult(False, "whitespace differs after the last token")


def test_exact_forgives_only_a_final_newline() -> None:
    assert exact.check(b"a b\nc", b"a b\nc\n") == ACCEPTED
    assert exact.check(b"a b\nc\n", b"a b\nc") == ACCEPTED
    assert exact.check(b"a b \nc\n", b"a b\nc\n") == CheckResult(False, "line 1 differs")
    assert exact.check(b"a b\r\nc\n", b"a b\nc\n") == CheckResult(False, "line 1 differs")
    assert exact.check(b"a b\n", b"a b\nc\n") == CheckResult(False, "output ends early: 1 lines")
    assert exact.check(b"a b\nc\n\n", b"a b\nc") == CheckResult(False, "extra output after line 2")


def test_case_insensitive_ignores_ascii_case_only() -> None:
    assert case_insensitive.check(b"YES\nNo", b"yes no\n") == ACCEPTED
    assert case_insensitive.check(b"YES", b"yess").ok is False
    assert case_insensitive.check("É".encode(), "é".encode()).ok is False  # not ASCII: bytes differ
    assert case_insensitive.check(b"a  b", b"a b", space_change_sensitive=True).ok is False


@pytest.mark.parametrize(
    ("output", "answer", "abs_tol", "rel_tol", "ok"),
    [
        (b"1.5", b"1", 0.5, 0.0, True),  # the absolute bound is included
        (b"0.5", b"1", 0.5, 0.0, True),
        (b"1.5000001", b"1", 0.5, 0.0, False),
        (b"5", b"4", 0.0, 0.25, True),  # relative to the answer, boundary included
        (b"5.0000001", b"4", 0.0, 0.25, False),
        (b"-5", b"-4", 0.0, 0.25, True),
        (b"3", b"4", 0.0, 0.25, True),  # |3 - 4| = 1 = 0.25 * |4|
        (b"0x1.8p1", b"3", 0.0, 0.0, True),  # a hex float, as sscanf reads it
        (b"nan", b"1", 1.0, 1.0, False),  # not a number against a number
        (b"1_0", b"10", 0.0, 0.0, False),  # Python's syntax is not C's
    ],
)
def test_floats_tolerances(output: bytes, answer: bytes, abs_tol: float, rel_tol: float, ok: bool) -> None:
    assert floats.check(output, answer, abs=abs_tol, rel=rel_tol).ok is ok


def test_floats_default_tolerance_is_a_millionth() -> None:
    assert floats.check(b"0.3333333", b"0.333333333\n") == ACCEPTED
    assert floats.check(b"0.3334", b"0.3333").ok is False


def test_floats_compare_words_as_text() -> None:
    assert floats.check(b"X 1.0", b"x 1") == ACCEPTED
    assert floats.check(b"X 1.0", b"x 1", case_sensitive=True).ok is False
    assert floats.check(b"NaN", b"nan") == ACCEPTED  # "nan" is a word, not a number
    assert floats.check(b"-nan", b"nan").ok is False


def test_floats_refuse_negative_tolerances() -> None:
    with pytest.raises(ValueError, match="non-negative"):
        floats.check(b"1", b"1", abs=-1.0)
    with pytest.raises(ValueError, match="non-negative"):
        floats.check(b"1", b"1", rel=float("nan"))


@pytest.mark.parametrize(
    ("token", "value"),
    [(b"1", 1.0), (b"-2.5e3", -2500.0), (b".5", 0.5), (b"7.", 7.0), (b"0x10", 16.0), (b"+0X.8P1", 1.0)],
)
def test_parse_float_reads_what_sscanf_reads(token: bytes, value: float) -> None:
    assert parse_float(token) == value


@pytest.mark.parametrize("token", [b"nan", b"inf", b"1e999", b"0x1p99999", b"1,5", b"e5", b"", b"1.2.3"])
def test_parse_float_refuses_what_is_not_a_finite_number(token: bytes) -> None:
    assert parse_float(token) is None


def test_a_checker_is_picked_by_name_with_its_arguments_bound() -> None:
    close = get_checker(CheckerSpec("floats", {"abs": 0.5, "rel": 0}))
    assert close(b"1.5", b"1") == ACCEPTED
    assert close(b"1.6", b"1").ok is False


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        (CheckerSpec("nope"), "unknown checker 'nope'"),
        (CheckerSpec("exact", {"case_sensitive": True}), "bad arguments for checker 'exact'"),
        (CheckerSpec("floats", {"abs": -1}), "bad arguments for checker 'floats'"),  # the dry run
        (CheckerSpec("floats", {"abs": "x"}), "bad arguments for checker 'floats'"),
    ],
)
def test_a_wrong_name_or_argument_fails_at_load(spec: CheckerSpec, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        get_checker(spec)
