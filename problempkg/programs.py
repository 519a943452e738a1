"""Programs of a package: output and input validators, and submissions/<verdict>/."""

from __future__ import annotations

from pathlib import PurePosixPath

from problempkg.errors import PackageError
from problempkg.files import PackageFiles
from problempkg.languages import language_of, unavailable_language
from problempkg.model import EXPECTED_VERDICTS, Program, Submission

# 2023-07: output_validator/ is the one validator's folder; legacy: output_validators/<name>.
SINGLE_VALIDATOR_FOLDER = "output_validator"
VALIDATORS_FOLDER = "output_validators"
INPUT_VALIDATORS_FOLDER = "input_validators"
SUBMISSIONS_FOLDER = "submissions"


def _no_language(name: str) -> str:
    """``unavailable`` of a program in no language anyone told us of (problemtools skips those)."""
    suffix = PurePosixPath(name).suffix
    return f"unknown ({suffix} files)" if suffix else "unknown (a file without an extension)"


def read_program(files: PackageFiles, folder: str, name: str) -> Program:
    """``folder/name``: a single source file, or a folder of files in one language.

    A program in a language this judge lacks (Kotlin, Python 2, ...) or in none it
    can tell comes back with ``unavailable`` set, to be reported as such while the
    rest is judged. In a folder, files of no language (data, package.json) go along.
    """
    path = f"{folder}/{name}" if folder else name
    if path in files:
        content = files.read(path)
        other = unavailable_language(name, content)
        language = language_of(name)
        if other is not None:
            return Program(name, "", {name: content}, other)
        if language is None:
            return Program(name, "", {name: content}, _no_language(name))
        return Program(name, language, {name: content})
    languages: set[str] = set()
    others = set()
    contents = {}
    for rel in files.under(path):
        contents[rel] = files.read(f"{path}/{rel}")
        other = unavailable_language(rel, contents[rel])
        language = language_of(rel)
        if other is not None:
            others.add(other)
        elif language is not None:
            languages.add(language)
    if others:  # one file we cannot build is enough: the program is not ours to run
        return Program(name, "", contents, ", ".join(sorted(others)))
    if not languages:
        return Program(name, "", contents, "unknown (no source file of a language we know)")
    if len(languages) != 1:
        found = ", ".join(sorted(languages))
        raise PackageError(path, f"a program needs sources in exactly one language, found: {found}")
    return Program(name, languages.pop(), contents)


def read_programs(files: PackageFiles, folder: str) -> list[Program]:
    """Every file or sub-folder of ``folder`` as a program, by name."""
    return [read_program(files, folder, name) for name in _names(files, folder)]


def _names(files: PackageFiles, folder: str) -> list[str]:
    """The files and sub-folders directly in ``folder``."""
    return sorted({entry.split("/", 1)[0] for entry in files.under(folder)})


def read_output_validator(files: PackageFiles) -> Program | None:
    if files.is_dir(SINGLE_VALIDATOR_FOLDER):
        if files.is_dir(VALIDATORS_FOLDER):
            message = f"both {SINGLE_VALIDATOR_FOLDER}/ and {VALIDATORS_FOLDER}/; keep one"
            raise PackageError(VALIDATORS_FOLDER, message)
        # problemtools' examples put the one program in a folder of its own inside it.
        tops = {entry.split("/", 1)[0] for entry in files.under(SINGLE_VALIDATOR_FOLDER)}
        if len(tops) == 1 and files.is_dir(f"{SINGLE_VALIDATOR_FOLDER}/{next(iter(tops))}"):
            return _available(read_program(files, SINGLE_VALIDATOR_FOLDER, tops.pop()))
        return _available(read_program(files, "", SINGLE_VALIDATOR_FOLDER))
    validators = read_programs(files, VALIDATORS_FOLDER)
    if len(validators) > 1:
        names = ", ".join(v.name for v in validators)
        raise PackageError(VALIDATORS_FOLDER, f"{len(validators)} validators ({names}); this judge takes one")
    return _available(validators[0]) if validators else None


def _available(validator: Program) -> Program:
    """The output validator judges every submission: one in a language we lack refuses the package."""
    if validator.unavailable:
        where = VALIDATORS_FOLDER if validator.name != SINGLE_VALIDATOR_FOLDER else ""
        path = f"{where}/{validator.name}" if where else validator.name
        message = (
            f"language not available: {validator.unavailable} (the output validator judges every submission)"
        )
        raise PackageError(path, message)
    return validator


def read_submissions(files: PackageFiles) -> list[Submission]:
    """submissions/<expected verdict>/<file or folder>, in EXPECTED_VERDICTS order, then
    those of unknown folders (expecting IGNORED: reported, never judged), as problemtools."""
    folders = {entry.split("/", 1)[0] for entry in files.under(SUBMISSIONS_FOLDER) if "/" in entry}
    known = [
        Submission(folder, program)
        for folder in EXPECTED_VERDICTS
        if folder in folders
        for program in read_programs(files, f"{SUBMISSIONS_FOLDER}/{folder}")
    ]
    return known + [
        Submission(folder, _ignored(files, f"{SUBMISSIONS_FOLDER}/{folder}", name))
        for folder in sorted(folders - set(EXPECTED_VERDICTS))
        for name in _names(files, f"{SUBMISSIONS_FOLDER}/{folder}")
    ]


def _ignored(files: PackageFiles, folder: str, name: str) -> Program:
    """A program of an unknown submissions folder, not looked into (its language may be any)."""
    path = f"{folder}/{name}"
    contents = (
        {name: files.read(path)}
        if path in files
        else {rel: files.read(f"{path}/{rel}") for rel in files.under(path)}
    )
    known = ", ".join(EXPECTED_VERDICTS)
    return Program(name, "", contents, f"{folder}/ is not a submissions folder problemtools knows ({known})")
