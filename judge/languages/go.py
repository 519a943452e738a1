from judge.languages.base import Language, resolve

GO = resolve("go")


class Go(Language):
    id = "go"
    name = "Go"
    source_name = "main.go"
    compile_argv = [GO, "build", "-o", "{binary}", "{source}"]
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
