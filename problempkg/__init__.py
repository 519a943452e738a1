"""Problem packages in the ICPC / Kattis format: read a folder or zip, write one back."""

from problempkg.errors import PackageError
from problempkg.languages import LANGUAGE_BY_EXTENSION
from problempkg.model import (
    CUSTOM_VALIDATION,
    DEFAULT_VALIDATION,
    EXPECTED_VERDICTS,
    INTERACTIVE_VALIDATION,
    VALIDATIONS,
    Package,
    Program,
    Submission,
    TestCase,
    TestGroup,
)
from problempkg.problem_yaml import DEFAULT_MEMORY_MB, DEFAULT_TIME_LIMIT_S
from problempkg.reader import read_package
from problempkg.writer import write_package

__all__ = [
    "CUSTOM_VALIDATION",
    "DEFAULT_MEMORY_MB",
    "DEFAULT_TIME_LIMIT_S",
    "DEFAULT_VALIDATION",
    "EXPECTED_VERDICTS",
    "INTERACTIVE_VALIDATION",
    "LANGUAGE_BY_EXTENSION",
    "VALIDATIONS",
    "Package",
    "PackageError",
    "Program",
    "Submission",
    "TestCase",
    "TestGroup",
    "read_package",
    "write_package",
]
