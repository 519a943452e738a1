"""Language ids the protocol knows.

Web validates submissions against this table; each judge node implements a
subset (judge/languages/) and advertises what passed its self-test.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Language:
    id: str
    name: str


LANGUAGES: dict[str, Language] = {
    lang.id: lang
    for lang in (
        Language("py3", "Python 3"),
        Language("cpp17", "C++17 (g++)"),
        Language("c", "C17 (gcc)"),
        Language("java", "Java 17 (OpenJDK)"),
        Language("go", "Go"),
        Language("rust", "Rust"),
        Language("js", "JavaScript (Node.js)"),
    )
}
