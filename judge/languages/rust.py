from judge.languages.base import Language, resolve

RUSTC = resolve("rustc")


class Rust(Language):
    id = "rust"
    source_name = "main.rs"
    compile_argv = [RUSTC, "-O", "--edition", "2021", "-o", "{binary}", "{source}"]
    run_argv = ["{binary}"]
    version_argv = [RUSTC, "--version"]
    test_program = (
        "use std::io::BufRead;\n"
        "fn main() {\n"
        "    let line = std::io::stdin().lock().lines().next().unwrap().unwrap();\n"
        '    println!("{}", line);\n'
        "}\n"
    )
