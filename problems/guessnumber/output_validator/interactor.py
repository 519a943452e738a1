#!/usr/bin/env python3
"""Interactor for Guess the Number (ICPC output-validator protocol).

    interactor.py input_file judge_answer_file feedback_dir

The input file holds "n x". Our stdout is the submission's stdin and our stdin
is its stdout. Exit 42 when the secret is found within 30 questions and the
submission then prints nothing more, else 43 with a reason in
feedback_dir/judgemessage.txt."""

import os
import sys

ACCEPT, REJECT = 42, 43
MAX_QUERIES = 30


def verdict(code, msg):
    with open(os.path.join(sys.argv[3], "judgemessage.txt"), "w") as f:
        f.write(msg + "\n")
    sys.exit(code)


def send(line):
    try:
        sys.stdout.write(line + "\n")
        sys.stdout.flush()
    except BrokenPipeError:
        verdict(REJECT, "the submission closed its input before the end")


def main():
    with open(sys.argv[1]) as f:
        n, x = map(int, f.read().split())
    send(str(n))
    queries = 0
    while True:
        line = sys.stdin.readline()
        if not line:
            verdict(REJECT, f"the submission ended after {queries} questions without finding {x}")
        parts = line.split()
        if len(parts) != 2 or parts[0] != "?" or not parts[1].lstrip("-").isdigit() or len(parts[1]) > 12:
            verdict(REJECT, f"malformed line: {line[:50]!r}")
        y = int(parts[1])
        if not 1 <= y <= n:
            verdict(REJECT, f"question {y} out of range [1, {n}]")
        queries += 1
        if queries > MAX_QUERIES:
            verdict(REJECT, f"more than {MAX_QUERIES} questions")
        if y == x:
            send("=")
            break
        send("<" if x < y else ">")
    rest = sys.stdin.read()
    if rest.strip():
        verdict(REJECT, f"output after the secret was found: {rest[:50]!r}")
    verdict(ACCEPT, f"found {x} in {queries} questions")


if __name__ == "__main__":
    main()
