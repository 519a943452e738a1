"""Which of our judge's languages (judge/languages ids) a package file is written in."""

from __future__ import annotations

from pathlib import PurePosixPath

LANGUAGE_BY_EXTENSION = {
    ".py": "py3",
    ".cpp": "cpp17",
    ".cc": "cpp17",
    ".cxx": "cpp17",
    ".java": "java",
    ".go": "go",
    ".rs": "rust",
    ".js": "js",
}

# Files a multi-file program may carry besides its sources (testlib.h, notes).
SUPPORT_EXTENSIONS = frozenset({".h", ".hpp", ".hh", ".txt", ".md"})


def language_of(filename: str) -> str | None:
    """The language id for a file name, or None when no language handles it."""
    return LANGUAGE_BY_EXTENSION.get(PurePosixPath(filename).suffix.lower())
