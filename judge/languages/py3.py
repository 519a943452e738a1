import re

from judge.languages.base import Language, Layout, LayoutError, resolve

PYTHON = resolve("python3")
# problemtools tells Python 2 from 3 by the shebang.
_PYTHON2_SHEBANG = re.compile(rb"#!.*python2\b")


class Py3(Language):
    id = "py3"
    source_name = "main.py"
    # A syntax check of every module, so a syntax error is a CE with Python's message.
    compile_argv = [PYTHON, "-B", "-m", "py_compile", "{sources}"]
    # -B: the work dir is for the program, not for bytecode caches.
    run_argv = [PYTHON, "-B", "{source}"]
    version_argv = [PYTHON, "--version"]
    test_program = "print(input())\n"

    def main_candidates(self, files: dict[str, bytes]) -> list[str]:
        # main.* first (problemtools), then a module that runs as a script.
        candidates = super().main_candidates(files)
        scripts = [name for name in candidates if b"__name__" in files[name] and b"__main__" in files[name]]
        return [name for name in candidates if name.lower().startswith("main.")] + scripts + candidates

    def layout(self, files: dict[str, bytes], entrypoint: str = "") -> Layout:
        layout = super().layout(files, entrypoint)
        if _PYTHON2_SHEBANG.match(layout.files[layout.main].split(b"\n", 1)[0]):
            # Clearer than the syntax error Python 3 would give a print statement.
            raise LayoutError(
                f"{layout.main}: language not available: Python 2 (its shebang asks for python2)"
            )
        return layout
