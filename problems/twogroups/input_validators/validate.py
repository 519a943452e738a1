#!/usr/bin/env python3
"""Input validator: checks the input format and bounds exactly (exit 42 valid, 43 not)."""

import re
import sys

INT = re.compile(r"-?(0|[1-9][0-9]*)")
REAL = re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?")


def ints(line, count, low, high):
    words = line.split(" ")
    assert len(words) == count, f"{len(words)} numbers, expected {count}"
    for word in words:
        assert INT.fullmatch(word) and word != "-0", f"not an integer: {word!r}"
        assert low <= int(word) <= high, f"{word} is out of [{low}, {high}]"
    return [int(w) for w in words]


def main(lines):
    (n,) = ints(lines[0], 1, 1, 10**5)
    assert len(lines) == 2, "two lines"
    ints(lines[1], n, -(10**9), 10**9)


if __name__ == "__main__":
    text = sys.stdin.read()
    try:
        assert text.endswith("\n"), "input must end with a newline"
        main(text[:-1].split("\n"))
    except (AssertionError, ValueError, IndexError) as err:
        print(err, file=sys.stderr)
        sys.exit(43)
    sys.exit(42)
