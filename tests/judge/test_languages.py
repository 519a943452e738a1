"""Languages: the registry matches the protocol, and the self-test passes in the
real sandbox for the languages a node must offer."""

from __future__ import annotations

import logging
import os
import re
import subprocess

import pytest

import queues
from judge.languages import LANGUAGES, get_language, self_test
from judge.languages.cpp17 import Cpp17
from judge.languages.py3 import Py3
from judge.sandbox.base import SandboxBackend
from tests.judge.helpers import sandbox_backend


@pytest.fixture(scope="module")
def backend() -> SandboxBackend:
    return sandbox_backend()


def test_registry_ids_are_protocol_ids() -> None:
    assert set(LANGUAGES) == {"py3", "cpp17"}
    assert set(LANGUAGES) <= set(queues.LANGUAGES)
    assert all(language_id == cls.id for language_id, cls in LANGUAGES.items())


def test_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown language 'cobol'"):
        get_language("cobol")


def test_python_runs_a_resolved_interpreter_never_a_shim() -> None:
    interpreter = Py3().get_run_argv()[0]
    assert os.path.isabs(interpreter) and os.path.realpath(interpreter) == interpreter
    assert "shims" not in interpreter and "pyenv" not in interpreter
    assert Py3().get_run_argv()[1:] == ["-B", "/box/main.py"]


def test_templates_name_files_in_the_box() -> None:
    argv = Cpp17().get_compile_argv()
    assert argv is not None
    assert argv[-3:] == ["-o", "/box/main", "/box/main.cpp"]
    assert Cpp17().get_run_argv() == ["/box/main"]


def test_self_test_offers_py3_and_cpp17_with_versions(backend: SandboxBackend) -> None:
    offered = self_test(backend)

    host_python = subprocess.run(
        [Py3.run_argv[0], "-c", "import platform; print(platform.python_version())"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert offered["py3"] == host_python
    assert re.fullmatch(r"\d+\.\d+\.\d+", offered["cpp17"])
    assert set(offered) == set(LANGUAGES)


class MissingCompiler(Cpp17):
    id = "missing"
    compile_argv = ["/usr/bin/no-such-compiler", "{source}"]


class WrongEcho(Py3):
    id = "wrong-echo"
    test_program = "print('something else')\n"


def test_a_failing_language_is_not_offered(backend: SandboxBackend, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        offered = self_test(backend, [MissingCompiler(), WrongEcho(), Py3()])
    assert set(offered) == {"py3"}
    assert "missing is not offered" in caplog.text
    assert "wrong-echo is not offered" in caplog.text
