"""Runs inside the DMOJ judge's own venv (var/dmoj/venv), never ours: judges
submissions with DMOJ's local judge, one JSON job per stdin line, one JSON
result per stdout line. Started by ``bench/vs_dmoj.py``.

    job:    {"problem": "aplusb", "language": "PY3", "source": "...", "time_limit": 1.0, "memory_kb": 262144}
    result: {"verdict": "AC", "seconds": 1.42, "tests": 20}

Stdlib + dmoj only: this file is not imported by anything of ours.
"""

import json
import sys
import time

from dmoj import executors, judgeenv
from dmoj.cli import LocalJudge, LocalPacketManager
from dmoj.judge import Submission


class RecordingPacketManager(LocalPacketManager):
    """What DMOJ's site would hear: each test's result, a compile error, an internal error."""

    def __init__(self, judge):
        super().__init__(judge)
        self.reset()

    def reset(self):
        self.codes = []
        self.compile_error = None
        self.internal_error = None

    def test_case_status_packet(self, position, result):
        self.codes.append(result.readable_codes()[0])

    def compile_error_packet(self, log):
        self.compile_error = log

    def internal_error_packet(self, message):
        self.internal_error = message


def verdict(packets):
    if packets.compile_error is not None:
        return "CE"
    if packets.internal_error is not None:
        return "IE"
    # Short-circuited cases read "SC": the verdict is the first real failure.
    failures = [code for code in packets.codes if code not in ("AC", "SC")]
    return {"RTE": "RE", "IR": "RE"}.get(failures[0], failures[0]) if failures else "AC"


def main():
    config = sys.argv[1]
    sys.argv = ["dmoj-cli", "-c", config, "--no-ansi", "-e", "PY3,CPP17,JAVA"]
    judgeenv.load_env(cli=True)
    executors.load_executors()
    judge = LocalJudge()
    packets = RecordingPacketManager(judge)
    judge.packet_manager = packets
    judge.listen()
    print(json.dumps({"ready": True}), flush=True)
    for number, line in enumerate(sys.stdin, start=1):
        job = json.loads(line)
        packets.reset()
        submission = Submission(
            number,
            job["problem"],
            job["language"],
            job["source"],
            job["time_limit"],
            job["memory_kb"],
            True,
            {},
        )
        started = time.perf_counter()
        judge.begin_grading(submission, report=lambda message: None, blocking=True)
        seconds = time.perf_counter() - started
        print(
            json.dumps({"verdict": verdict(packets), "seconds": seconds, "tests": len(packets.codes)}),
            flush=True,
        )
    judge.murder()


if __name__ == "__main__":
    main()
