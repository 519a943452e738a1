"""Problem packages <-> database rows: a thin adapter over ``problempkg``.

``problempkg`` reads and writes the ICPC/Kattis format and knows what its
words mean for our judge (``problempkg.judge_terms``); this module only
copies a ``Package`` onto a ``Problem`` (``problem_from_package``) and back
(``package_from_problem``), so an imported package exports to the same
tests and settings. Submissions in a package are for the setter's tools:
the web ignores them.
"""

from __future__ import annotations

import base64
import json
from typing import Any

from sqlalchemy.orm import Session

from problempkg import PackageError
from problempkg import judge_terms as terms
from problempkg.languages import LANGUAGE_BY_EXTENSION
from problempkg.model import (
    CUSTOM_VALIDATION,
    DEFAULT_VALIDATION,
    INTERACTIVE_VALIDATION,
    SECRET_GROUP,
    Package,
    Program,
)
from problempkg.model import TestCase as PackageTest
from problempkg.model import TestGroup as PackageGroup
from queues import CheckerSpec
from queues.judge_api import CUSTOM_CHECKER, INTERACTIVE
from queues.names import INTERACTOR, IOI, VALIDATOR
from web.models import SAMPLE_GROUP, Attachment, InputValidatorFile, Problem
from web.problems.testdata import (
    GroupSpec,
    Progress,
    TestSpec,
    checksum_of,
    replace_tests,
    same_tests,
    specs_of,
)

DEFAULT_LANGUAGE = "en"
# A language's first extension, to name a program the API created.
EXTENSION_OF = {language: ext for ext, language in reversed(LANGUAGE_BY_EXTENSION.items())}


def problem_from_package(
    session: Session, package: Package, problem: Problem | None = None, progress: Progress | None = None
) -> Problem:
    """``problem`` (or a new one, added to ``session``) set from ``package``;
    tests are replaced only when they differ, so re-importing is cheap.
    Raises PackageError for what our judge cannot take."""
    if problem is None:
        problem = Problem(slug=package.slug)
        session.add(problem)
    problem.title = package.name
    _set_statements(problem, package.statements)
    problem.time_limit_ms = terms.time_limit_ms(package)
    problem.memory_limit_kb = terms.memory_limit_kb(package)
    problem.mode = terms.mode(package)
    problem.scoring = terms.scoring(package)
    checker = terms.checker(package)
    problem.checker_name, problem.checker_args = checker.name, dict(checker.args)
    problem.validator_flags = package.validator_flags
    problem.origin_author, problem.source, problem.license = package.author, package.source, package.license
    problem.package_config = _json_safe(package.config)
    _set_programs(problem, package)
    problem.custom_score = terms.custom_score(package)
    problem.include_files = {
        code: {name: base64.b64encode(data).decode() for name, data in sorted(files.items())}
        for code, files in sorted(package.includes.items())
    } or None
    problem.attachments = [
        Attachment(name=name, data=data) for name, data in sorted(package.attachments.items())
    ]
    problem.input_validator_files = [
        InputValidatorFile(program=program.name, language=program.language, path=path, data=data)
        for program in package.input_validators
        for path, data in sorted(program.files.items())
    ]
    specs = [_group_spec(judged) for judged in terms.judge_groups(package)]
    if not same_tests(problem, specs):
        replace_tests(session, problem, specs, progress)
    problem.testdata_checksum = checksum_of(problem)
    return problem


def package_from_problem(problem: Problem) -> Package:
    """The problem as a package (no submissions: the web keeps none)."""
    return Package(
        slug=problem.slug,
        name=problem.title,
        time_limit_s=problem.time_limit_ms / 1000,
        memory_mb=_memory_mb(problem),
        validation=_validation(problem),
        validator_flags=_validator_flags(problem),
        scoring=problem.scoring == IOI,
        statements=problem.statements,
        groups=[_package_group(group) for group in specs_of(problem)],
        author=problem.origin_author,
        source=problem.source,
        license=problem.license,
        output_validator=_output_validator(problem),
        input_validators=_input_validators(problem),
        attachments={a.name: a.data for a in problem.attachments},
        config=dict(problem.package_config or {}),
        includes=problem.includes,
    )


def _set_statements(problem: Problem, statements: dict[str, str]) -> None:
    language = DEFAULT_LANGUAGE if DEFAULT_LANGUAGE in statements or not statements else min(statements)
    problem.statement_language = language
    problem.statement = statements.get(language, "")
    problem.translations = {lang: text for lang, text in statements.items() if lang != language}


def _set_programs(problem: Problem, package: Package) -> None:
    validator = package.output_validator
    stored: dict[str, tuple[str | None, str | None, list[dict[str, str]] | None]] = {}
    for role, (language, source) in terms.program_sources(package).items():
        assert validator is not None  # a role needs the package's output validator
        try:
            if isinstance(source, dict):
                files = [{"name": name, "content": data.decode()} for name, data in sorted(source.items())]
                stored[role] = (language, None, files)
            else:
                stored[role] = (language, source.decode(), None)
        except UnicodeDecodeError as exc:
            raise PackageError(f"output_validators/{validator.name}", f"not UTF-8 text: {exc}") from exc
    none = (None, None, None)
    problem.validator_language, problem.validator_source, problem.validator_files = stored.get(
        VALIDATOR, none
    )
    problem.interactor_language, problem.interactor_source, problem.interactor_files = stored.get(
        INTERACTOR, none
    )
    problem.output_validator_path = _program_path(validator) if validator and stored else None


def _program_path(program: Program) -> str:
    """ "name" for a single file of that name or a folder of several, else "name/file"."""
    if len(program.files) != 1:
        return program.name
    (file,) = program.files
    return program.name if file == program.name else f"{program.name}/{file}"


def _group_spec(judged: terms.JudgeGroup) -> GroupSpec:
    group = judged.group
    name = group.name.removeprefix(f"{SECRET_GROUP}/")
    return GroupSpec(
        name=name,
        points=group.points or 0.0,
        aggregation=group.aggregation,
        settings=_json_safe(group.settings),
        tests=[
            TestSpec(test.input, test.answer, points, test.name)
            for test, points in zip(group.tests, judged.points, strict=True)
        ],
    )


def _package_group(spec: GroupSpec) -> PackageGroup:
    folder = spec.name if spec.name in (SAMPLE_GROUP, SECRET_GROUP) else f"{SECRET_GROUP}/{spec.name}"
    settings = dict(spec.settings)
    if "accept_score" in settings:
        settings["accept_score"] = spec.points  # the API may have changed the points
    return PackageGroup(
        name=folder,
        points=spec.points if spec.points or "accept_score" in settings else None,
        aggregation=spec.aggregation,
        settings=settings,
        tests=[
            PackageTest(name=test.name or f"{folder}/{number:03d}", input=test.input, answer=test.answer)
            for number, test in enumerate(spec.tests, start=1)
        ],
    )


def _memory_mb(problem: Problem) -> int:
    """The package's own memory limit when it still gives the stored one (the judge caps it)."""
    declared = (problem.package_config or {}).get("limits", {}).get("memory")
    if isinstance(declared, int) and min(declared, terms.MAX_MEMORY_MB) * 1024 == problem.memory_limit_kb:
        return declared
    return problem.memory_limit_kb // 1024


def _validation(problem: Problem) -> str:
    if problem.mode == INTERACTIVE:
        return INTERACTIVE_VALIDATION
    return CUSTOM_VALIDATION if problem.checker_name == CUSTOM_CHECKER else DEFAULT_VALIDATION


def _validator_flags(problem: Problem) -> str:
    """The flags as imported while they still give the problem's checker, else the checker's own."""
    checker = CheckerSpec(name=problem.checker_name, args=dict(problem.checker_args or {}))
    if problem.checker_name == CUSTOM_CHECKER or terms.checker_from_flags(problem.validator_flags) == checker:
        return problem.validator_flags
    args = checker.args
    if checker.name == "floats":
        return " ".join(
            f"float_{kind}_tolerance {args[key]}"
            for key, kind in (("abs", "absolute"), ("rel", "relative"))
            if key in args
        )
    return "case_sensitive" if args.get("case_sensitive") else ""


def _output_validator(problem: Problem) -> Program | None:
    role = INTERACTOR if problem.mode == INTERACTIVE else VALIDATOR
    if role not in problem.programs:
        return None
    language, source = problem.programs[role]
    path = problem.output_validator_path or f"{role}{EXTENSION_OF.get(language, '')}"
    name, _, file = path.partition("/")
    if isinstance(source, dict):
        return Program(name=name, language=language, files=source)
    return Program(name=name, language=language, files={file or name: source})


def _input_validators(problem: Problem) -> list[Program]:
    programs: dict[str, Program] = {}
    for row in problem.input_validator_files:
        program = programs.setdefault(row.program, Program(row.program, row.language, {}))
        program.files[row.path] = row.data
    return list(programs.values())


def _json_safe(data: dict[str, Any]) -> dict[str, Any]:
    """YAML as JSON (dates and other YAML-only values become strings)."""
    return json.loads(json.dumps(data, default=str))
