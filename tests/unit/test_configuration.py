"""Every environment variable we read is documented, and the judge reads its own through judge/config.py."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from judge.config import VARIABLES, JudgeSettings
from web.config import ENV_VARS

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text()


def _judge_sources() -> dict[Path, str]:
    return {p: p.read_text() for p in (ROOT / "judge").rglob("*.py") if p.name != "config.py"}


def test_every_variable_is_in_the_readme() -> None:
    read = [*VARIABLES, *(name for name in ENV_VARS if name.startswith("PANDA_")), "PANDA_PASSWORD"]
    missing = [name for name in read if f"`{name}`" not in README]
    assert not missing, f"not in the README's configuration tables: {missing}"


def test_the_judge_reads_its_settings_only_through_its_config() -> None:
    for path, text in _judge_sources().items():
        assert "os.environ.get(" not in text and "getenv(" not in text, f"{path} reads the environment itself"
        for name in re.findall(r"PANDA_[A-Z0-9_]+", text):
            assert name in VARIABLES, f"{path} names {name}, which judge/config.py does not document"


def test_defaults_and_values() -> None:
    assert JudgeSettings({}).sandbox == "local" and JudgeSettings({}).sandbox_pool == 2
    assert JudgeSettings({}).docker_box_mb is None
    assert JudgeSettings({"DOCKER_HOST": "tcp://d:1"}).docker_host == "tcp://d:1"
    configured = JudgeSettings({"PANDA_DOCKER_HOST": "unix:///x", "DOCKER_HOST": "tcp://d:1"})
    assert configured.docker_host == "unix:///x"
    assert JudgeSettings({"PANDA_SANDBOX_POOL": "0", "PANDA_DOCKER_CPUS": "1.5"}).sandbox_pool == 0
    assert JudgeSettings({"PANDA_DOCKER_CPUS": "1.5"}).docker_cpus == 1.5
    assert JudgeSettings({"PANDA_JUDGE_PARALLEL": "3"}).judge_parallel == 3


@pytest.mark.parametrize(
    ("name", "value", "read"),
    [
        ("PANDA_SANDBOX_POOL", "many", "sandbox_pool"),
        ("PANDA_SANDBOX_POOL", "-1", "sandbox_pool"),
        ("PANDA_JUDGE_CACHE_MB", "0", "judge_cache_mb"),
        ("PANDA_DOCKER_CPUS", "lots", "docker_cpus"),
        ("PANDA_JUDGE_PARALLEL", "0", "judge_parallel"),
        ("PANDA_SANDBOX_UID", "x", "sandbox_uid"),
    ],
)
def test_a_malformed_value_is_an_error_naming_the_variable(name: str, value: str, read: str) -> None:
    with pytest.raises(ValueError, match=name):
        getattr(JudgeSettings({name: value}), read)
