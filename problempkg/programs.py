"""Programs of a package: output and input validators, and submissions/<folder>/ (with
submissions/submissions.yaml, 2025-09)."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import PurePosixPath
from typing import Any

from problempkg.errors import PackageError
from problempkg.files import PackageFiles
from problempkg.languages import LANGUAGE_BY_CODE, language_of, unavailable_language
from problempkg.model import (
    EXPECTED_VERDICTS,
    FORMAT_VERDICTS,
    VERDICT_SETS,
    Program,
    Submission,
    folder_verdicts,
)
from problempkg.yamlfile import Schema, YamlFile, dotted

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


SUBMISSIONS_YAML = f"{SUBMISSIONS_FOLDER}/submissions.yaml"
# 2025-09 submissions.yaml keys of a glob's entry; any other key names test data
# groups (a mapping of these), which this judge does not check apart.
_ENTRY_SCHEMA: Schema = {
    "language": "string",
    "entrypoint": "string",
    "authors": ("string", "list"),
    "model_solution": "boolean",
    "permitted": "list",
    "required": "list",
    "score": ("number", "list"),
    "message": "string",
    "use_for_time_limit": ("boolean", "string"),
}
# The format's RTE is our RE.
_YAML_VERDICTS = {"AC": "AC", "WA": "WA", "TLE": "TLE", "RTE": "RE"}


@dataclass(frozen=True)
class _Rule:
    """One submissions.yaml entry: its glob's patterns (braces expanded) and what it sets."""

    key: str
    patterns: tuple[re.Pattern[str], ...]
    permitted: frozenset[str] | None
    required: frozenset[str] | None
    score: tuple[float, float] | None
    line: int | None
    language: str | None = None  # the format's language code
    entrypoint: str | None = None

    def matches(self, path: str) -> bool:
        """``path`` (under submissions/) or one of its parent folders matches."""
        parts = path.split("/")
        prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
        return any(p.fullmatch(prefix) for p in self.patterns for prefix in prefixes)


def _braces(glob: str) -> list[str]:
    """``a.{py,cpp}`` -> ``a.py``, ``a.cpp`` (nested and repeated braces too)."""
    match = re.search(r"\{([^{}]*)\}", glob)
    if match is None:
        return [glob]
    head, tail = glob[: match.start()], glob[match.end() :]
    return [expanded for option in match.group(1).split(",") for expanded in _braces(head + option + tail)]


def _glob_pattern(glob: str) -> re.Pattern[str]:
    """``*`` within one name (never ``/``), everything else literally."""
    return re.compile("[^/]*".join(re.escape(piece) for piece in glob.strip("/").split("*")))


def _verdict_set(yf: YamlFile, keys: tuple[str, ...], value: list[Any]) -> frozenset[str]:
    verdicts = set()
    for index, verdict in enumerate(value):
        if verdict not in _YAML_VERDICTS:
            known = ", ".join(_YAML_VERDICTS)
            raise yf.error(
                (*keys, str(index)), f"{dotted(keys)}: unknown verdict {verdict!r} (known: {known})"
            )
        verdicts.add(_YAML_VERDICTS[verdict])
    return frozenset(verdicts)


def _score(yf: YamlFile, keys: tuple[str, ...], value: Any) -> tuple[float, float]:
    if not isinstance(value, list):
        return float(value), float(value)
    numbers = [v for v in value if isinstance(v, int | float) and not isinstance(v, bool)]
    if len(value) != 2 or len(numbers) != 2 or numbers[0] > numbers[1]:
        raise yf.type_error(keys, value, "a number or a list of two numbers, the lower first")
    return float(numbers[0]), float(numbers[1])


def read_submissions_yaml(files: PackageFiles) -> list[_Rule]:
    """submissions/submissions.yaml's entries, in file order; [] when there is none."""
    if SUBMISSIONS_YAML not in files:
        return []
    yf = YamlFile.parse(SUBMISSIONS_YAML, files.read(SUBMISSIONS_YAML))
    rules = []
    for key, entry in yf.data.items():
        here = (str(key),)
        if not isinstance(entry, dict):
            raise yf.type_error(here, entry, "a mapping of submission keys (permitted, required, score, ...)")
        own = {k: v for k, v in entry.items() if k in _ENTRY_SCHEMA}
        yf.check(_ENTRY_SCHEMA, own, here)
        for group, value in entry.items():  # test data groups' own requirements
            if group not in _ENTRY_SCHEMA and not isinstance(value, dict):
                known = ", ".join(sorted(_ENTRY_SCHEMA))
                message = (
                    f"unknown key {dotted((*here, str(group)))!r} (known: {known}, or a test data group)"
                )
                raise yf.error((*here, str(group)), message)
        permitted, required = (
            _verdict_set(yf, (*here, name), own[name]) if name in own else None
            for name in ("permitted", "required")
        )
        score = _score(yf, (*here, "score"), own["score"]) if "score" in own else None
        patterns = tuple(_glob_pattern(glob) for glob in _braces(str(key)))
        language, entrypoint = own.get("language"), own.get("entrypoint")
        rules.append(
            _Rule(str(key), patterns, permitted, required, score, yf.line(here), language, entrypoint)
        )
    return rules


def _yaml_folders(rules: list[_Rule], folders: set[str]) -> set[str]:
    """The folders of ``folders`` some entry names (``mixed``, ``mixed/*``, ``mixed/a.py``)."""
    return {folder for folder in folders for rule in rules if any(_covers(p, folder) for p in rule.patterns)}


def _covers(pattern: re.Pattern[str], folder: str) -> bool:
    """Whether a pattern matches ``folder`` or something in it (its first name is ``folder``)."""
    first = pattern.pattern.split("/", 1)[0]
    return re.fullmatch(first, folder) is not None


def _with_rules(submission: Submission, rules: list[_Rule]) -> Submission:
    """The entries matching it laid over its folder's defaults, in file order (a later
    entry's key wins); unchanged when none matches."""
    path = f"{submission.folder}/{submission.program.name}"
    matching = [rule for rule in rules if rule.matches(path)]
    if not matching:
        return submission
    all_verdicts = frozenset(FORMAT_VERDICTS)
    permitted, required = folder_verdicts(submission.folder) or (all_verdicts, all_verdicts)
    score = None
    language = entrypoint = None
    for rule in matching:
        permitted = rule.permitted if rule.permitted is not None else permitted
        required = rule.required if rule.required is not None else required
        score = rule.score if rule.score is not None else score
        language = rule.language if rule.language is not None else language
        entrypoint = rule.entrypoint if rule.entrypoint is not None else entrypoint
    if not permitted & required:
        message = (
            f"submissions/{path}: no verdict is both permitted ({', '.join(sorted(permitted))}) "
            f"and required ({', '.join(sorted(required))})"
        )
        raise PackageError(SUBMISSIONS_YAML, message, matching[-1].line)
    program = submission.program if language is None else _in_language(submission.program, language)
    return replace(
        submission,
        program=program,
        permitted=permitted,
        required=required,
        score=score,
        entrypoint=entrypoint or "",
    )


def _in_language(program: Program, code: str) -> Program:
    """The program in submissions.yaml's ``language`` (a code of the format's languages
    table), not the one its file endings suggest; one this judge lacks is not available."""
    if code in LANGUAGE_BY_CODE:
        return replace(program, language=LANGUAGE_BY_CODE[code], unavailable="")
    return replace(program, language="", unavailable=f"{code} (submissions.yaml's language)")


def read_submissions(files: PackageFiles) -> list[Submission]:
    """submissions/<folder>/<file or folder>: the default folders in EXPECTED_VERDICTS
    order (then rejected/, brute_force/), then those submissions.yaml names, each with
    what its entries demand; then those of unknown folders (expecting IGNORED:
    reported, never judged), as problemtools."""
    rules = read_submissions_yaml(files)
    folders = {entry.split("/", 1)[0] for entry in files.under(SUBMISSIONS_FOLDER) if "/" in entry}
    defaults = [*EXPECTED_VERDICTS, *VERDICT_SETS]
    named = sorted(_yaml_folders(rules, folders) - set(defaults))
    known = [
        _with_rules(Submission(folder, program), rules)
        for folder in [*defaults, *named]
        if folder in folders
        for program in read_programs(files, f"{SUBMISSIONS_FOLDER}/{folder}")
    ]
    return known + [
        Submission(folder, _ignored(files, f"{SUBMISSIONS_FOLDER}/{folder}", name))
        for folder in sorted(folders - set(defaults) - set(named))
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
