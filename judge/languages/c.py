from judge.languages.base import Language, resolve

GCC = resolve("gcc")


class C(Language):
    id = "c"
    source_name = "main.c"
    # As Kattis and DOMjudge: every .c file together, the headers beside them, libm linked.
    compile_argv = [GCC, "-std=gnu17", "-O2", "-pipe", "-o", "{binary}", "{sources}", "-lm"]
    run_argv = ["{binary}"]
    version_argv = [GCC, "--version"]
    test_program = (
        "#include <stdio.h>\n"
        "int main(void) { char line[256]; if (fgets(line, sizeof line, stdin)) fputs(line, stdout); return 0; }\n"
    )
