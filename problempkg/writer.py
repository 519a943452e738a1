"""write_package: a Package as a package folder or .zip that read_package reads back equal."""

from __future__ import annotations

import zipfile
from pathlib import Path

from problempkg import problem_yaml
from problempkg.errors import PackageError
from problempkg.model import DEFAULT_VALIDATION, Package, Program, data_bytes
from problempkg.programs import (
    INPUT_VALIDATORS_FOLDER,
    SINGLE_VALIDATOR_FOLDER,
    SUBMISSIONS_FOLDER,
    VALIDATORS_FOLDER,
)
from problempkg.reader import ATTACHMENTS_FOLDER, INCLUDE_FOLDER, TIMELIMIT_FILE
from problempkg.statements import STATEMENT_FOLDERS
from problempkg.testdata import settings_to_write
from problempkg.yamlfile import dump

# Fixed entry dates: the same package gives the same zip bytes.
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def write_package(package: Package, out: Path) -> None:
    """Write ``package`` as a folder at ``out`` (absent or empty), or as a zip when it ends in .zip."""
    out = Path(out)
    files = package_files(package)
    if out.suffix.lower() == ".zip":
        out.parent.mkdir(parents=True, exist_ok=True)
        # Level 1: test data compresses well even so, and level 6 takes several times longer.
        with zipfile.ZipFile(out, "w") as archive:
            for path, data in files.items():
                info = zipfile.ZipInfo(path, date_time=_ZIP_DATE)
                info.external_attr = 0o644 << 16
                archive.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=1)
        return
    if out.exists() and any(out.iterdir()):
        raise FileExistsError(f"{out} is not empty; a package is written to a new folder")
    for path, data in files.items():
        target = out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def package_files(package: Package) -> dict[str, bytes]:
    """Every file of the package by relative path, in a stable order."""
    config = problem_yaml.export(package)
    version = problem_yaml.format_version(config)
    _check_validation(package, version)
    files = {"problem.yaml": dump(config)}
    if package.time_limit_explicit and "time_limit" not in config.get("limits", {}):
        files[TIMELIMIT_FILE] = f"{package.time_limit_s!r}\n".encode()
    statements = STATEMENT_FOLDERS[1] if version == problem_yaml.V2023 else STATEMENT_FOLDERS[0]
    for lang, text in package.statements.items():
        files[f"{statements}/problem.{lang}.md"] = text.encode()
    files.update(_under(statements, package.statement_files))
    aggregation_key = "aggregation" if version == problem_yaml.V2023 else "grader_flags"
    for folder, settings in settings_to_write(
        package.groups, package.folder_settings, aggregation_key
    ).items():
        files[f"data/{folder}/testdata.yaml" if folder else "data/testdata.yaml"] = dump(settings)
    for group in package.groups:
        for test in group.tests:
            files[f"data/{test.name}.in"] = data_bytes(test.input)
            files[f"data/{test.name}.ans"] = data_bytes(test.answer)
    validator = package.output_validator
    if validator is not None and validator.name == SINGLE_VALIDATOR_FOLDER:
        files.update(_under(SINGLE_VALIDATOR_FOLDER, validator.files))
    elif validator is not None:
        files.update(_program(VALIDATORS_FOLDER, validator))
    for program in package.input_validators:
        files.update(_program(INPUT_VALIDATORS_FOLDER, program))
    files.update(_under(ATTACHMENTS_FOLDER, package.attachments))
    for code, included in package.includes.items():
        files.update(_under(f"{INCLUDE_FOLDER}/{code}", included))
    for submission in package.submissions:
        files.update(_program(f"{SUBMISSIONS_FOLDER}/{submission.folder}", submission.program))
    return files


def _check_validation(package: Package, version: str) -> None:
    """Refuse what would read back differently: problem.yaml cannot say it."""
    has_validator = package.output_validator is not None
    if package.validation != DEFAULT_VALIDATION and not has_validator:
        raise PackageError(VALIDATORS_FOLDER, f"validation {package.validation!r} needs an output validator")
    if version == problem_yaml.V2023 and package.validation == DEFAULT_VALIDATION and has_validator:
        raise PackageError(VALIDATORS_FOLDER, "in 2023-07 an output validator means custom validation")


def _under(folder: str, files: dict[str, bytes]) -> dict[str, bytes]:
    return {f"{folder}/{rel}": data for rel, data in files.items()}


def _program(folder: str, program: Program) -> dict[str, bytes]:
    """A single-file program as ``folder/<file>``, any other as ``folder/<name>/<files>``."""
    if list(program.files) == [program.name]:
        return _under(folder, program.files)
    return _under(f"{folder}/{program.name}", program.files)
