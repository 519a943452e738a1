"""problem.yaml's ``constants`` (2025-09): ``{{name}}`` and ``{{name.variant}}`` replaced by
their values in Markdown statements, validators, included files, example submissions and
test_group.yaml; never in test data or problem.yaml itself (the format's "Constants")."""

from __future__ import annotations

import re
from typing import Any

from problempkg.errors import PackageError

_NAME = re.compile(r"[a-zA-Z_][a-zA-Z0-9_]*")
_SEQUENCE = re.compile(rb"\{\{([a-zA-Z_][a-zA-Z0-9_]*)(?:\.([a-zA-Z_][a-zA-Z0-9_]*))?\}\}")
# Where constant sequences are replaced: folders (and the statement's Markdown files).
_FOLDERS = ("input_validators/", "output_validator/", "include/", "submissions/")
_VALUE = "value"


def parse(config: dict[str, Any]) -> dict[str, dict[str, bytes]]:
    """Each constant's variants ("value" and the others) as the text they stand for."""
    constants: dict[str, dict[str, bytes]] = {}
    for name, given in (config.get("constants") or {}).items():
        if not isinstance(name, str) or not _NAME.fullmatch(name):
            raise PackageError("problem.yaml", f"constants: {name!r} is not a name ([a-zA-Z_][a-zA-Z0-9_]*)")
        variants = given if isinstance(given, dict) else {_VALUE: given}
        if _VALUE not in variants:
            raise PackageError("problem.yaml", f"constants.{name}: a map of variants needs a 'value'")
        for variant, value in variants.items():
            if isinstance(value, bool) or not isinstance(value, int | float | str):
                raise PackageError(
                    "problem.yaml", f"constants.{name}.{variant}: an integer, float or string, not {value!r}"
                )
        constants[name] = {str(variant): str(value).encode() for variant, value in variants.items()}
    return constants


def applies_to(path: str) -> bool:
    """Whether constant sequences in the file at ``path`` are replaced."""
    if path.startswith(_FOLDERS):
        return True
    if path.startswith("data/") and path.endswith("/test_group.yaml"):
        return True
    return path.startswith("statement/") and path.endswith(".md")


def substitute(data: bytes, constants: dict[str, dict[str, bytes]]) -> bytes:
    """``data`` with each sequence naming a defined constant (and variant) replaced; others stay."""

    def value(match: re.Match[bytes]) -> bytes:
        variants = constants.get(match.group(1).decode())
        variant = (match.group(2) or b"value").decode()
        if variants is None or variant not in variants:
            return match.group(0)
        return variants[variant]

    return _SEQUENCE.sub(value, data) if constants else data
