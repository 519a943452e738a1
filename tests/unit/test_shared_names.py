"""queues.names is what web validates against; the judge's registries must implement exactly it."""

from __future__ import annotations

from pathlib import Path

from judge.checkers import CHECKERS, CUSTOM
from judge.graders.scoring import Scoring
from judge.languages import LANGUAGES as IMPLEMENTED
from queues import names
from queues.languages import LANGUAGES as TABLE


def test_the_judges_checkers_are_the_contracts() -> None:
    assert sorted(CHECKERS) == sorted(names.BUILTIN_CHECKERS)
    assert CUSTOM == names.CUSTOM_CHECKER and set(names.CHECKERS) == {*CHECKERS, CUSTOM}


def test_the_judges_scorings_are_the_contracts() -> None:
    assert sorted(s.value for s in Scoring) == sorted(names.SCORINGS)


def test_the_judge_implements_every_language_of_the_table_and_no_other() -> None:
    assert sorted(IMPLEMENTED) == sorted(TABLE)
    for language_id, language in IMPLEMENTED.items():
        assert (language.name, language.extensions) == (
            TABLE[language_id].name,
            TABLE[language_id].extensions,
        )
        assert any(language.source_name.endswith(ext) for ext in language.extensions), language_id
    images = Path(__file__).resolve().parents[2] / "images"
    for entry in TABLE.values():
        assert (images / entry.docker_runtime / "Dockerfile").is_file(), entry
