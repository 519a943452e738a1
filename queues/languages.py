"""The one table of languages: id, display name, file extensions, the problem package
format's language code, the docker runtime image.

Web validates submissions against it, problempkg tells a package file's language
by it, the docker backend picks images by it; each judge node implements the
languages (judge/languages/<id>.py: how to compile and run) and advertises what
passed its self-test. tests/unit checks that the judge's registry matches.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Language:
    id: str
    name: str
    extensions: tuple[str, ...]  # the first is the one we name a file with
    format_code: str  # the problem package format's languages table
    docker_runtime: str  # images/<runtime>/Dockerfile


LANGUAGES: dict[str, Language] = {
    lang.id: lang
    for lang in (
        Language("py3", "Python 3", (".py",), "python3", "python"),
        Language("cpp17", "C++17 (g++)", (".cpp", ".cc", ".cxx", ".c++"), "cpp", "cpp"),
        # gcc is in the C++ image (same path as on the host)
        Language("c", "C17 (gcc)", (".c",), "c", "cpp"),
        Language("java", "Java 17 (OpenJDK)", (".java",), "java", "java"),
        Language("go", "Go", (".go",), "go", "go"),
        Language("rust", "Rust", (".rs",), "rust", "rust"),
        Language("js", "JavaScript (Node.js)", (".js",), "javascript", "node"),
    )
}
