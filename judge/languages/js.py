from judge.languages.base import Language, resolve

NODE = resolve("node")


class Js(Language):
    id = "js"
    source_name = "main.js"
    # A syntax check, so a syntax error is a CE with Node's message.
    compile_argv = [NODE, "--check", "{source}"]
    # V8's heap lives inside the box's memory, so the box's limit is met
    # first (MLE); knowing the limit, V8 collects harder before it.
    run_argv = [NODE, "--max-old-space-size={heap_mb}", "{source}"]
    version_argv = [NODE, "--version"]
    test_program = "const line = require('fs').readFileSync(0, 'utf8').split('\\n')[0];\nconsole.log(line);\n"
