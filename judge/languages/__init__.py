"""The languages this judge implements, one module per language id.

The registry is built from the module files: ``py3.py`` defines the language
with id ``py3``. Adding a language is adding a file; it is offered only when it
passes the start-up self-test (``judge.selftest``).
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil

from judge.languages.base import Language
from queues.languages import LANGUAGES as TABLE

# Modules of this package that are machinery, not languages.
_NOT_LANGUAGES = {"base"}


def _discover() -> dict[str, type[Language]]:
    found: dict[str, type[Language]] = {}
    for info in pkgutil.iter_modules(__path__):
        if info.name in _NOT_LANGUAGES:
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        classes = [
            obj
            for obj in vars(module).values()
            if inspect.isclass(obj) and issubclass(obj, Language) and obj.__module__ == module.__name__
        ]
        if len(classes) != 1 or classes[0].id != info.name:
            raise ImportError(f"{module.__name__} must define one Language with id {info.name!r}")
        if info.name not in TABLE:
            raise ImportError(
                f"{module.__name__}: {info.name!r} is not in queues/languages.py, the one table"
            )
        found[info.name] = classes[0]
    return found


LANGUAGES: dict[str, type[Language]] = _discover()


def get_language(language_id: str) -> Language:
    try:
        return LANGUAGES[language_id]()
    except KeyError:
        raise ValueError(f"unknown language {language_id!r}; this judge has {sorted(LANGUAGES)}") from None


__all__ = ["LANGUAGES", "Language", "get_language"]
