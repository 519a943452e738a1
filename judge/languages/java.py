import dataclasses
import re

from judge.languages.base import Language, Layout, LayoutError, resolve
from judge.sandbox.base import Limits, Outcome, RunResult

JAVAC, JAVA, JAR, SH = resolve("javac"), resolve("java"), resolve("jar"), resolve("sh")
# javac is a JVM too: one GC thread, C1 only (it runs once), a bounded heap.
JAVAC_VM = ["-J-XX:+UseSerialGC", "-J-XX:TieredStopAtLevel=1", "-J-XX:ActiveProcessorCount=2", "-J-Xmx768m"]
JAR_VM = ["-J-XX:+UseSerialGC", "-J-XX:TieredStopAtLevel=1", "-J-XX:ActiveProcessorCount=2", "-J-Xmx256m"]
# The heap is the problem's limit; running out of it exits 3 (read as MLE).
# Serial GC: one GC thread, the smallest footprint. 2 CPUs: JIT threads stay
# few on big hosts (threads count toward the box's task limit). -Xss: deep
# recursion, as on other judges. No perf data file in /tmp.
JVM = ["-Xmx{heap_mb}m", "-XX:+ExitOnOutOfMemoryError", "-XX:+UseSerialGC", "-XX:ActiveProcessorCount=2"]
# Below this heap the JVM does not start ("Too small maximum heap", exit 1).
MIN_HEAP_MB = 2
# Classes of a named package land in its folder, and runs get only the work
# dir's top-level files: those classes travel as one jar.
CLASSES_DIR, JAR_FILE = "/box/classes", "/box/main.jar"

_COMMENTS = re.compile(r"/\*.*?\*/|//[^\n]*", re.DOTALL)
_PACKAGE = re.compile(r"^\s*package\s+([\w.]+)\s*;", re.MULTILINE)
_PUBLIC_CLASS = re.compile(
    r"\bpublic\s+(?:(?:final|abstract|strictfp)\s+)*(?:class|interface|enum|record)\s+(\w+)"
)
_MAIN_METHOD = re.compile(r"\bstatic\s+(?:final\s+)?void\s+main\s*\(|\bvoid\s+main\s*\(\s*String")
_CLASS = re.compile(r"\b(?:class|interface|enum|record)\s+(\w+)")


def _code(data: bytes) -> str:
    return _COMMENTS.sub(" ", data.decode("utf-8", errors="replace"))


def _class_with_main(code: str) -> str | None:
    """The class declared last before the main method (the one that holds it)."""
    main = _MAIN_METHOD.search(code)
    classes = [m.group(1) for m in _CLASS.finditer(code, 0, main.start())] if main else []
    return classes[-1] if classes else None


class Java(Language):
    id = "java"
    source_name = "Main.java"  # a job's one source is renamed after its public class
    compile_argv = [JAVAC, *JAVAC_VM, "-encoding", "UTF-8", "-d", "/box", "{sources}"]
    run_argv = [JAVA, *JVM, "-Xss64m", "-XX:-UsePerfData", "-cp", f"/box:{JAR_FILE}", "{main_class}"]
    version_argv = [JAVA, "-version"]
    heap_exhausted_exit_code = 3  # -XX:+ExitOnOutOfMemoryError
    # Beyond the heap: metaspace, code cache, GC tables, thread stacks (measured ~17 MiB).
    memory_extra_kb = 64 * 1024
    test_program = (
        "import java.util.Scanner;\n"
        "public class Main {\n"
        "    public static void main(String[] args) {\n"
        "        System.out.println(new Scanner(System.in).nextLine());\n"
        "    }\n"
        "}\n"
    )

    def files_of(self, source: str | bytes | dict[str, bytes]) -> dict[str, bytes]:
        """A web submission's one source is named after its public class (else the
        class with ``main``), as javac wants; a package's files keep their names."""
        if isinstance(source, dict):
            return source
        data = source.encode() if isinstance(source, str) else source
        code = _code(data)
        public = _PUBLIC_CLASS.search(code)
        named = public.group(1) if public else _class_with_main(code)
        return {f"{named}.java" if named else self.source_name: data}

    def main_candidates(self, files: dict[str, bytes]) -> list[str]:
        # main.* first (problemtools), then the files with a main method.
        candidates = super().main_candidates(files)
        with_main = [name for name in candidates if _MAIN_METHOD.search(_code(files[name]))]
        return [name for name in candidates if name.lower().startswith("main.")] + with_main + candidates

    def layout(self, files: dict[str, bytes], entrypoint: str = "") -> Layout:
        layout = super().layout(files, entrypoint)
        code = _code(layout.files[layout.main])
        # The class with main (a file without a public class may hold it in any
        # class), else the file's own (problemtools: the main file's name).
        main_class = _class_with_main(code) or layout.main.rsplit("/", 1)[-1].removesuffix(".java")
        package = _PACKAGE.search(code)
        if package:
            main_class = f"{package.group(1)}.{main_class}"
        if not re.fullmatch(r"[\w.]+", main_class):
            raise LayoutError(f"{layout.main}: no class to run")
        return dataclasses.replace(layout, main_class=main_class)

    def get_compile_argv(self, layout: Layout | None = None) -> list[str] | None:
        argv = super().get_compile_argv(layout)
        if argv is None or layout is None or "." not in layout.main_class:
            return argv
        argv[argv.index("/box")] = CLASSES_DIR
        # sh: javac, then jar (the script's $0) packs what it wrote.
        script = f'"$@" && exec "$0" {" ".join(JAR_VM)} --create --file {JAR_FILE} -C {CLASSES_DIR} .'
        return [SH, "-c", script, JAR, *argv]

    def run_outcome(self, result: RunResult, limits: Limits | None = None) -> RunResult:
        too_small = limits is not None and self.heap_mb(limits) < MIN_HEAP_MB
        if too_small and result.outcome is Outcome.NONZERO_EXIT and result.exit_code == 1:
            # The JVM could not start within the memory limit.
            return dataclasses.replace(result, outcome=Outcome.MEMORY_LIMIT, exit_code=None)
        return super().run_outcome(result, limits)
