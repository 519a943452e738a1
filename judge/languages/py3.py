from judge.languages.base import Language, resolve

PYTHON = resolve("python3")


class Py3(Language):
    id = "py3"
    name = "Python 3"
    source_name = "main.py"
    # A syntax check, so a syntax error is a CE with Python's message.
    compile_argv = [PYTHON, "-B", "-m", "py_compile", "{source}"]
    # -B: the work dir is for the program, not for bytecode caches.
    run_argv = [PYTHON, "-B", "{source}"]
    version_argv = [PYTHON, "--version"]
    test_program = "print(input())\n"
