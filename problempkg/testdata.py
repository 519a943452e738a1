"""data/: test cases in groups (sub-folders, recursively) and each folder's testdata.yaml."""

from __future__ import annotations

from typing import Any

from problempkg.errors import PackageError
from problempkg.files import PackageFiles
from problempkg.model import MIN, SAMPLE_GROUP, SECRET_GROUP, SUM, TestCase, TestData, TestGroup
from problempkg.yamlfile import Schema, YamlFile
from queues.limits import MAX_POINTS

TESTDATA_SCHEMA: Schema = {
    # legacy
    "on_reject": "string",
    "grading": "string",
    "grader_flags": "string",
    "input_validator_flags": "string",
    "output_validator_flags": "string",
    "accept_score": "number",
    "reject_score": "number",
    "range": "string",
    # 2023-07
    "aggregation": "string",
    "max_score": ("number", "string"),  # 2025-09: or "unbounded"
    "scoring": {"score": ("number", "string"), "aggregation": "string"},
    "input_validator_args": ("string", "list", "mapping"),
    "output_validator_args": ("string", "list"),
    "full_feedback": "boolean",
    "static_validation": "any",
    # 2025-09 (test_group.yaml)
    "score_aggregation": "string",
    "require_pass": ("string", "list"),
    "args": "list",
    "static_validation_score": ("number", "string"),
    "static_validator_args": "list",
    "input_visualizer_args": "list",
    "output_visualizer_args": "list",
}
TEST_GROUP_FILE = "test_group.yaml"
AGGREGATIONS = (SUM, MIN)  # what our judge can do with a group's tests
# Legacy grader_flags also say avg: the group's score is its tests' average (each
# test earns a n-th of accept_score). max (the best test's) has no per-test points.
AVG = "avg"
GRADER_AGGREGATIONS = (*AGGREGATIONS, AVG)
_GRADER_FLAGS = frozenset(
    {"first_error", "worst_error", "always_accept", "ignore_sample", "accept_if_any_accepted"}
)
_ON_REJECT = ("break", "continue")
TOP_FOLDERS = (SAMPLE_GROUP, SECRET_GROUP)
# Scores in testdata.yaml, each bounded by queues' MAX_POINTS (YAML already refuses
# .inf and .nan): what a group earns is never negative, a rejection's score may be.
_SCORE_KEYS: dict[tuple[str, ...], float] = {
    ("accept_score",): 0.0,
    ("max_score",): 0.0,
    ("scoring", "score"): 0.0,
    ("reject_score",): -MAX_POINTS,
    ("static_validation_score",): -MAX_POINTS,
}


NO_SECRET_TESTS = "no test cases (.in and .ans files) in data/secret"


def read_data(
    files: PackageFiles, require_secret: bool = True
) -> tuple[list[TestGroup], dict[str, dict[str, Any]]]:
    """The test groups, sample first, and the testdata.yaml of folders holding no tests of their own."""
    groups: list[TestGroup] = []
    folder_settings: dict[str, dict[str, Any]] = {}
    root = _settings(files, "")
    if root:
        folder_settings[""] = root
    for top in TOP_FOLDERS:
        _walk(files, top, root, groups, folder_settings)
    if require_secret and not has_secret_tests(groups):
        raise PackageError("data/secret", NO_SECRET_TESTS)
    return groups, folder_settings


def has_secret_tests(groups: list[TestGroup]) -> bool:
    return any(g.name.split("/")[0] == SECRET_GROUP and g.tests for g in groups)


def _walk(
    files: PackageFiles,
    folder: str,
    inherited: dict[str, Any],
    groups: list[TestGroup],
    folder_settings: dict[str, dict[str, Any]],
) -> None:
    own = _settings(files, folder)
    settings = {**inherited, **own}
    entries = files.under(f"data/{folder}")
    names = [e for e in entries if "/" not in e]
    tests = _tests(files, folder, names)
    if tests:
        points, aggregation = scoring_of(settings)
        groups.append(TestGroup(folder, tests, points, aggregation, own))
    elif own:
        folder_settings[folder] = own
    for sub in sorted({e.split("/", 1)[0] for e in entries if "/" in e}):
        _walk(files, f"{folder}/{sub}", settings, groups, folder_settings)


def _tests(files: PackageFiles, folder: str, names: list[str]) -> list[TestCase]:
    inputs = {n[:-3] for n in names if n.endswith(".in")}
    answers = {n[:-4] for n in names if n.endswith(".ans")}
    base = f"data/{folder}"
    for stem in sorted(inputs ^ answers):
        has, lacks = (f"{stem}.in", f"{stem}.ans") if stem in inputs else (f"{stem}.ans", f"{stem}.in")
        raise PackageError(f"{base}/{has}", f"{base}/{lacks} is missing: every test needs both .in and .ans")
    return [
        TestCase(f"{folder}/{stem}", _data(files, f"{base}/{stem}.in"), _data(files, f"{base}/{stem}.ans"))
        for stem in sorted(inputs)
    ]


def _data(files: PackageFiles, path: str) -> TestData:
    return files.read(path) if files.spool_dir is None else files.spool(path, files.spool_dir)


def _settings(files: PackageFiles, folder: str) -> dict[str, Any]:
    """The folder's own testdata.yaml, checked; {} when it has none."""
    base = f"data/{folder}" if folder else "data"
    # 2025-09 renamed testdata.yaml to test_group.yaml.
    path = next((p for p in (f"{base}/{TEST_GROUP_FILE}", f"{base}/testdata.yaml") if p in files), "")
    if not path:
        return {}
    yf = YamlFile.parse(path, files.read(path))
    yf.check(TESTDATA_SCHEMA)
    data = yf.data
    for keys, value in (
        (("aggregation",), data.get("aggregation")),
        (("scoring", "aggregation"), data.get("scoring", {}).get("aggregation")),
    ):
        if value is not None and value not in AGGREGATIONS:
            raise yf.error(keys, f"{'.'.join(keys)} must be {' or '.join(AGGREGATIONS)}, not {value!r}")
    for word in data.get("grader_flags", "").split():
        if word == "max":
            raise yf.error(
                ("grader_flags",), f"grader_flags {word}: this judge aggregates by sum, avg or min only"
            )
        if word not in GRADER_AGGREGATIONS and word not in _GRADER_FLAGS:
            raise yf.error(("grader_flags",), f"unknown grader flag {word!r}")
    if data.get("on_reject", "break") not in _ON_REJECT:
        raise yf.error(("on_reject",), f"on_reject must be break or continue, not {data['on_reject']!r}")
    _check_scores(yf)
    return data


def _check_scores(yf: YamlFile) -> None:
    for keys, least in _SCORE_KEYS.items():
        value = yf.data.get(keys[0]) if len(keys) == 1 else yf.data.get(keys[0], {}).get(keys[1])
        if isinstance(value, int | float) and not least <= value <= MAX_POINTS:
            message = f"{'.'.join(keys)} must be at least {least:g} and at most {MAX_POINTS:g}, not {value!r}"
            raise yf.error(keys, message)


def scoring_of(settings: dict[str, Any]) -> tuple[float | None, str]:
    """(points, aggregation) from a folder's testdata.yaml with its parents' under it."""
    scoring = settings.get("scoring", {})
    points = settings.get("accept_score", settings.get("max_score", scoring.get("score")))
    aggregation = settings.get("aggregation", scoring.get("aggregation"))
    if aggregation is None and settings.get("score_aggregation") in ("pass-fail", "min"):
        aggregation = MIN  # 2025-09: without score.txt, min of equal maxima is all or nothing
    if aggregation is None:
        flags = [w for w in settings.get("grader_flags", "").split() if w in GRADER_AGGREGATIONS]
        aggregation = flags[-1] if flags else SUM
    return (float(points) if isinstance(points, int | float) else None), aggregation


def _ancestors(folder: str) -> list[str]:
    """ "" (data/), then each folder above ``folder`` under data/, outermost first."""
    parts = folder.split("/")
    return ["", *("/".join(parts[:i]) for i in range(1, len(parts)))]


def settings_to_write(
    groups: list[TestGroup], folder_settings: dict[str, dict[str, Any]], aggregation_key: str
) -> dict[str, dict[str, Any]]:
    """testdata.yaml by folder under data/: each as read, plus what a group's points or
    aggregation say that its file (with its parents') does not.

    ``aggregation_key``: "aggregation" (2023-07) or "grader_flags" (legacy).
    """
    written = {
        **{f: dict(s) for f, s in folder_settings.items()},
        **{g.name: dict(g.settings) for g in groups},
    }
    for group in sorted(groups, key=lambda g: g.name.count("/")):
        own = written[group.name]
        inherited: dict[str, Any] = {}
        for folder in _ancestors(group.name):
            inherited.update(written.get(folder, {}))
        points, aggregation = scoring_of({**inherited, **own})
        if points != group.points and group.points is not None:
            own["accept_score"] = group.points
        if aggregation != group.aggregation:
            if aggregation_key == "aggregation" or "aggregation" in own:
                own["aggregation"] = group.aggregation
            else:
                words = [w for w in own.get("grader_flags", "").split() if w not in GRADER_AGGREGATIONS]
                own["grader_flags"] = " ".join([*words, group.aggregation])
    return {folder: settings for folder, settings in written.items() if settings}
