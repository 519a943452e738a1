"""The verdict the format's default grader gives a submission, as Kattis
problemtools' ``verifyproblem`` runs it (its ``support/default_grader``).

Each folder under data/ grades its items (its test files and subfolders, in
name order) with its testdata.yaml, the keys it lacks inherited from its parent:
``on_reject: break`` (the default) stops at the first rejected item;
``grader_flags`` picks how the verdicts combine: ``worst_error`` (the default:
the first of JE, IF, RTE, MLE, TLE, OLE, WA that occurs), ``first_error``,
``always_accept``, plus ``accept_if_any_accepted`` and, at data/ only,
``ignore_sample``. So a scoring submission with a WA test and a TLE test is
TLE for the reference, where our judge shows the first failure to its author.
"""

from __future__ import annotations

from typing import Any

from problempkg.model import Package

# Worst first: the default grader's sorting order.
SEVERITY = ("JE", "IF", "RTE", "MLE", "TLE", "OLE", "WA", "PE", "AC")
ACCEPTED = "AC"
_FORMAT_NAME = {"RE": "RTE", "IE": "JE"}  # our verdict -> the format's
_OUR_NAME = {name: ours for ours, name in _FORMAT_NAME.items()}
_AGGREGATORS = ("worst_error", "no_errors", "first_error", "always_accept")


def reference_verdict(package: Package, verdicts: dict[str, str]) -> str:
    """``verdicts``: our verdict (a queues.Verdict value) by test name, e.g.
    "secret/group1/03"; a test that was not judged is absent. The reference's
    verdict for the whole submission, in our names again (RE, IE)."""
    items: dict[str, list[tuple[str, str, bool]]] = {"": []}  # folder -> (sort key, name, is a folder)
    for group in package.groups:
        parts = group.name.split("/")
        for depth in range(1, len(parts) + 1):
            folder, parent = "/".join(parts[:depth]), "/".join(parts[: depth - 1])
            if folder not in items:
                items[folder] = []
                items[parent].append((parts[depth - 1], folder, True))
        items[group.name].extend((t.name.rsplit("/", 1)[1] + ".ans", t.name, False) for t in group.tests)
    own = {**package.folder_settings, **{g.name: g.settings for g in package.groups}}

    def grade(folder: str, inherited: dict[str, Any]) -> str | None:
        settings = {**inherited, **own.get(folder, {})}
        results: list[str] = []
        for _, name, is_folder in sorted(items[folder]):
            verdict = (
                grade(name, settings)
                if is_folder
                else _FORMAT_NAME.get(verdicts.get(name, ""), verdicts.get(name))
            )
            if verdict is None:
                continue
            results.append(verdict)
            if verdict != ACCEPTED and settings.get("on_reject", "break") == "break":
                break
        return _combine(results, str(settings.get("grader_flags") or "").split(), top=not folder)

    verdict = grade("", {}) or ACCEPTED
    return _OUR_NAME.get(verdict, verdict)


def _combine(verdicts: list[str], flags: list[str], top: bool) -> str | None:
    if not verdicts:
        return None
    if top and "ignore_sample" in flags:
        verdicts = verdicts[-1:]  # data/secret's, after data/sample's
    if "accept_if_any_accepted" in flags and ACCEPTED in verdicts:
        return ACCEPTED
    aggregator = next((flag for flag in reversed(flags) if flag in _AGGREGATORS), "worst_error")
    if aggregator == "always_accept":
        return ACCEPTED
    if aggregator == "first_error":
        return next((v for v in verdicts if v != ACCEPTED), ACCEPTED)
    return min(verdicts, key=lambda v: SEVERITY.index(v) if v in SEVERITY else 0)
