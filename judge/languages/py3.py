from judge.languages.base import Language, resolve

PYTHON = resolve("python3")


class Py3(Language):
    id = "py3"
    name = "Python 3"
    source_name = "main.py"
    extensions = (".py",)
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
