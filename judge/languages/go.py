import re

from judge.languages.base import Language, Layout, LayoutError, resolve

GO = resolve("go")

_COMMENTS = re.compile(r"/\*.*?\*/|//[^\n]*", re.DOTALL)
_PACKAGE = re.compile(r"^\s*package\s+(\w+)", re.MULTILINE)


class Go(Language):
    id = "go"
    source_name = "main.go"
    compile_argv = [GO, "build", "-o", "{binary}", "{sources}"]
    # GOMEMLIMIT: the garbage collector works harder as the heap nears the
    # problem's limit instead of doubling past it (env(1) sets it per run).
    run_argv = ["/usr/bin/env", "GOMEMLIMIT={heap_mb}MiB", "{binary}"]
    version_argv = [GO, "version"]
    # The build cache lives in the run's /tmp (nothing is kept between runs).
    # No cgo: a static binary. GOMAXPROCS: Go starts a thread per P and
    # threads count toward the box's task limit, whatever the host's cores.
    env = {
        **Language.env,
        "GOCACHE": "/tmp/go-cache",
        "GOPATH": "/tmp/go",
        "CGO_ENABLED": "0",
        "GOMAXPROCS": "2",
    }
    test_program = (
        'package main\n\nimport (\n\t"bufio"\n\t"fmt"\n\t"os"\n)\n\n'
        "func main() {\n\tline, _ := bufio.NewReader(os.Stdin).ReadString('\\n')\n\tfmt.Print(line)\n}\n"
    )

    def layout(self, files: dict[str, bytes], entrypoint: str = "") -> Layout:
        """Only package main builds a program: ``go build -o`` of another
        package writes an archive that cannot run, so that is a CE."""
        layout = super().layout(files, entrypoint)
        for name in sorted(n for n in layout.files if self.is_source(n)):
            code = _COMMENTS.sub(" ", layout.files[name].decode("utf-8", errors="replace"))
            package = _PACKAGE.search(code)
            if package and package.group(1) != "main":
                raise LayoutError(
                    f"{name}: package {package.group(1)} is not a program: "
                    "a Go submission must be package main with a func main"
                )
        return layout
