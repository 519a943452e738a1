"""A problem's mode and its setter programs (output validator, interactor)
as the API sets them, and the test data checksum that covers them."""

from __future__ import annotations

from typing import Any

from queues.judge_api import BATCH, CUSTOM_CHECKER, INTERACTIVE
from queues.names import PROGRAM_ROLES
from web.errors import fail
from web.models import Problem
from web.problems.testdata import checksum_of

PROGRAM_FIELDS = ("checker", "mode", "interactor")


def apply_programs(problem: Problem, body: dict[str, Any]) -> None:
    """Sets the checker, mode and interactor the body gives; 422 if the result is inconsistent."""
    if "checker" in body:
        checker = body["checker"]
        problem.checker_name = checker["name"]
        problem.checker_args = checker.get("args", {})
        custom = checker["name"] == CUSTOM_CHECKER
        problem.validator_language = checker["language"] if custom else None
        problem.validator_source = checker["source"] if custom else None
        problem.validator_files = None  # the API sets a program of one file
        if not custom:
            problem.custom_score = ""  # a built-in checker writes no score.txt
    if "mode" in body:
        problem.mode = body["mode"]
    if "interactor" in body:
        interactor = body["interactor"] or {}
        problem.interactor_language = interactor.get("language")
        problem.interactor_source = interactor.get("source")
        problem.interactor_files = None
    if problem.mode == INTERACTIVE and "interactor" not in problem.programs:
        fail(
            422,
            "an interactive problem needs an interactor",
            {"interactor": ["required in interactive mode"]},
        )


def refresh_checksum(problem: Problem, body: dict[str, Any]) -> None:
    """Folds the mode and programs into the test data checksum, so judges
    refetch (and recompile) when a program changes.

    A batch problem without programs keeps the tests-only checksum
    ``replace_tests`` gave it, so nothing is recomputed for it.
    """
    if problem.mode == BATCH and not problem.programs and not any(f in body for f in PROGRAM_FIELDS):
        return
    problem.testdata_checksum = checksum_of(problem)


def programs_of(problem: Problem) -> dict[str, dict[str, Any] | None]:
    """The programs' sources, for the problem's setter (never for contestants)."""
    shown: dict[str, dict[str, Any] | None] = dict.fromkeys(PROGRAM_ROLES)
    for role, (language, source) in problem.programs.items():
        if isinstance(source, dict):  # several files (from a package): no one source
            files = [{"name": name, "content": data.decode()} for name, data in source.items()]
            shown[role] = {"language": language, "source": None, "files": files}
        else:
            shown[role] = {"language": language, "source": source.decode()}
    return shown
