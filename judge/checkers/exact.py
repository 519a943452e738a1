"""Byte-exact output; only a missing (or extra) final newline is forgiven."""

from __future__ import annotations

from judge.checkers.base import ACCEPTED, CheckResult


def _without_final_newline(data: bytes) -> bytes:
    return data[:-1] if data.endswith(b"\n") else data


def check(output: bytes, answer: bytes) -> CheckResult:
    got, expected = _without_final_newline(output), _without_final_newline(answer)
    if got == expected:
        return ACCEPTED
    got_lines, expected_lines = got.split(b"\n"), expected.split(b"\n")
    for number, (line, wanted) in enumerate(zip(got_lines, expected_lines, strict=False), start=1):
        if line != wanted:
            return CheckResult(False, f"line {number} differs")
    if len(got_lines) < len(expected_lines):
        return CheckResult(False, f"output ends early: {len(got_lines)} lines")
    return CheckResult(False, f"extra output after line {len(expected_lines)}")
