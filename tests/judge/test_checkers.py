"""Every checker, pass and fail, tolerances at their boundaries, and the registry."""

from __future__ import annotations

import pytest

from judge.checkers import CHECKERS, get_checker
from problempkg.judge_terms import checker_from_flags
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
    ("floats", {}, b"X 1.0", b"x 1", True),  # words ignore case, as in Kattis' default validator
    ("floats", {"case_sensitive": True}, b"X 1.0", b"x 1", False),
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
        CheckerSpec("tokens", {"abs": 1e-6}),  # tokens takes no tolerance
        CheckerSpec("floats", {"epsilon": 1e-6}),
        CheckerSpec("floats", {"abs": "small"}),
        CheckerSpec("floats", {"rel": -1}),
    ],
)
def test_wrong_arguments_fail_when_bound(spec: CheckerSpec) -> None:
    with pytest.raises(ValueError, match="bad arguments"):
        get_checker(spec)


# Kattis' default output validator (problemtools support/default_validator): its flags
# as problem.yaml gives them, through the same mapping a package's import and verify use.
# (flags, output, answer, accepted)
KATTIS_DEFAULT = [
    ("", b"hello world", b"hello world", True),
    ("", b"hello there", b"hello world", False),
    ("", b"HELLO World", b"hello world", True),  # no flags: case is ignored
    ("case_sensitive", b"Hello", b"Hello", True),
    ("case_sensitive", b"hello", b"Hello", False),
    ("space_change_sensitive", b"hello\n world", b"hello\n world", True),
    ("space_change_sensitive", b"hello\nworld", b"hello\n world", False),
    ("space_change_sensitive", b"hello\n world", b"hello\nworld", False),
    ("space_change_sensitive", b"hello\n world", b"hello\n world\n", False),  # trailing counts too
    ("space_change_sensitive", b" hello", b"hello", False),  # and leading
    ("", b"hello\n world", b"hello world\n", True),
    ("case_sensitive space_change_sensitive float_tolerance 0.5", b"PI is 3.14", b"PI is 3.14", True),
    ("case_sensitive space_change_sensitive float_tolerance 0.5", b"PI is 2.0", b"PI is 1.0", False),
    ("float_absolute_tolerance 0.5", b"1.4", b"1", True),
    ("float_absolute_tolerance 0.1", b"1.4", b"1", False),
    ("float_absolute_tolerance 0.1", b"1.00001", b"1", True),
    ("float_relative_tolerance 0.1", b"105", b"100", True),
    ("float_relative_tolerance 0.01", b"105", b"100", False),
    ("float_relative_tolerance 0.01", b"1", b"0", False),
    ("float_relative_tolerance 0.01", b"0", b"0", True),
    ("float_tolerance 0.5", b"1.1", b"1", True),
    ("float_tolerance 0.5", b"1.50001", b"1", False),
    ("float_tolerance 0.5", b"0", b"inf", False),  # inf is no number: compared as text
    ("float_tolerance 0.5", b"1.4\xf0\x9f\x9a\x80", b"1", False),
    # nan / inf: text, ignoring case unless case_sensitive
    ("float_tolerance 1e-6", b"nan inf", b"NaN Inf", True),
    ("float_tolerance 1e-6", b"NAN INFINITY", b"nan infinity", True),
    ("float_tolerance 1e-6 case_sensitive", b"nan", b"NaN", False),
    ("float_tolerance 1e-6", b"-nan", b"nan", False),
    ("float_tolerance 1e-6", b"nan", b"1", False),  # a number wants a number
    ("float_tolerance 1e-6", b"inf", b"1e999", False),  # 1e999 is no number, and not "inf" either
    ("float_tolerance 1e-6", b"1E999", b"1e999", True),
    # exponents, signs, hex floats and the forms sscanf takes
    ("float_tolerance 1e-6", b"1.5e3", b"1500", True),
    ("float_tolerance 1e-6", b"+1500.", b"1.5E+3", True),
    ("float_tolerance 1e-6", b".5", b"0.5", True),
    ("float_tolerance 1e-6", b"0x1.8p1", b"3", True),
    ("float_tolerance 1e-6", b"3", b"0X1.8P1", True),
    ("float_tolerance 1e-6", b"1e", b"1", False),
    ("float_tolerance 1e-6", b"1e-400", b"0", True),  # underflows to 0, still a number
    ("float_tolerance 1e-6", b"1,5", b"1.5", False),
    ("float_tolerance 1e-6", b"1_0", b"10", False),
    ("float_tolerance 1e-6", b"abc", b"ABC", True),
]


@pytest.mark.parametrize(("flags", "output", "answer", "accepted"), KATTIS_DEFAULT)
def test_kattis_default_validator_flags(flags: str, output: bytes, answer: bytes, accepted: bool) -> None:
    result = get_checker(checker_from_flags(flags))(output, answer)
    assert result.ok is accepted, result
    assert bool(result.message) is not accepted


@pytest.mark.parametrize(
    "flags", ["case_sensitive", "space_change_sensitive", "case_sensitive space_change_sensitive"]
)
def test_word_flags_build_a_checker(flags: str) -> None:
    # case_sensitive used to reach tokens.check, which took no arguments: every run failed in the judge.
    assert get_checker(checker_from_flags(flags))(b"Yes", b"Yes").ok


def test_a_later_tolerance_overrides_an_earlier_one() -> None:
    spec = checker_from_flags("float_tolerance 2 float_relative_tolerance 0.001")
    assert (spec.args["abs"], spec.args["rel"]) == (2.0, 0.001)
    assert get_checker(spec)(b"3", b"1").ok  # |3 - 1| <= 2
