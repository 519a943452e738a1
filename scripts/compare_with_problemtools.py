"""Run Kattis problemtools' ``verifyproblem`` and our ``panda problem verify`` on problem
packages and print, as Markdown, what each says about every submission.

Packages to try (public examples; keep them OUT of this checkout, e.g. under /tmp/pkgs):

    git clone https://github.com/Kattis/problemtools pt     # examples/*
    git -C pt archive ad3e801c^ examples/bplusa | tar -x    # bplusa, from before "Remove bplusa"
    git clone https://github.com/DOMjudge/domjudge dj       # example_problems/, example_scoring_problems/
    git clone https://github.com/Kattis/problem-package-format ppf  # examples/problems/*

Usage (from the checkout's root):

    .venv/bin/python scripts/compare_with_problemtools.py [--log-dir DIR [--replay]]
        [--replay-problemtools DIR]... [--parts submissions,data] [--pt-filter REGEX] PKG_DIR...

problemtools runs as ``scripts/problemtools.sh -l info PKG_DIR -p PARTS [-s REGEX]`` (PARTS defaults
to ``submissions``: the statement checks need LaTeX), ours as ``.venv/bin/panda problem verify
PKG_DIR``. ``--log-dir`` keeps both tools' raw output; ``--replay`` rebuilds the table from it.
``--replay-problemtools DIR`` (repeatable, first DIR with the package's log wins) takes problemtools'
output from logs an earlier ``--log-dir`` kept and runs only ours: problemtools' output does not
change when ours does, and rerunning it on hostile packages is a risk (it has no sandbox).
problemtools runs submissions unsandboxed: for DOMjudge's hello (fork bombs, endless sleeps) pass
``--pt-filter '^(?!.*(fork|suspend|chroot|permissions|write-file|fill-|stress|reboot|network))'``.
Prints a table (package, format version, each tool's summary, equal?) and then every submission
the two tools disagree on.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = ("accepted", "partially_accepted", "wrong_answer", "run_time_error", "time_limit_exceeded")
# The two tools' words for the same verdict (problemtools says RTE; we say MLE where it crashes;
# its judge error JE, the package's fault, is our IE).
SAME_VERDICT = {"RTE": "RE", "MLE": "RE", "JE": "IE"}
NOT_AVAILABLE = "N/A"
IGNORED = "ignored"  # problemtools skips a submission in a folder it does not know
TIMEOUT_S = 3600


@dataclass
class Verdict:
    """What one tool says about one submission (path under submissions/)."""

    got: str  # AC, WA, ..., CE, N/A, "ignored"
    as_expected: bool
    message: str


@dataclass
class Report:
    """One tool's run on one package."""

    submissions: dict[str, Verdict] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)  # package-level errors (not a submission's)
    refused: str = ""  # why the package was not loaded at all
    time_limit: str = ""
    wall_s: float = 0.0

    def summary(self) -> str:
        if self.refused:
            return f"refused: {self.refused}"
        ignored = sum(v.got == IGNORED for v in self.submissions.values())
        bad = [
            f"{path}: {v.got}"
            for path, v in self.submissions.items()
            if not v.as_expected and v.got != IGNORED
        ]
        missing = sum(v.got == NOT_AVAILABLE for v in self.submissions.values())
        text = f"{len(self.submissions)} submissions ({missing} N/A, {ignored} ignored), " + (
            "all as expected"
            if not bad
            else f"{len(bad)} not as expected ({'; '.join(bad[:8])}{'; ...' * (len(bad) > 8)})"
        )
        if self.errors:
            text += f"; {len(self.errors)} other error(s): " + "; ".join(self.errors)
        return text


def run(command: list[str], log: Path | None, replay: bool) -> tuple[str, float]:
    """The command's output and wall time; with ``replay``, as ``log`` kept them from an earlier run."""
    if replay and log is not None:
        body = log.read_text().split("\n", 1)[1]  # the first line is the command
        wall = re.search(r"\[wall (\d+) s\]\s*$", body)
        return (body[: wall.start()] if wall else body), float(wall[1]) if wall else 0.0
    start = time.monotonic()
    try:
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=TIMEOUT_S)
        output = done.stdout + done.stderr
    except subprocess.TimeoutExpired as exc:
        output = f"{exc.stdout or ''}{exc.stderr or ''}\ntimed out after {TIMEOUT_S} s"
    wall = time.monotonic() - start
    if log is not None:
        log.write_text(f"$ {' '.join(command)}\n{output}\n[wall {wall:.0f} s]\n")
    return output, wall


def _split_paren(text: str) -> tuple[str, str]:
    """``"(a (b)) rest"`` -> ``("a (b)", " rest")``: the balanced parenthesis at the start."""
    depth = 0
    for index, char in enumerate(text):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth == 0:
            return text[1:index], text[index + 1 :]
    return text[1:], ""


def _submission(text: str) -> tuple[str, str, str] | None:
    """``"accepted/a.py (Python 3) OK: AC [...]"`` -> (path, language, rest); None if no submission."""
    match = re.match(rf"((?:{'|'.join(FOLDERS)})/.+?) (\(.*)", text)
    if match is None:
        return None
    language, rest = _split_paren(match[2])
    return match[1], language, rest.strip()


def parse_problemtools(output: str) -> Report:
    report = Report()
    for line in output.splitlines():
        if match := re.match(r"\s+Slowest AC runtime: .*setting timelim to (\S+) secs", line):
            report.time_limit = f"{match[1]} s"
        if not line.startswith(("ERROR ", "FATAL ", "WARNING ", "   ")):
            continue
        level, _, text = line.partition(" ")
        text = text.strip() if level else line.strip()
        if level == "ERROR" and text.startswith("Compile error for "):
            parsed = _submission(text.removeprefix("Compile error for "))
            if parsed is not None:
                path, _, message = parsed
                missing = "could not find compiler" in message or "is it installed" in message
                message = message.strip("():").strip()
                report.submissions[path] = Verdict(NOT_AVAILABLE if missing else "CE", missing, message)
                continue
        if level == "ERROR" and (match := re.match(r"Submission (\S+) does not match any known", text)):
            report.submissions[match[1]] = Verdict(IGNORED, True, text)
            continue
        parsed = _submission(text)
        if parsed is not None:
            path, _, rest = parsed
            if match := re.match(r"OK(?: with extra time)?: (\w+)", rest):
                report.submissions[path] = Verdict(match[1], True, rest)
                continue
            if level == "ERROR" and (match := re.match(r"got (\w+)", rest)):
                report.submissions[path] = Verdict(match[1], False, rest)
                continue
            if level == "WARNING" and rest.startswith("was fully accepted"):
                report.submissions[path] = Verdict("AC", False, rest)
                continue
        if level in ("ERROR", "FATAL"):
            report.errors.append(text)
    if "Checking " not in output or "Traceback" in output:
        last = [line for line in output.splitlines() if line.strip()]
        report.refused = "; ".join(report.errors) or (last[-1] if last else "no output")
    return report


# ours: "ok   submissions/accepted/a.py     AC        AC           3 tests, max 5 ms"; also
# "ok   submissions/slow_accepted/a.py  ignored  ignored  not judged: ...", "... AC  N/A  language
# not available: Kotlin", "FAIL submissions/wrong_answer/g.py  WA  IE  the interactor ...", and the
# package's own failed checks: "FAIL problem_statement   valid  invalid  missing: ...".
PANDA_ROW = re.compile(
    rf"(ok|FAIL) +(\S.*?) +(AC|PAC|WA|TLE|RE|valid|derived|compiles|{IGNORED}) +(\S+) *(.*)"
)


def parse_panda(output: str) -> Report:
    report = Report()
    lines = output.splitlines()
    if not any(line.split()[:2] == ["what", "expected"] for line in lines):
        said = [line for line in lines if line.strip()]
        report.refused = said[-1].removeprefix("panda: ") if said else "no output"
        return report
    for line in lines:
        match = PANDA_ROW.fullmatch(line)
        if match is None:
            continue
        mark, what, expected, got, detail = match.groups()
        if what.startswith("submissions/"):
            message = f"expected {expected}; {detail}".strip("; ")
            report.submissions[what.removeprefix("submissions/")] = Verdict(got, mark == "ok", message)
        elif what.startswith("time limit"):
            report.time_limit = detail.split(":")[0]
        elif mark == "FAIL" and got == "invalid":  # a part of the package is wrong, the rest judged
            report.errors.append(f"{what}: {detail}".strip(": "))
        elif mark == "FAIL":
            report.errors.append(f"{what}: {got} {detail}".strip())
    return report


def format_version(package: Path) -> str:
    try:
        config = yaml.safe_load((package / "problem.yaml").read_text()) or {}
    except (OSError, yaml.YAMLError) as exc:
        return f"? ({exc.__class__.__name__})"
    return str(config.get("problem_format_version", "legacy (default)"))


def differences(ours: Report, theirs: Report) -> list[str]:
    """Every submission the two tools do not judge alike, as a Markdown list item."""
    if ours.refused or theirs.refused:
        return [] if ours.refused and theirs.refused else ["whole package: one tool refused it (see table)"]
    lines = []
    for path in sorted(set(ours.submissions) | set(theirs.submissions)):
        mine, ref = ours.submissions.get(path), theirs.submissions.get(path)
        if mine and ref and _alike(mine, ref):
            continue
        if NOT_AVAILABLE in (getattr(mine, "got", None), getattr(ref, "got", None)) and not (mine and ref):
            continue  # a language one tool lacks and the other does not know: nothing to compare
        lines.append(f"`{path}`: problemtools {_say(ref)}; panda {_say(mine)}")
    if ours.time_limit != theirs.time_limit and ours.time_limit and theirs.time_limit:
        lines.append(f"derived time limit: problemtools {theirs.time_limit}, panda {ours.time_limit}")
    return lines


def _alike(mine: Verdict, ref: Verdict) -> bool:
    if IGNORED in (mine.got, ref.got):  # both skip it, or one judges what the other skips
        return mine.got == ref.got
    if NOT_AVAILABLE in (mine.got, ref.got):  # a toolchain one machine lacks: not the package's doing
        return mine.got == ref.got
    same = SAME_VERDICT.get(mine.got, mine.got) == SAME_VERDICT.get(ref.got, ref.got)
    return mine.as_expected == ref.as_expected and same


def _say(verdict: Verdict | None) -> str:
    if verdict is None:
        return "does not report it"
    status = "as expected" if verdict.as_expected else "NOT as expected"
    return f"{verdict.got} ({status}) — {verdict.message[:200]}"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def logs_name(name: str, tool: str) -> str:
    """The log file of ``tool`` ("pt" or "panda") on package ``name`` ("examples/hello")."""
    return f"{name.replace('/', '_')}.{tool}.log"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("packages", nargs="+", type=Path)
    parser.add_argument(
        "--parts", default="submissions", help="verifyproblem -p, comma-separated (default: submissions)"
    )
    parser.add_argument("--log-dir", type=Path, help="keep each tool's raw output here")
    parser.add_argument("--pt-filter", help="verifyproblem -s: only submissions matching this regex")
    parser.add_argument("--replay", action="store_true", help="read --log-dir's outputs instead of running")
    parser.add_argument(
        "--replay-problemtools",
        type=Path,
        action="append",
        default=[],
        metavar="DIR",
        help="read problemtools' output from DIR's kept logs (repeatable); run only ours",
    )
    args = parser.parse_args(argv)
    if args.log_dir:
        args.log_dir.mkdir(parents=True, exist_ok=True)
    rows, details = [], []
    for package in args.packages:
        package = package.resolve()
        name = f"{package.parent.name}/{package.name}"
        logs = [args.log_dir / logs_name(name, tool) if args.log_dir else None for tool in ("pt", "panda")]
        pt_cmd = ["bash", "scripts/problemtools.sh", "-l", "info", str(package), "-p", *args.parts.split(",")]
        pt_cmd += ["-s", args.pt_filter] if args.pt_filter else []
        if args.replay_problemtools:
            kept = [d / logs_name(name, "pt") for d in args.replay_problemtools]
            found = next((log for log in kept if log.is_file()), None)
            if found is None:
                parser.error(f"no problemtools log for {name} in {', '.join(map(str, kept))}")
            theirs_out, theirs_wall = run(pt_cmd, found, replay=True)
        else:
            theirs_out, theirs_wall = run(pt_cmd, logs[0], args.replay)
        ours_out, ours_wall = run(
            [".venv/bin/panda", "problem", "verify", str(package)], logs[1], args.replay
        )
        theirs, ours = parse_problemtools(theirs_out), parse_panda(ours_out)
        diff = differences(ours, theirs)
        summaries = (f"{theirs.summary()} [{theirs_wall:.0f} s]", f"{ours.summary()} [{ours_wall:.0f} s]")
        equal = "yes" if not diff else f"**no** ({len(diff)})"
        if theirs.refused and not ours.refused:  # the reference judges nothing here
            equal, diff = "n/a (problemtools refused it)", []
        row = [name, format_version(package), *summaries, equal]
        rows.append("| " + " | ".join(_cell(cell) for cell in row) + " |")
        details += [f"- {name}: {line}" for line in diff]
        print(f"done {name}", file=sys.stderr, flush=True)
    print("| package | format version | problemtools | panda verify | equal? |")
    print("|---|---|---|---|---|")
    print("\n".join(rows))
    print("\n## Differences\n")
    print("\n".join(details) or "none")
    return 0


if __name__ == "__main__":
    sys.exit(main())
