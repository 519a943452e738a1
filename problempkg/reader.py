"""read_package: a problem package folder or .zip as a Package."""

from __future__ import annotations

from pathlib import Path

from problempkg import constants, judge_terms, problem_yaml
from problempkg.errors import PackageError
from problempkg.files import MAX_FILES, MAX_TOTAL_BYTES, PackageFiles, open_files
from problempkg.model import CUSTOM_VALIDATION, DEFAULT_VALIDATION, INTERACTIVE_VALIDATION, Package
from problempkg.programs import (
    INPUT_VALIDATORS_FOLDER,
    VALIDATORS_FOLDER,
    read_output_validator,
    read_programs,
    read_submissions,
)
from problempkg.statements import read_statements
from problempkg.testdata import NO_SECRET_TESTS, has_secret_tests, read_data
from problempkg.yamlfile import YamlFile

TIMELIMIT_FILE = ".timelimit"  # legacy: written by problemtools from the slowest accepted submission
ATTACHMENTS_FOLDER = "attachments"
INCLUDE_FOLDER = "include"


def read_package(
    path: Path,
    *,
    max_bytes: int = MAX_TOTAL_BYTES,
    max_files: int = MAX_FILES,
    to_verify: bool = False,
    spool_dir: Path | None = None,
) -> Package:
    """Read the package folder or .zip at ``path``; PackageError names the file and line at fault.

    ``max_bytes`` and ``max_files`` cap what a zip may unpack to. ``to_verify``: a
    package read to be verified, as problemtools verifies one part after another,
    loads without a statement (DOMjudge's packages have a problem.pdf instead) or
    without secret tests (judged on the samples); the lack is in ``Package.problems``,
    for verify to report. ``spool_dir``: test files are copied into it (``SpooledFile``)
    instead of read into memory; the caller removes it when done with the package.
    """
    with open_files(Path(path), max_bytes, max_files) as files:
        files.spool_dir = spool_dir
        return _read(files, to_verify)


def _read(files: PackageFiles, to_verify: bool = False) -> Package:
    if "problem.yaml" not in files:
        raise PackageError("problem.yaml", "missing: every package needs one")
    yf = YamlFile.parse("problem.yaml", files.read("problem.yaml"))
    said = problem_yaml.parse(yf)
    files.constants = constants.parse(yf.data)
    judge_terms.checker_from_flags(said.validator_flags)  # a flag the default validator refuses
    problems: list[PackageError] = []
    try:
        statements, statement_files = read_statements(files)
    except PackageError as exc:
        if not to_verify:
            raise
        statements, statement_files = {}, {}
        problems.append(exc)
    groups, folder_settings = read_data(files, require_secret=not to_verify)
    if not has_secret_tests(groups):  # verify judges on the samples, as problemtools does
        problems.append(PackageError("data/secret", NO_SECRET_TESTS))
    output_validator = read_output_validator(files)
    time_limit = said.time_limit_s if said.time_limit_s is not None else _timelimit_file(files)
    return Package(
        slug=files.slug,
        name=said.name or problem_yaml.default_name(statements, files.slug),
        time_limit_s=time_limit or problem_yaml.DEFAULT_TIME_LIMIT_S,
        memory_mb=said.memory_mb,
        validation=_validation(yf, said, output_validator is not None),
        validator_flags=said.validator_flags,
        scoring=said.scoring,
        statements=statements,
        groups=groups,
        author=said.author,
        source=said.source,
        license=said.license,
        output_validator=output_validator,
        input_validators=read_programs(files, INPUT_VALIDATORS_FOLDER),
        attachments={
            rel: files.read(f"{ATTACHMENTS_FOLDER}/{rel}") for rel in files.under(ATTACHMENTS_FOLDER)
        },
        submissions=read_submissions(files),
        config=yf.data,
        time_limit_explicit=time_limit is not None,
        statement_files=statement_files,
        folder_settings=folder_settings,
        includes=_includes(files),
        problems=problems,
    )


def _includes(files: PackageFiles) -> dict[str, dict[str, bytes]]:
    """include/<language code>/: each folder's files by path below it."""
    includes: dict[str, dict[str, bytes]] = {}
    for rel in files.under(INCLUDE_FOLDER):
        if "/" not in rel:
            raise PackageError(
                f"{INCLUDE_FOLDER}/{rel}", "included files go in include/<language code>/ or include/default/"
            )
        code, name = rel.split("/", 1)
        includes.setdefault(code, {})[name] = files.read(f"{INCLUDE_FOLDER}/{rel}")
    return includes


def _timelimit_file(files: PackageFiles) -> float | None:
    if TIMELIMIT_FILE not in files:
        return None
    text = files.read(TIMELIMIT_FILE).decode(errors="replace").strip()
    try:
        seconds = float(text)
    except ValueError:
        raise PackageError(TIMELIMIT_FILE, f"must be a positive number of seconds, not {text!r}", 1) from None
    fault = problem_yaml.time_limit_fault(seconds)  # "inf" and "nan" are floats to Python
    if fault:
        raise PackageError(TIMELIMIT_FILE, fault, 1)
    return seconds


def _validation(yf: YamlFile, said: problem_yaml.ProblemYaml, has_validator: bool) -> str:
    """Legacy says it in ``validation``; 2023-07 in ``type`` (interactive) or by having a validator."""
    if said.validation is not None:
        validation, key = said.validation, "validation"
    elif said.interactive:
        validation, key = INTERACTIVE_VALIDATION, "type"
    else:
        validation, key = (CUSTOM_VALIDATION if has_validator else DEFAULT_VALIDATION), "type"
    if validation != DEFAULT_VALIDATION and not has_validator:
        message = f"{key} says {validation!r} validation, but {VALIDATORS_FOLDER}/ holds no validator"
        raise yf.error((key,), message)
    return validation
