"""problem.yaml, legacy and 2023-07: its keys in our terms, and back again for export."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from problempkg.errors import PackageError
from problempkg.model import (
    CUSTOM_VALIDATION,
    DEFAULT_VALIDATION,
    INTERACTIVE_VALIDATION,
    VALIDATIONS,
    Package,
)
from problempkg.yamlfile import Schema, YamlFile
from queues.limits import MAX_MEMORY_LIMIT_KB, MAX_TIME_LIMIT_MS, MIN_MEMORY_LIMIT_KB, MIN_TIME_LIMIT_MS

LEGACY = "legacy"
V2023 = "2023-07"
V2025 = "2025-09"

DEFAULT_TIME_LIMIT_S = 1.0
DEFAULT_MEMORY_MB = 2048
# The web API's bounds (a problem imported is one the API could have made).
MIN_TIME_LIMIT_S = MIN_TIME_LIMIT_MS / 1000
MAX_TIME_LIMIT_S = MAX_TIME_LIMIT_MS / 1000
MIN_MEMORY_MB = MIN_MEMORY_LIMIT_KB // 1024
MAX_MEMORY_MB = MAX_MEMORY_LIMIT_KB // 1024

_LIMITS: Schema = {
    "time_limit": "number",  # 2023-07; our own legacy packages use it too
    "time_multiplier": "number",  # legacy
    "time_safety_margin": "number",  # legacy
    "time_multipliers": {"ac_to_time_limit": "number", "time_limit_to_tle": "number"},  # 2023-07
    "time_resolution": "number",
    "memory": "integer",
    "output": "integer",
    "code": "integer",
    "compilation_time": "number",
    "compilation_memory": "integer",
    "validation_time": "number",
    "validation_memory": "integer",
    "validation_output": "integer",
    "validation_passes": "integer",
}
_COMMON: Schema = {
    "problem_format_version": "string",
    "type": ("string", "list"),
    "name": ("string", "mapping"),
    "uuid": "string",
    "source": ("string", "mapping", "list"),
    "license": "string",
    "rights_owner": "string",
    "limits": _LIMITS,
    "validator_flags": "string",  # legacy; kept in 2023-07 for our default checker's flags
    "keywords": ("string", "list"),
    "languages": ("string", "list"),
}
_ONLY: dict[str, Schema] = {
    LEGACY: {
        "author": "string",
        "source_url": "string",
        "validation": "string",
        "grading": {
            "show_test_data_groups": "boolean",
            "on_reject": "string",
            "objective": "string",
            "accept_score": "number",
            "reject_score": "number",
            "range": "string",
        },
    },
    V2023: {
        "version": "string",
        "credits": ("string", "mapping"),
        "embargo_until": "any",  # YAML reads a bare date as a date
        "allow_file_writing": "boolean",
        "constants": "mapping",
    },
}
_TYPES_2023 = ("pass-fail", "scoring", "interactive", "multi-pass", "submit-answer")
_UNSUPPORTED_TYPES = ("multi-pass", "submit-answer")


@dataclass(frozen=True)
class ProblemYaml:
    """What problem.yaml says, in the model's terms (None: not said)."""

    version: str
    name: str | None
    scoring: bool
    interactive: bool
    validation: str | None  # legacy only: 2023-07 infers custom from output_validator(s)/
    validator_flags: str
    author: str
    source: str
    license: str
    memory_mb: int
    time_limit_s: float | None


def format_version(config: dict[str, Any], yf: YamlFile | None = None) -> str:
    value = config.get("problem_format_version", LEGACY)
    if value == LEGACY:
        return LEGACY
    if isinstance(value, str) and value.startswith((V2023, V2025)):  # also "2023-07-draft"
        # 2025-09 is 2023-07 completed: read by the same rules (test_group.yaml too).
        return V2023
    message = f"problem_format_version {value!r} is not supported (legacy, 2023-07 or 2025-09)"
    raise yf.error(("problem_format_version",), message) if yf else PackageError("problem.yaml", message)


def parse(yf: YamlFile) -> ProblemYaml:
    """Check problem.yaml (unknown keys, kinds, values) and read it."""
    config = yf.data
    version = format_version(config, yf)
    other = _ONLY[V2023 if version == LEGACY else LEGACY]
    for key in config:
        if key in other:
            declared = config.get("problem_format_version", LEGACY)
            raise yf.error((key,), f"{key!r} is not a key of problem_format_version {declared}")
    yf.check({**_COMMON, **_ONLY[version]})
    limits = config.get("limits", {})
    time_limit = limits.get("time_limit")
    fault = time_limit_fault(time_limit) if time_limit is not None else None
    if fault:
        raise yf.error(("limits", "time_limit"), f"limits.time_limit {fault}")
    memory = limits.get("memory", DEFAULT_MEMORY_MB)
    if not MIN_MEMORY_MB <= memory <= MAX_MEMORY_MB:
        message = f"limits.memory must be at least {MIN_MEMORY_MB} and at most {MAX_MEMORY_MB} (MiB), not {memory!r}"
        raise yf.error(("limits", "memory"), message)
    scoring, interactive = _type(yf, version)
    return ProblemYaml(
        version=version,
        name=_name(yf),
        scoring=scoring,
        interactive=interactive,
        validation=_validation(yf) if version == LEGACY else None,
        validator_flags=config.get("validator_flags", ""),
        author=_author(yf) if version == V2023 else config.get("author", ""),
        source=_source(yf),
        license=config.get("license", ""),
        memory_mb=memory,
        time_limit_s=float(time_limit) if time_limit is not None else None,
    )


def time_limit_fault(seconds: float) -> str | None:
    """What is wrong with ``seconds`` as a time limit ("must be positive, not -1"), None if nothing."""
    if seconds <= 0:
        return f"must be positive, not {seconds!r}"
    if not MIN_TIME_LIMIT_S <= seconds <= MAX_TIME_LIMIT_S:  # also NaN
        return f"must be at least {MIN_TIME_LIMIT_S} and at most {MAX_TIME_LIMIT_S} seconds, not {seconds!r}"
    return None


def _name(yf: YamlFile) -> str | None:
    name = yf.data.get("name")
    if isinstance(name, dict):
        for lang, value in name.items():
            if not isinstance(value, str):
                raise yf.type_error(("name", str(lang)), value, "a string")
        return name.get("en", next(iter(name.values()), None))
    return name


def _type(yf: YamlFile, version: str) -> tuple[bool, bool]:
    """(scoring, interactive) from ``type``."""
    value = yf.data.get("type", "pass-fail")
    if version == LEGACY:
        if value not in ("pass-fail", "scoring"):
            raise yf.error(("type",), f"type must be pass-fail or scoring, not {value!r}")
        return value == "scoring", False
    words = value.split() if isinstance(value, str) else value
    for index, word in enumerate(words):
        keys = ("type",) if isinstance(value, str) else ("type", str(index))
        if word not in _TYPES_2023:
            raise yf.error(keys, f"type {word!r} is not one of {', '.join(_TYPES_2023)}")
        if word in _UNSUPPORTED_TYPES:
            raise yf.error(keys, f"type {word} is not supported by this judge")
    if "pass-fail" in words and "scoring" in words:
        raise yf.error(("type",), "type cannot be both pass-fail and scoring")
    return "scoring" in words, "interactive" in words


def _validation(yf: YamlFile) -> str:
    """Legacy ``validation``: default, custom, custom interactive (``score`` allowed, kept in config)."""
    value = yf.data.get("validation", DEFAULT_VALIDATION)
    words = value.split()
    flags = set(words[1:])
    if (
        not words
        or words[0] not in (DEFAULT_VALIDATION, CUSTOM_VALIDATION)
        or not flags <= {"interactive", "score"}
    ):
        raise yf.error(("validation",), f"validation must be {', '.join(VALIDATIONS)}, not {value!r}")
    if words[0] == DEFAULT_VALIDATION and flags:
        raise yf.error(("validation",), f"validation {value!r}: the default validator takes no flags")
    if words[0] == DEFAULT_VALIDATION:
        return DEFAULT_VALIDATION
    return INTERACTIVE_VALIDATION if "interactive" in flags else CUSTOM_VALIDATION


def _names(yf: YamlFile, keys: tuple[str, ...], value: Any, item_key: str | None = None) -> str:
    """A string, or a list of them (or of mappings with ``item_key``), as one comma-separated string."""
    items = value if isinstance(value, list) else [value]
    names = []
    for index, item in enumerate(items):
        if item_key and isinstance(item, dict):
            item = item.get(item_key, "")
        if not isinstance(item, str):
            raise yf.type_error((*keys, str(index)) if isinstance(value, list) else keys, item, "a string")
        names.append(item)
    return ", ".join(names)


def _author(yf: YamlFile) -> str:
    credits = yf.data.get("credits", "")
    if isinstance(credits, dict):
        return _names(yf, ("credits", "authors"), credits.get("authors", []))
    return credits


def _source(yf: YamlFile) -> str:
    return _names(yf, ("source",), yf.data.get("source", ""), item_key="name")


def export(package: Package) -> dict[str, Any]:
    """problem.yaml for ``package``: its config with every field the package changed written over.

    A field the config leaves out stays out while the package keeps its
    default, so read → write → read gives back the same config.
    """
    config = copy.deepcopy(package.config)
    version = format_version(config)
    said = parse(YamlFile("problem.yaml", copy.deepcopy(config), {}))
    if said.name != package.name and not (said.name is None and package.name == fallback_name(package)):
        name = config.get("name")
        if isinstance(name, dict) and name:
            name["en" if "en" in name else next(iter(name))] = package.name
        else:
            config["name"] = package.name
    interactive = package.validation == INTERACTIVE_VALIDATION
    if version == V2023 and (said.scoring, said.interactive) != (package.scoring, interactive):
        words = ["scoring" if package.scoring else "pass-fail"] + (["interactive"] if interactive else [])
        config["type"] = words if len(words) > 1 else words[0]
    elif version == LEGACY and said.scoring != package.scoring:
        config["type"] = "scoring" if package.scoring else "pass-fail"
    if version == LEGACY and said.validation != package.validation:
        config["validation"] = package.validation
    if said.validator_flags != package.validator_flags:
        config["validator_flags"] = package.validator_flags
    if said.author != package.author:
        credits = config.get("credits")
        if version == LEGACY:
            config["author"] = package.author
        elif isinstance(credits, dict):
            credits["authors"] = package.author
        else:
            config["credits"] = package.author
    for key in ("source", "license"):
        if getattr(said, key) != getattr(package, key):
            config[key] = getattr(package, key)
    if said.memory_mb != package.memory_mb:
        config.setdefault("limits", {})["memory"] = package.memory_mb
    # Without limits.time_limit here, the writer puts an explicit limit in .timelimit.
    if said.time_limit_s is not None and said.time_limit_s != package.time_limit_s:
        config["limits"]["time_limit"] = package.time_limit_s
    return config


def fallback_name(package: Package) -> str:
    return default_name(package.statements, package.slug)


def default_name(statements: dict[str, str], slug: str) -> str:
    """The title when problem.yaml gives none: the statement's first ``# heading``, else the slug."""
    text = statements.get("en") or next(iter(statements.values()), "")
    for line in text.splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return slug
