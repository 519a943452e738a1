#!/usr/bin/env python3
"""Output validator for Course Order (ICPC protocol).

    validate.py input_file judge_answer_file feedback_dir < team_output

Accepts (exit 42) any order that takes every course exactly once and respects
every rule, or IMPOSSIBLE when the judge's answer is IMPOSSIBLE; otherwise
rejects (exit 43) with a reason in feedback_dir/judgemessage.txt."""

import os
import sys

ACCEPT, REJECT = 42, 43


def verdict(code, msg):
    with open(os.path.join(sys.argv[3], "judgemessage.txt"), "w") as f:
        f.write(msg + "\n")
    sys.exit(code)


def main():
    with open(sys.argv[1], "rb") as f:
        data = f.read().split()
    n, m = int(data[0]), int(data[1])
    rules = list(map(int, data[2 : 2 + 2 * m]))
    with open(sys.argv[2], "rb") as f:
        judge = f.read().split()
    judge_impossible = judge[:1] == [b"IMPOSSIBLE"]

    team = sys.stdin.buffer.read().split()
    if team[:1] == [b"IMPOSSIBLE"]:
        if len(team) != 1:
            verdict(REJECT, "trailing output after IMPOSSIBLE")
        if judge_impossible:
            verdict(ACCEPT, "correctly IMPOSSIBLE")
        verdict(REJECT, "team says IMPOSSIBLE but an order exists")
    if judge_impossible:
        verdict(REJECT, "the rules have a cycle, the answer is IMPOSSIBLE")
    if len(team) != n:
        verdict(REJECT, f"expected {n} courses, got {len(team)} tokens")
    pos = [-1] * (n + 1)
    for i, tok in enumerate(team):
        if not tok.isdigit() or len(tok) > 7:
            verdict(REJECT, f"token {i + 1} is not a course number: {tok[:20]!r}")
        c = int(tok)
        if not 1 <= c <= n:
            verdict(REJECT, f"course {c} out of range")
        if pos[c] != -1:
            verdict(REJECT, f"course {c} taken twice")
        pos[c] = i
    for j in range(0, 2 * m, 2):
        a, b = rules[j], rules[j + 1]
        if pos[a] > pos[b]:
            verdict(REJECT, f"rule {j // 2 + 1}: course {a} must come before course {b}")
    verdict(ACCEPT, "valid order")


if __name__ == "__main__":
    main()
