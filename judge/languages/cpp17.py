from judge.languages.base import Language, resolve

GXX = resolve("g++")


class Cpp17(Language):
    id = "cpp17"
    source_name = "main.cpp"
    # Every source file together, the headers beside them (problemtools' {files}).
    compile_argv = [GXX, "-std=gnu++17", "-O2", "-pipe", "-o", "{binary}", "{sources}"]
    run_argv = ["{binary}"]
    version_argv = [GXX, "--version"]
    test_program = (
        "#include <iostream>\n#include <string>\n"
        "int main() { std::string line; std::getline(std::cin, line); std::cout << line << '\\n'; }\n"
    )
