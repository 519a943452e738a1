"""Which of our judge's languages (judge/languages ids) a package file is written in."""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from queues.languages import LANGUAGES

LANGUAGE_BY_EXTENSION = {ext: lang.id for lang in LANGUAGES.values() for ext in lang.extensions}

# The languages table tells .C (C++) from .c (C) by case, as problemtools' globs do (and
# the judge's languages: judge/languages/base.py's CASE_SENSITIVE_ENDINGS).
UPPER_C = ".C"


# The format's language codes (its languages table) of the languages this judge has.
LANGUAGE_BY_CODE = {lang.format_code: lang.id for lang in LANGUAGES.values()}


def language_of(filename: str) -> str | None:
    """The language id for a file name, or None when no language handles it (in a folder
    program such a file, testlib.h, data, package.json, is one of its files)."""
    suffix = PurePosixPath(filename).suffix
    return "cpp17" if suffix == UPPER_C else LANGUAGE_BY_EXTENSION.get(suffix.lower())


# Languages of the format's languages table (and problemtools' languages.yaml) that this
# judge lacks: a file in one is reported as "language not available: <name>", not refused.
OTHER_LANGUAGES = {
    ".kt": "Kotlin",
    ".c": "C",
    ".php": "PHP",
    ".ctd": "Checktestdata",
    ".viva": "VIVA",
    ".cs": "C#",
    ".scala": "Scala",
    ".hs": "Haskell",
    ".rb": "Ruby",
    ".ml": "OCaml",
    ".lisp": "Common Lisp",
    ".cl": "Common Lisp",
    ".pl": "Prolog",
    ".py2": "Python 2",
    ".f90": "Fortran",
    ".pas": "Pascal",
    ".m": "Objective-C",
    ".swift": "Swift",
    ".lua": "Lua",
    ".ts": "TypeScript",
    ".fs": "F#",
    ".jl": "Julia",
    ".sh": "Bash",
    ".cbl": "COBOL",
    ".ada": "Ada",
    ".d": "D",
    ".bas": "Visual Basic",
    ".sml": "Standard ML",
    ".st": "Smalltalk",
    ".adb": "Ada",
}
PYTHON2 = "Python 2"
# problemtools' languages.yaml tells Python 2 from 3 by the shebang (python2 / python3).
_PYTHON2_SHEBANG = re.compile(rb"#!.*python2\b")


def unavailable_language(filename: str, content: bytes = b"") -> str | None:
    """The name of the language a file is written in when this judge lacks it, else None."""
    suffix = PurePosixPath(filename).suffix.lower()
    if suffix == ".py" and _PYTHON2_SHEBANG.match(content.split(b"\n", 1)[0]):
        return PYTHON2
    if suffix in LANGUAGE_BY_EXTENSION:
        return None
    return OTHER_LANGUAGES.get(suffix)
